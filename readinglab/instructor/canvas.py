"""Canvas's submissions download in, and feedback pages back through Canvas's "Re-upload submissions".

Canvas names each file of an assignment's "Download submissions" zip
``<name>_[LATE_]<user id>_<attachment id>_<file name>``: the student's sortable name, lower-cased and
cut to word characters, with any ``_<digits>_`` in it removed "because we use /_\\d+_/ to infer the
user/attachment ids when teachers upload graded submissions" (instructure/canvas-lms,
lib/content_zipper.rb, ``get_filename``, ``add_upload_submission`` and ``sanitize_user_name``).

Its "Re-upload submissions" takes a zip of files named that way and attaches each one as a comment to
the submission its name gives (instructure/canvas-lms, app/models/abstract_assignment.rb,
``infer_comment_context_from_filename``, read at commit 028f76bb2b8c2a7769c717674304c54283fb5de2;
app/models/assignment.rb before that): it splits the file's base name at ``_`` (dropping ``LATE``),
takes the first two all-digit parts as (user id, attachment id), and ignores the file unless that
attachment is one the student submitted to the assignment. So a feedback page goes back in bulk only
to a student who submitted a file through Canvas, named with the prefix of that file; anyone else's
pages are uploaded by hand in SpeedGrader.

``course collect ASSIGNMENT --zip canvas-download.zip`` therefore files each notebook under the
roster's student id (Canvas's user id is the ``ID`` column of the gradebook export that
``course roster import`` read, kept in ``lms/roster.json``) and records each student's Canvas file
prefix in ``downloaded/ASSIGNMENT/canvas-files.json``; ``course feedback ASSIGNMENT --zip --to canvas``
names each page with it.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from .course import Course, CourseError
from .lms import _sidecar, feedback_pages

CANVAS_FILES = "canvas-files.json"
_DIGITS = re.compile(r"[0-9]+")  # Ruby's /^\d+$/: ASCII digits only


@dataclass(frozen=True)
class CanvasName:
    """A file name from Canvas's submissions download, split as Canvas splits it."""

    prefix: str  # "smithjohn_LATE_12345_67890": everything up to the attachment id
    user_id: str
    attachment_id: str
    file: str  # the whole base name, as downloaded


def canvas_ids(name: str) -> tuple[str, str] | None:
    """Canvas's own rule: the first two all-digit ``_``-separated parts of the base name, or None."""
    digits = [part for part in os.path.basename(name).split("_") if _DIGITS.fullmatch(part)]
    return (digits[0], digits[1]) if len(digits) >= 2 else None


def parse_canvas_name(name: str) -> CanvasName | None:
    """The parts of a name shaped like Canvas's download (``<name>_[LATE_]<digits>_<digits>_<file>``), or None.

    The two ids must be the first two all-digit parts (Canvas's rule) and next to each other, with a
    name before them and a file name after.
    """
    base = os.path.basename(name)
    parts = base.split("_")
    numbered = [i for i, part in enumerate(parts) if _DIGITS.fullmatch(part)]
    if len(numbered) < 2:
        return None
    first, second = numbered[:2]
    if second != first + 1 or first == 0 or second == len(parts) - 1:
        return None
    if parts[first - 1] == "LATE" and first == 1:
        return None  # no name before LATE
    return CanvasName("_".join(parts[: second + 1]), parts[first], parts[second], base)


def canvas_students(course: Course) -> dict[str, str]:
    """Canvas user id -> the gradebook's student id, from what ``course roster import`` kept (lms/roster.json)."""
    sidecar = _sidecar(course)
    extra = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    students: dict[str, str] = {}
    clashes = []
    for student, more in sorted(extra.items()):
        canvas_id = (more or {}).get("canvas_id", "")
        if not canvas_id:
            continue
        if canvas_id in students:
            clashes.append(f"{canvas_id} ({students[canvas_id]} and {student})")
        students[canvas_id] = student
    if clashes:
        raise CourseError(
            f"{sidecar} gives one Canvas user id to two students: {', '.join(clashes)}. Import the current "
            "Canvas gradebook export again (`course roster import FILE --from canvas --apply`)."
        )
    return students


