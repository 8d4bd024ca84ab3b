"""Autograde a class in worker processes, with progress, and account for every student.

Modules, one concept each: :mod:`.assignment` (an assignment resolved once,
with nbgrader's paths), :mod:`.workers` (scratch courses, the worker loop and
pool), :mod:`.sandbox` (bubblewrap kernels), :mod:`.checks` (verdicts from a
kernel where no student code ran, plugged into nbgrader's autograde) and
:mod:`.plain` (the plain-data form answers cross in); this module runs a class.

Design (see the README, "For instructors"): each worker process grades one
student at a time with nbgrader's own ``NbGraderAPI.autograde``, in its own
scratch copy of the course (:class:`ScratchCourse`): the assignment's source
folder and a copy of a snapshot of the gradebook, built once per worker, into
which each student's submission is copied and out of which it is moved once
graded. SQLite allows one writer at a time, so workers never write the real
gradebook: the parent copies each student's results into it, one student at a
time, through nbgrader's Gradebook API (:mod:`.merge`), retrying while the
database is locked, and puts the autograded notebook where nbgrader would
(``autograded/<student>/<assignment>/``). A worker that hands over a student
gets its next one before the parent writes the results, so no worker waits
for the gradebook.

A submission that cannot be graded (time-out, kernel death, broken or missing
notebook, even a worker process that dies) is recorded with its reason and the
run goes on. "Lost" is kept for what must never happen: a student whose
results could not be stored. Only that, or the tool itself breaking, makes the
command fail.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from ..course import Course, CourseError, ensure_tools_on_path
from ..merge import MergeError, SubmissionRows, merge_submission
from .assignment import Assignment
from .checks import tamper_proof_points
from .workers import (  # noqa: F401
    Pool,
    ScratchCourse,
    WorkerResult,
    _kept,
    _log_path,
    _snapshot_gradebook,
    missing_notebook,
)

GRADED, FAILED, MISSING, LOST = "graded", "failed", "missing", "lost"


@dataclass
class Outcome:
    """What happened to one student: graded, failed (with the reason), missing (no submission) or lost."""

    student: str
    status: str
    scores: dict[str, float | None] = field(default_factory=dict)  # autograded cell -> auto score
    total: float | None = None  # autograded points
    reason: str = ""
    seconds: float = 0.0
    log: str = ""  # where the failed student's grading log was kept
    merge_attempts: int = 0  # writes to the real gradebook it took (more than 1: it was locked for a while)


@dataclass
class GradingRun:
    assignment: str
    outcomes: dict[str, Outcome]
    max_points: float
    seconds: float
    jobs: int
    sandboxed: bool = True  # False: --unsafe-no-sandbox, student code ran as the grader
    tamper_proof_points: float = 0.0  # autograded points judged in a kernel where no student code ran

    def with_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes.values() if o.status == status]

    @property
    def ok(self) -> bool:
        """True when every student is graded, or failed or missing with a recorded reason."""
        return not self.with_status(LOST)

    def to_json(self) -> dict:
        return {
            "assignment": self.assignment,
            "max_points": self.max_points,
            "seconds": self.seconds,
            "jobs": self.jobs,
            "sandboxed": self.sandboxed,
            "tamper_proof_points": self.tamper_proof_points,
            "outcomes": {s: asdict(o) for s, o in self.outcomes.items()},
        }


# ====================================================================== one student, in a worker


def why_not_graded(log: str, error: str, submitted: Path, assignment: str) -> str:
    """A short reason, in words, from nbgrader's log and error of a failed autograde."""
    text = f"{log}\n{error}"
    if "CellTimeoutError" in text or "Timeout waiting for" in text or "TimeoutError" in text:
        return "time-out: a cell ran past the time limit and did not stop when interrupted"
    if "DeadKernelError" in text or "Kernel died" in text:
        return "kernel death: the kernel stopped while running the notebook (os._exit or a crash)"
    if "NotJSONError" in text or "JSONDecodeError" in text or "NotebookValidationError" in text:
        return "invalid notebook: the submitted file is not valid notebook JSON"
    expected = f"{assignment}.ipynb"
    if "SandboxUnavailable" in text:
        lines = [line for line in text.splitlines() if "SandboxUnavailable" in line]
        return "sandbox unavailable: " + lines[-1].split("SandboxUnavailable:", 1)[-1].strip()
    missing = missing_notebook(submitted, expected)
    if missing:
        return missing
    if "No notebooks found" in text:  # and yet the notebook is there
        return (
            f"the gradebook knows no notebook of {assignment}: run `course release {assignment}` "
            "(nbgrader generate_assignment) again, then grade"
        )
    lines = [line for line in error.strip().splitlines() if line.strip()]
    return f"autograde failed: {lines[-1] if lines else '(nbgrader gave no error message)'}"


# ====================================================================== the class, in the parent


