"""Handing assignments out and getting submissions in: nbgrader's exchange, or a zip for an LMS.

``release`` runs nbgrader's generate_assignment and release_assignment and
also zips the student version (``handout/<assignment>.zip``) for courses that
hand out through an LMS. ``collect`` runs nbgrader's collect on the exchange, or
nbgrader's zip_collect on a zip downloaded from the LMS (a Canvas download is filed
under the roster's ids: canvas.py), then names the students in the gradebook who
have not submitted.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from .course import Course, CourseError


def _last_line(result: dict) -> str:
    lines = [line for line in (result.get("error") or result.get("log") or "").splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def zip_release(course: Course, assignment: str) -> Path:
    """``handout/<assignment>.zip``: the released folder, as students should unpack it."""
    release = course.root / "release" / assignment
    target = course.output_dir("handout") / f"{assignment}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(release.rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                archive.write(path, Path(assignment) / path.relative_to(release))
    return target


def release(course: Course, assignment: str) -> str:
    """Generate the student version, release it to the exchange and zip it; return what was done."""
    course.source_notebook(assignment)
    api = course.api()
    generated = api.generate_assignment(assignment, force=True)
    if not generated["success"]:
        raise CourseError(f"nbgrader could not generate {assignment}: {_last_line(generated)}")
    lines = [f"Generated the student version: {course.root / 'release' / assignment}/"]
    exchange = course.exchange_root
    try:
        exchange.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CourseError(
            f"Cannot create the exchange folder {exchange} ({error.strerror}). "
            "Set TWO_READINGS_EXCHANGE to a folder you can write to."
        ) from None
    released = api.release_assignment(assignment)
    if released["success"]:
        lines.append(f"Released it to the exchange: {exchange}/{course.course_id}/outbound/{assignment}/")
    else:
        message = _last_line(released)
        if "already exists" in message:
            api.unrelease(assignment)
            released = api.release_assignment(assignment)
        if not released["success"]:
            raise CourseError(f"nbgrader could not release {assignment} to {exchange}: {_last_line(released)}")
        lines.append(
            f"Released it again (replacing the earlier release): {exchange}/{course.course_id}/outbound/{assignment}/"
        )
    lines.append(f"Zip for the LMS: {zip_release(course, assignment)}")
    return "\n".join(lines)


def default_zip_pattern(course: Course, assignment: str) -> str:
    """File names ``STUDENT_NOTEBOOK.ipynb`` or ``STUDENT/NOTEBOOK.ipynb`` (any folders above), for zip_collect."""
    notebooks = "|".join(re.escape(p.stem) for p in sorted((course.root / "release" / assignment).glob("*.ipynb")))
    return rf".*/(?P<student_id>[^/]+?)[_/](?P<file_id>{notebooks})\.ipynb$"


def import_zip(course: Course, assignment: str, zip_file: Path) -> str | None:
    """Import an LMS download with nbgrader's zip_collect (into ``submitted/``).

    A Canvas download (files ``NAME_[LATE_]USERID_FILEID_NOTEBOOK.ipynb``) is filed under the roster's
    student ids, and each student's Canvas file is recorded for ``course feedback --zip --to canvas``
    (see canvas.py); the return value then says where. A Canvas download that mixes in other names
    or names a Canvas user the roster does not know is refused whole, before anything is written.
    """
    from nbgrader.apps import ZipCollectApp
    from nbgrader.coursedir import CourseDirectory

    from .canvas import canvas_collector, canvas_students, plan_canvas_import, record_canvas_files

    if not zip_file.is_file():
        raise CourseError(f"No zip file at {zip_file}.")
    if not (course.root / "release" / assignment).is_dir():
        raise CourseError(f"{assignment} has not been released yet. Run `course release {assignment}` first.")
    pattern = default_zip_pattern(course, assignment)
    try:
        canvas = plan_canvas_import(course, zip_file, pattern)
    except zipfile.BadZipFile:
        raise CourseError(f"{zip_file} is not a zip file. Download the submissions from the LMS again.") from None
    archive = course.root / "downloaded" / assignment / "archive"
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    shutil.copy(zip_file, archive / zip_file.name)
    course.output_dir("downloaded")  # keeps the LMS downloads out of git
    config = course.config()
    config.FileNameCollectorPlugin.named_regexp = pattern
    config.ZipCollectApp.log_level = "WARN"  # its INFO lines name every file; the summary below is enough
    if canvas is not None:
        config.ZipCollectApp.collector_plugin = canvas_collector(canvas_students(course))
    app = ZipCollectApp(config=config)
    app.coursedir = CourseDirectory(parent=app)
    app.coursedir.assignment_id = assignment
    app.force = True
    app.start()
    if canvas is None:
        return None
    recorded = record_canvas_files(course, assignment, canvas)
    return (
        f"A Canvas download: {len(canvas)} file(s) filed under the roster's ids "
        f"({', '.join(f'{canvas[s].user_id} -> {s}' for s in sorted(canvas))}); "
        f"their Canvas file names are kept in {recorded} for `course feedback {assignment} --zip --to canvas`."
    )


def collect(course: Course, assignment: str, zip_file: Path | None = None) -> str:
    """Collect submissions (exchange or LMS zip); return a message naming who has not submitted."""
    from .grading.assignment import Assignment

    resolved = Assignment.resolve(course, assignment)
    canvas = None
    if zip_file is not None:
        canvas = import_zip(course, assignment, Path(zip_file))
        how = f"Imported {zip_file} with nbgrader's zip_collect"
    else:
        api = course.api()
        result = api.collect(assignment, update=True)
        if not result["success"]:
            raise CourseError(
                f"nbgrader could not collect {assignment} from {course.exchange_root}: {_last_line(result)}"
            )
        how = f"Collected from the exchange ({course.exchange_root})"
    submitted = resolved.submitted_students()
    lines = [f"{how}: {len(submitted)} submission(s) of {assignment} in {course.root / 'submitted'}/."]
    if canvas:
        lines.append(canvas)
    roster: list[str] = []
    if course.has_gradebook():
        with course.gradebook() as gb:
            roster = sorted(s.id for s in gb.students)
    missing = [s for s in roster if s not in submitted]
    if not roster:
        lines.append(
            "The gradebook has no student list, so nobody can be reported missing "
            "(import the LMS roster with `course roster import FILE --apply`, or add students with "
            "`nbgrader db student add`)."
        )
    elif missing:
        lines.append(f"No submission from {len(missing)} student(s) in the gradebook: {', '.join(missing)}")
    else:
        lines.append("Every student in the gradebook has submitted.")
    return "\n".join(lines)