def plan_canvas_import(course: Course, zip_file: Path, pattern: str) -> dict[str, CanvasName] | None:
    """For a Canvas download: roster student id -> its Canvas file; None for any other zip.

    Looks only at the notebooks ``pattern`` (zip_collect's) would collect. A zip that mixes Canvas's
    names with others, or names a Canvas user the roster does not know, is refused whole: nothing is
    imported, and the message names the files.
    """
    with zipfile.ZipFile(zip_file) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/") and re.match(pattern, "/" + n)]
    shaped = {name: parse_canvas_name(name) for name in names}
    canvas = {name: parsed for name, parsed in shaped.items() if parsed}
    if not canvas:
        return None
    others = sorted(name for name, parsed in shaped.items() if not parsed)
    if others:
        raise CourseError(
            f"{zip_file} mixes Canvas's download names (NAME_USERID_FILEID_NOTEBOOK.ipynb, e.g. "
            f"{next(iter(canvas))}) with other names: {', '.join(others)}. Nothing was imported. Import the "
            "Canvas download as Canvas wrote it, and the other files in a zip of their own."
        )
    students = canvas_students(course)
    unknown = sorted(name for name, parsed in canvas.items() if parsed.user_id not in students)
    if unknown:
        listed = ", ".join(f"{name} (Canvas user {canvas[name].user_id})" for name in unknown)
        raise CourseError(
            f"{zip_file} is a Canvas download, but the roster has no Canvas user id for: {listed}. "
            "Nothing was imported. Export the Canvas gradebook (Grades > Export) and import it first "
            "(`course roster import FILE --from canvas --apply`), then collect again."
        )
    found: dict[str, CanvasName] = {}
    for parsed in canvas.values():
        student = students[parsed.user_id]
        if student in found and found[student].attachment_id != parsed.attachment_id:
            raise CourseError(
                f"{zip_file} has two files for {student} (Canvas user {parsed.user_id}): {found[student].file} "
                f"and {parsed.file}. Nothing was imported. Download the submissions from Canvas again."
            )
        found[student] = parsed
    return found


def canvas_collector(students: dict[str, str]):
    """nbgrader's FileNameCollectorPlugin, filing each Canvas file under the roster's student id."""
    from nbgrader.plugins import FileNameCollectorPlugin

    class CanvasFileNameCollector(FileNameCollectorPlugin):
        def collect(self, submitted_file: str):
            info = super().collect(submitted_file)
            parsed = parse_canvas_name(submitted_file) if info else None
            if parsed is not None:
                info["student_id"] = students[parsed.user_id]
            return info

    return CanvasFileNameCollector


def canvas_files_path(course: Course, assignment: str) -> Path:
    return course.output_dir("downloaded", assignment) / CANVAS_FILES


def record_canvas_files(course: Course, assignment: str, found: dict[str, CanvasName]) -> Path:
    """Add (or replace) these students' Canvas files in ``downloaded/ASSIGNMENT/canvas-files.json``."""
    path = canvas_files_path(course, assignment)
    recorded = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    recorded.update({student: asdict(parsed) for student, parsed in found.items()})
    path.write_text(json.dumps(recorded, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return path


def canvas_files(course: Course, assignment: str) -> dict[str, dict]:
    """Student id -> their Canvas file (prefix, user id, attachment id), as collected; none stops with a message."""
    from .grading.assignment import Assignment

    Assignment.resolve(course, assignment)
    path = course.root / "downloaded" / assignment / CANVAS_FILES
    if not path.is_file():
        raise CourseError(
            f"No Canvas download of {assignment} was collected, so Canvas could not tell whose page is whose: "
            "its Re-upload submissions matches a page to the file the student submitted. Download the "
            f"submissions from Canvas and run `course collect {assignment} --zip canvas-download.zip` first. "
            "If the students did not submit through Canvas, upload their pages one by one in SpeedGrader."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def canvas_feedback_zip(course: Course, assignment: str, output: str | Path | None = None) -> tuple[Path, list[str]]:
    """A zip of feedback pages for Canvas's "Re-upload submissions": ``<Canvas file prefix>_<page>.html``.

    Students with pages but no recorded Canvas file (they did not submit through Canvas) are left
    out, and returned.
    """
    recorded = canvas_files(course, assignment)
    path_in = canvas_files_path(course, assignment)
    pages_of = feedback_pages(course, assignment)
    path = Path(output) if output else course.output_dir("lms") / f"{assignment}-canvas-feedback.zip"
    left_out = sorted(student for student in pages_of if student not in recorded)
    if len(left_out) == len(pages_of):
        raise CourseError(
            f"None of the students with feedback on {assignment} ({', '.join(left_out)}) has a Canvas file in "
            f"{path_in}. Upload their pages in SpeedGrader."
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for student, pages in pages_of.items():
            if student in recorded:
                for page in pages:
                    archive.write(page, f"{recorded[student]['prefix']}_{page.name}")
    return path, left_out