def submitted_students(course: Course, assignment: str) -> list[str]:
    return Assignment.resolve(course, assignment).submitted_students()


def roster(course: Course) -> list[str]:
    """Every student the gradebook knows."""
    with course.gradebook() as gb:
        return sorted(s.id for s in gb.students)


def autograded_cells(course: Course, assignment: str) -> dict[str, float]:
    """Max points of each autograded cell (code grade cells), by grade id, in notebook order."""
    with course.gradebook() as gb:
        cells = {}
        for notebook in gb.find_assignment(assignment).notebooks:
            for cell in notebook.grade_cells:
                if cell.cell_type == "code":
                    cells[cell.name] = float(cell.max_score)
        return cells


def grade_class(
    course: Course,
    assignment: str,
    *,
    jobs: int = 1,
    students: Iterable[str] | None = None,
    out: TextIO | None = None,
    progress: bool = True,
    finish_together=None,
) -> GradingRun:
    """Autograde every submission of ``assignment`` (or only ``students``) in ``jobs`` worker processes.

    Prints a progress bar (with an ETA) and one line per student, and returns
    a :class:`GradingRun` that accounts for every student: graded, failed
    (with the reason), missing (in the gradebook or asked for, but no
    submission) or lost. ``finish_together`` (a multiprocessing Barrier) makes
    the workers hand over their results at the same moment; tests use it.
    """
    from tqdm import tqdm

    out = out or sys.stdout
    ensure_tools_on_path()
    source = Assignment.resolve(course, assignment).source_notebook  # an unknown one is named before any worker starts
    if jobs < 1:
        raise CourseError("--jobs must be 1 or more.")
    sandboxed = sandbox_setting(course)
    if sandboxed:
        from .sandbox import require_sandbox

        require_sandbox()  # stops here, saying how to fix it, before any student code could run unsandboxed
    else:
        print(
            "WARNING: grading WITHOUT the sandbox (--unsafe-no-sandbox): student code runs as "
            f"{_account()} and can read or change the course folder, other students' work and the gradebook. "
            "The run is recorded as unsandboxed in grading.json and the report.",
            file=sys.stderr,
        )
    submitted = submitted_students(course, assignment)
    wanted = list(dict.fromkeys(students)) if students is not None else None
    to_grade = submitted if wanted is None else [s for s in wanted if s in submitted]
    started = time.monotonic()
    scratch_root = Path(tempfile.mkdtemp(prefix=f"course-grade-{assignment}-"))
    template_db = scratch_root / "gradebook-snapshot.db"
    jobs = max(1, min(jobs, len(to_grade)))
    # The workers start first: each spends a second or two importing nbgrader while the parent reads the
    # gradebook and takes its snapshot below. They open the snapshot only when their first student arrives.
    workers = (
        Pool(jobs, (course, assignment, str(template_db), str(scratch_root)), finish_together) if to_grade else None
    )
    try:
        course.require_generated(assignment)
        if wanted is not None:
            missing = [s for s in wanted if s not in submitted]
        else:
            missing = [s for s in roster(course) if s not in submitted]
        if not to_grade and not missing:
            raise CourseError(
                f"No submissions of {assignment} in {course.root / 'submitted'}. "
                f"Run `course collect {assignment}` first."
            )
        cells = autograded_cells(course, assignment)
        logs_dir = course.output_dir("reports", assignment, "grading-logs")
        _snapshot_gradebook(course, template_db)
    except BaseException:
        if workers is not None:
            workers.stop(now=True)
        shutil.rmtree(scratch_root, ignore_errors=True)
        raise
    outcomes: dict[str, Outcome] = {s: Outcome(s, MISSING, reason="no submission") for s in missing}
    bar = tqdm(
        total=len(to_grade),
        desc=f"Grading {assignment}",
        unit="student",
        file=sys.stderr,
        disable=not progress or not to_grade,
        dynamic_ncols=True,
    )

    def record(outcome: Outcome) -> None:
        outcomes[outcome.student] = outcome
        bar.update(1)
        bar.write(_log_line(outcome, sum(cells.values())), file=out)

    try:
        pending = list(to_grade)

        def hand_out() -> None:
            for worker in workers.idle():
                if pending:
                    workers.assign(worker, pending.pop(0))
            if not pending:
                workers.retire_idle()

        while workers is not None and (pending or workers.busy()):
            hand_out()
            result = workers.next_result(wait=0.5)
            if result is not None:
                # The worker that finished gets its next student first, so that it does not wait
                # while the parent writes this student's results to the gradebook.
                hand_out()
                record(_store(course, assignment, result, cells, scratch_root, logs_dir))
            for student, exitcode, seconds in workers.dead(replace=bool(pending)):
                record(
                    _store(
                        course,
                        assignment,
                        WorkerResult(
                            student,
                            seconds=round(seconds, 1),
                            failure=f"autograde failed: the grading worker process stopped (exit code {exitcode}) while "
                            "grading this student",
                        ),
                        cells,
                        scratch_root,
                        logs_dir,
                    )
                )
    finally:
        bar.close()
        if workers is not None:
            workers.stop()
    for student in to_grade:  # belt and braces: nobody leaves without an outcome
        outcomes.setdefault(student, Outcome(student, LOST, reason="no result came back from the workers"))
    if not any(o.status == LOST for o in outcomes.values()):
        shutil.rmtree(scratch_root, ignore_errors=True)
    import nbformat

    run = GradingRun(
        assignment,
        dict(sorted(outcomes.items())),
        sum(cells.values()),
        round(time.monotonic() - started, 1),
        jobs,
        sandboxed,
        tamper_proof_points(nbformat.read(source, as_version=4))[0],
    )
    (course.output_dir("reports", assignment) / "grading.json").write_text(
        json.dumps(run.to_json(), indent=1), encoding="utf-8"
    )
    return run


