"""Autograde a class in worker processes, with progress, and account for every student.

Design (see the README, "For instructors"): each worker process grades one
student at a time with nbgrader's own ``NbGraderAPI.autograde``, in a scratch
copy of the course that holds only that student's submission, the
assignment's source folder and a snapshot of the gradebook. SQLite allows one
writer at a time, so workers never write the real gradebook: the parent copies
each student's results into it, one student at a time, through nbgrader's
Gradebook API (:mod:`.merge`), retrying while the database is locked, and puts
the autograded notebook where nbgrader would (``autograded/<student>/<assignment>/``).

A submission that cannot be graded (time-out, kernel death, broken or missing
notebook, even a worker process that dies) is recorded with its reason and the
run goes on. "Lost" is kept for what must never happen: a student whose
results could not be stored. Only that, or the tool itself breaking, makes the
command fail.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, TextIO

from .course import Course, CourseError, ensure_tools_on_path
from .gradebook import snapshot
from .merge import MergeError, SubmissionRows, merge_submission

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

    def with_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes.values() if o.status == status]

    @property
    def ok(self) -> bool:
        """True when every student is graded, or failed or missing with a recorded reason."""
        return not self.with_status(LOST)

    def to_json(self) -> dict:
        return {"assignment": self.assignment, "max_points": self.max_points, "seconds": self.seconds,
                "jobs": self.jobs, "outcomes": {s: asdict(o) for s, o in self.outcomes.items()}}


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
    if "No notebooks found" in text or not (submitted / expected).exists():
        found = sorted(p.name for p in submitted.glob("*")) if submitted.exists() else []
        return f"missing notebook: expected {expected}, found {found or 'nothing'}"
    lines = [line for line in error.strip().splitlines() if line.strip()]
    return f"autograde failed: {lines[-1] if lines else '(nbgrader gave no error message)'}"


def _snapshot_gradebook(course: Course, destination: Path) -> None:
    """A consistent SQLite copy of the real gradebook (a SQLite file or a database server) for the workers."""
    snapshot(course.gradebook_url(), destination, course.course_id)


def grade_in_scratch(course: Course, assignment: str, student: str, template_db: Path, scratch: Path) -> dict:
    """Autograde one student in ``scratch``, a private course copy; return what happened as plain values."""
    started = time.monotonic()
    result = {"student": student, "success": False, "log": "", "error": "", "rows": None, "autograded": None}
    try:
        if scratch.exists():
            shutil.rmtree(scratch)
        shutil.copytree(course.root / "source" / assignment, scratch / "source" / assignment)
        shutil.copytree(course.root / "submitted" / student / assignment, scratch / "submitted" / student / assignment)
        shutil.copyfile(template_db, scratch / "gradebook.db")
        api = course.api(course.config(root=scratch))
        answer = api.autograde(assignment, student, force=True, create=True)
        result.update(success=bool(answer["success"]), log=answer.get("log") or "", error=answer.get("error") or "")
        with course.gradebook(root=scratch) as gb:
            rows = SubmissionRows.read(gb, assignment, student)
        result["rows"] = asdict(rows) if rows else None
        autograded = scratch / "autograded" / student / assignment
        if autograded.is_dir() and any(autograded.glob("*.ipynb")):
            result["autograded"] = str(autograded)
    except Exception:  # noqa: BLE001 - whatever breaks, the parent records it as this student's reason
        result["error"] += "\n" + traceback.format_exc()
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def _worker_main(course: Course, assignment: str, template_db: str, scratch_root: str, tasks, results,
                 finish_together) -> None:
    """A worker: grade each student the parent sends, until it sends None."""
    ensure_tools_on_path()
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")  # SQLAlchemy 2.1 chatter (toolchain notes)
    while True:
        student = tasks.get()
        if student is None:
            return
        scratch = Path(scratch_root) / student
        scratch.mkdir(parents=True, exist_ok=True)
        # The kernel and nbgrader print to the worker's stdout/stderr; keep that in the student's log.
        log_path = scratch.parent / f"{student}.log"
        with open(log_path, "w", encoding="utf-8") as log_file:
            os.dup2(log_file.fileno(), 1)
            os.dup2(log_file.fileno(), 2)
            result = grade_in_scratch(course, assignment, student, Path(template_db), scratch)
            log_file.write(result["log"] + "\n" + result["error"])
        if finish_together is not None:
            finish_together.wait(timeout=300)  # tests: every worker hands over at the same moment
        results.put(result)


# ====================================================================== the class, in the parent


def submitted_students(course: Course, assignment: str) -> list[str]:
    folder = course.root / "submitted"
    return sorted(p.parent.name for p in folder.glob(f"*/{assignment}") if p.is_dir())


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


class _Workers:
    """N worker processes, each given one student at a time, replaced if one dies."""

    def __init__(self, count: int, args: tuple, finish_together=None):
        self.context = multiprocessing.get_context("spawn")
        self.args, self.finish_together = args, finish_together
        self.results = self.context.Queue()
        self.workers: list[dict] = [self._start() for _ in range(count)]

    def _start(self) -> dict:
        tasks = self.context.Queue()
        process = self.context.Process(target=_worker_main, args=(*self.args, tasks, self.results,
                                                                   self.finish_together), daemon=True)
        process.start()
        return {"process": process, "tasks": tasks, "student": None, "since": 0.0}

    def idle(self) -> list[dict]:
        return [w for w in self.workers if w["student"] is None]

    def assign(self, worker: dict, student: str) -> None:
        worker["student"], worker["since"] = student, time.monotonic()
        worker["tasks"].put(student)

    def busy(self) -> bool:
        return any(w["student"] is not None for w in self.workers)

    def next_result(self, wait: float) -> dict | None:
        try:
            result = self.results.get(timeout=wait)
        except queue.Empty:
            return None
        for worker in self.workers:
            if worker["student"] == result["student"]:
                worker["student"] = None
        return result

    def dead(self) -> list[tuple[str, int | None, float]]:
        """Students whose worker died; each dead worker is replaced."""
        lost = []
        for index, worker in enumerate(self.workers):
            if worker["student"] is not None and not worker["process"].is_alive():
                lost.append((worker["student"], worker["process"].exitcode, time.monotonic() - worker["since"]))
                self.workers[index] = self._start()
        return lost

    def stop(self) -> None:
        for worker in self.workers:
            if worker["process"].is_alive():
                worker["tasks"].put(None)
        for worker in self.workers:
            worker["process"].join(30)
            if worker["process"].is_alive():
                worker["process"].terminate()


def grade_class(course: Course, assignment: str, *, jobs: int = 1, students: Iterable[str] | None = None,
                out: TextIO | None = None, progress: bool = True, finish_together=None) -> GradingRun:
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
    course.require_generated(assignment)
    if jobs < 1:
        raise CourseError("--jobs must be 1 or more.")
    submitted = submitted_students(course, assignment)
    if students is not None:
        wanted = list(dict.fromkeys(students))
        to_grade = [s for s in wanted if s in submitted]
        missing = [s for s in wanted if s not in submitted]
    else:
        to_grade = submitted
        missing = [s for s in roster(course) if s not in submitted]
    if not to_grade and not missing:
        raise CourseError(
            f"No submissions of {assignment} in {course.root / 'submitted'}. Run `course collect {assignment}` first."
        )
    cells = autograded_cells(course, assignment)
    outcomes: dict[str, Outcome] = {s: Outcome(s, MISSING, reason="no submission") for s in missing}
    started = time.monotonic()
    scratch_root = Path(tempfile.mkdtemp(prefix=f"course-grade-{assignment}-"))
    logs_dir = course.output_dir("reports", assignment, "grading-logs")
    template_db = scratch_root / "gradebook-snapshot.db"
    _snapshot_gradebook(course, template_db)
    jobs = max(1, min(jobs, len(to_grade)))
    bar = tqdm(total=len(to_grade), desc=f"Grading {assignment}", unit="student", file=sys.stderr,
               disable=not progress or not to_grade, dynamic_ncols=True)
    workers = _Workers(jobs, (course, assignment, str(template_db), str(scratch_root)), finish_together) \
        if to_grade else None

    def record(outcome: Outcome) -> None:
        outcomes[outcome.student] = outcome
        bar.update(1)
        bar.write(_log_line(outcome, sum(cells.values())), file=out)

    try:
        pending = list(to_grade)
        while workers is not None and (pending or workers.busy()):
            for worker in workers.idle():
                if pending:
                    workers.assign(worker, pending.pop(0))
            result = workers.next_result(wait=0.5)
            if result is not None:
                record(_store(course, assignment, result, cells, scratch_root, logs_dir))
            for student, exitcode, seconds in workers.dead():
                record(_store(course, assignment, {
                    "student": student, "success": False, "rows": None, "autograded": None, "log": "",
                    "seconds": round(seconds, 1),
                    "error": f"the grading worker process stopped (exit code {exitcode}) while grading this student",
                }, cells, scratch_root, logs_dir))
    finally:
        bar.close()
        if workers is not None:
            workers.stop()
    for student in to_grade:  # belt and braces: nobody leaves without an outcome
        outcomes.setdefault(student, Outcome(student, LOST, reason="no result came back from the workers"))
    if not any(o.status == LOST for o in outcomes.values()):
        shutil.rmtree(scratch_root, ignore_errors=True)
    run = GradingRun(assignment, dict(sorted(outcomes.items())), sum(cells.values()),
                     round(time.monotonic() - started, 1), jobs)
    (course.output_dir("reports", assignment) / "grading.json").write_text(
        json.dumps(run.to_json(), indent=1), encoding="utf-8")
    return run


def _store(course: Course, assignment: str, result: dict, cells: dict[str, float], scratch_root: Path,
           logs_dir: Path) -> Outcome:
    """Put one student's results into the real course; return the student's outcome."""
    student = result["student"]
    rows = SubmissionRows(**result["rows"]) if result["rows"] else None
    graded = result["success"] and result["autograded"] is not None and rows is not None
    outcome = Outcome(student, GRADED if graded else FAILED, seconds=result.get("seconds", 0.0))
    destination = course.root / "autograded" / student / assignment
    try:
        if destination.exists():  # as nbgrader does: a failed regrade leaves no stale notebook behind
            shutil.rmtree(destination)
        if graded:
            shutil.copytree(result["autograded"], destination)
        outcome.merge_attempts = merge_submission(course, assignment, student, rows, with_grades=graded)
    except (MergeError, OSError) as error:
        outcome.status = LOST
        outcome.reason = f"{error}. Its results are kept in {scratch_root / student}; grade this student again."
        return outcome
    if graded:
        notebook = next(iter(rows.notebooks.values()))
        outcome.scores = {cell: notebook["grades"].get(cell, {}).get("auto_score") for cell in cells}
        outcome.total = sum(score or 0.0 for score in outcome.scores.values())
    else:
        submitted = course.root / "submitted" / student / assignment
        outcome.reason = why_not_graded(result["log"], result["error"], submitted, assignment)
        log = scratch_root / f"{student}.log"
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