def sandbox_setting(course: Course) -> bool:
    """Whether this course's grading runs sandboxed (False only when told ``--unsafe-no-sandbox``)."""
    return course.config().SandboxedExecute.get("sandbox", True) is not False


def _account() -> str:
    import getpass

    try:
        return f"the grader's account ({getpass.getuser()})"
    except Exception:  # noqa: BLE001 - no name for this uid: say so plainly
        return "the grader's account"


def _store(
    course: Course, assignment: str, result: WorkerResult, cells: dict[str, float], scratch_root: Path, logs_dir: Path
) -> Outcome:
    """Put one student's results into the real course; return the student's outcome."""
    student = result.student
    rows = SubmissionRows(**result.rows) if result.rows else None
    graded = result.success and result.autograded is not None and rows is not None
    outcome = Outcome(student, GRADED if graded else FAILED, seconds=result.seconds)
    destination = course.root / "autograded" / student / assignment
    try:
        if destination.exists():  # as nbgrader does: a failed regrade leaves no stale notebook behind
            shutil.rmtree(destination)
        if graded:
            shutil.copytree(result.autograded, destination)
        outcome.merge_attempts = merge_submission(course, assignment, student, rows, with_grades=graded)
    except (MergeError, OSError) as error:
        outcome.status = LOST
        outcome.reason = f"{error}. Its results are kept in {_kept(scratch_root, student)}; grade this student again."
        return outcome
    if graded:
        notebook = next(iter(rows.notebooks.values()))
        outcome.scores = {cell: notebook["grades"].get(cell, {}).get("auto_score") for cell in cells}
        outcome.total = sum(score or 0.0 for score in outcome.scores.values())
    else:
        # The reason from the exception's type where there was one (workers.reason_for), else from nbgrader's log.
        submitted = Assignment(course, assignment).submitted(student)
        outcome.reason = result.failure or why_not_graded(result.log, result.error, submitted, assignment)
        log = _log_path(scratch_root, student)
        if log.exists():
            kept = logs_dir / f"{student}.log"
            shutil.copyfile(log, kept)
            outcome.log = str(kept)
    return outcome


def _log_line(outcome: Outcome, max_points: float) -> str:
    if outcome.status == GRADED:
        return f"  ✔ {outcome.student:<24} graded  {outcome.total:g}/{max_points:g} points  ({outcome.seconds:.1f} s)"
    return f"  ✘ {outcome.student:<24} {outcome.status}  {outcome.reason}  ({outcome.seconds:.1f} s)"


def summary(run: GradingRun) -> str:
    """The end-of-run table: graded, failed and missing (and lost, if any), each with names."""
    lines = [f"Summary for {run.assignment} ({run.seconds:.0f} s, {run.jobs} worker(s)):"]
    if run.sandboxed:
        lines.append(
            "  sandbox   on: every kernel ran in bubblewrap, without the course folder, network or others' work"
        )
    else:
        lines.append(
            "  sandbox   OFF (--unsafe-no-sandbox): student code ran as the grader; do not trust these grades "
            "against a dishonest student"
        )
    lines.append(
        f"  checks    {run.tamper_proof_points:g} of {run.max_points:g} autograded point(s) judged in a kernel "
        "where no student code ran"
        + (
            ""
            if run.tamper_proof_points == run.max_points
            else "; the rest call the student's own functions, so they can be forged"
        )
    )
    for status in (GRADED, FAILED, MISSING, LOST):
        group = run.with_status(status)
        if status == LOST and not group:
            continue
        names = ", ".join(o.student for o in group) if group else "none"
        lines.append(f"  {status:<8}{len(group):>4}  {names}")
        if status in (FAILED, LOST):
            lines += [f"            {o.student}: {o.reason}" for o in group]
    failed_logs = [o.log for o in run.with_status(FAILED) if o.log]
    if failed_logs:
        lines.append(f"  Logs of the failed students are in {Path(failed_logs[0]).parent}/.")
    return "\n".join(lines)
