"""The grading workers: each grades one student at a time in its own scratch copy of the course.

Each worker process keeps one :class:`ScratchCourse` (the assignment's source
folder and a SQLite snapshot of the gradebook) and one nbgrader API on it, and
grades each student the parent hands it with nbgrader's own ``autograde`` (the
course config's sandboxed pipeline, :mod:`.checks`). It returns a
:class:`WorkerResult`: plain, picklable values, and the reason a student could
not be graded, told from the exception that stopped nbgrader where there is one
(:func:`reason_for`). :class:`Pool` starts the workers, hands out students, and
replaces a worker that dies while students remain.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import shutil
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from ..course import Course, ensure_tools_on_path
from ..gradebook import snapshot
from ..merge import SubmissionRows
from . import checks
from .assignment import Assignment
from .checks import use_sandboxed_execute


@dataclass
class WorkerResult:
    """What a worker sends back for one student (plain values: it crosses a process boundary)."""

    student: str
    success: bool = False
    log: str = ""
    error: str = ""
    rows: dict | None = None  # SubmissionRows as a dict, read back from the scratch gradebook
    autograded: str | None = None  # folder holding the autograded notebook, outside the scratch course
    failure: str = ""  # the reason in words, when an exception type says it (see reason_for)
    seconds: float = 0.0


def reason_for(error: BaseException) -> str:
    """A short reason, in words, for the exception that stopped a student's grading."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat import ValidationError
    from nbformat.reader import NotJSONError
    from nbgrader.preprocessors.execute import UnresponsiveKernelError

    from .sandbox import SandboxUnavailable

    if isinstance(error, (CellTimeoutError, UnresponsiveKernelError, TimeoutError)):
        return "time-out: a cell ran past the time limit and did not stop when interrupted"
    if isinstance(error, DeadKernelError):
        return "kernel death: the kernel stopped while running the notebook (os._exit or a crash)"
    if isinstance(error, SandboxUnavailable):
        return f"sandbox unavailable: {error}"
    if isinstance(error, (NotJSONError, ValidationError, json.JSONDecodeError)):
        return "invalid notebook: the submitted file is not valid notebook JSON"
    lines = [line for line in str(error).strip().splitlines() if line.strip()]
    return f"autograde failed: {type(error).__name__}: {lines[-1] if lines else '(no message)'}"


def missing_notebook(submitted: Path, notebook: str) -> str:
    """ "missing notebook: expected <notebook>, found [...]" when ``submitted`` has no ``notebook``, else ""."""
    if (submitted / notebook).is_file():
        return ""
    found = sorted(p.name for p in submitted.glob("*")) if submitted.exists() else []
    return f"missing notebook: expected {notebook}, found {found or 'nothing'}"


def precheck(assignment: Assignment, student: str) -> str:
    """The reason a submission cannot be graded before any kernel starts, or ""."""
    import nbformat

    submitted = assignment.submitted(student)
    missing = missing_notebook(submitted, assignment.notebook)
    if missing:
        return missing
    try:
        nbformat.read(submitted / assignment.notebook, as_version=4)
    except Exception as error:  # noqa: BLE001 - whatever nbformat raises, its type says which reason
        return reason_for(error)
    return ""


def _snapshot_gradebook(course: Course, destination: Path) -> None:
    """A consistent SQLite copy of the real gradebook (a SQLite file or a database server) for the workers."""
    snapshot(course.gradebook_url(), destination, course.course_id)


class ScratchCourse:
    """A worker's private course copy, built once and used for every student that worker grades.

    It holds the assignment's source folder and its own SQLite gradebook (a
    copy of the parent's snapshot), and keeps one ``NbGraderAPI`` on it. Each
    student's submission is copied in, autograded with nbgrader's own
    ``autograde``, and moved out again with the autograded notebook, so the
    next student starts from the same clean folder. Each student's rows are
    read back by student, so the rows of earlier students in this gradebook
    change nothing (as in one sequential ``nbgrader autograde`` of a class).
    """

    def __init__(self, course: Course, assignment: str, root: Path, template_db: Path):
        self.course, self.assignment, self.root = course, assignment, root
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(course.root / "source" / assignment, root / "source" / assignment)
        shutil.copyfile(template_db, root / "gradebook.db")
        config = course.config(root=root)
        use_sandboxed_execute(config)
        # Every grading kernel is stopped at once when its notebook has run (SandboxedExecute does it, sandbox
        # and all): nbclient's Execute.shutdown_kernel does not apply to the kernels it is handed.
        self.api = course.api(config)
        self.damaged = False

    def _clear(self, student: str) -> None:
        for folder in ("submitted", "autograded"):
            shutil.rmtree(self.root / folder / student, ignore_errors=True)

    def grade(self, student: str, keep: Path) -> WorkerResult:
        """Autograde ``student``; the autograded notebook goes to ``keep``; return what happened."""
        assignment = Assignment(self.course, self.assignment)
        result = WorkerResult(student, failure=precheck(assignment, student))
        self._clear(student)
        try:
            shutil.copytree(assignment.submitted(student), self.root / "submitted" / student / self.assignment)
            checks.FAILURES.clear()
            answer = self.api.autograde(self.assignment, student, force=True, create=True)
            result.success = bool(answer["success"])
            result.log, result.error = answer.get("log") or "", answer.get("error") or ""
            if not result.success and not result.failure and checks.FAILURES:
                result.failure = reason_for(checks.FAILURES[-1])
            with self.course.gradebook(root=self.root) as gb:
                rows = SubmissionRows.read(gb, self.assignment, student)
            result.rows = asdict(rows) if rows else None
            autograded = self.root / "autograded" / student / self.assignment
            if autograded.is_dir() and any(autograded.glob("*.ipynb")):
                # Moved out of the scratch course: the parent copies it from there while this worker goes on.
                shutil.move(autograded, keep / "autograded")
                result.autograded = str(keep / "autograded")
        except Exception:  # noqa: BLE001 - whatever breaks, the parent records it as this student's reason
            result.error += "\n" + traceback.format_exc()
            self.damaged = True  # the worker builds a fresh scratch course for its next student
        finally:
            self._clear(student)
        return result


def grade_student(
    scratch: ScratchCourse | None,
    course: Course,
    assignment: str,
    student: str,
    template_db: Path,
    scratch_root: Path,
    worker_id: int,
) -> tuple[WorkerResult, ScratchCourse | None]:
    """Grade one student in the worker's scratch course (built on first use); return the result and that course."""
    started = time.monotonic()
    keep = _kept(scratch_root, student)
    keep.mkdir(parents=True, exist_ok=True)
    try:
        if scratch is None or scratch.damaged:
            scratch = ScratchCourse(course, assignment, scratch_root / "workers" / str(worker_id), template_db)
        result = scratch.grade(student, keep)
    except Exception:  # noqa: BLE001 - the scratch course could not be built: this student's reason
        result = WorkerResult(student, error=traceback.format_exc())
        scratch = None
    result.seconds = round(time.monotonic() - started, 1)
    # A plain record next to the autograded notebook: if the parent cannot store it, nothing is lost.
    (keep / "result.json").write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    return result, scratch


def _worker_main(
    course: Course,
    assignment: str,
    template_db: str,
    scratch_root: str,
    worker_id: int,
    tasks,
    results,
    finish_together,
) -> None:
    """A worker: grade each student the parent sends, until it sends None.

    One scratch course and one nbgrader API serve every student this worker
    grades: building them is not repeated per student.
    """
    ensure_tools_on_path()
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")  # SQLAlchemy 2.1 chatter (toolchain notes)
    import nbgrader.apps  # noqa: F401 - about a second of imports, done while the parent is still preparing

    scratch = None
    while True:
        student = tasks.get()
        if student is None:
            # Its last result handed over, a worker has nothing left to finalise: flush the result queue and
            # exit without the interpreter's tear-down of pandas, nbgrader, SQLAlchemy... (about 0.6 s), as
            # multiprocessing's own forked children do (os._exit).
            results.close()
            results.join_thread()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        # The kernel and nbgrader print to the worker's stdout/stderr; keep that in the student's log.
        log_path = _log_path(Path(scratch_root), student)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "w", encoding="utf-8") as log_file:
            os.dup2(log_file.fileno(), 1)
            os.dup2(log_file.fileno(), 2)
            result, scratch = grade_student(
                scratch, course, assignment, student, Path(template_db), Path(scratch_root), worker_id
            )
            log_file.write(result.log + "\n" + result.error)
        if finish_together is not None:
            finish_together.wait(timeout=300)  # tests: every worker hands over at the same moment
        results.put(result)


def _kept(scratch_root: Path, student: str) -> Path:
    """Where a student's autograded notebook and results wait for the parent (and stay, if it cannot store them)."""
    return scratch_root / "students" / student


def _log_path(scratch_root: Path, student: str) -> Path:
    return scratch_root / "students" / f"{student}.log"


class Pool:
    """N worker processes, each given one student at a time, replaced if one dies while students remain."""

    def __init__(self, count: int, args: tuple, finish_together=None):
        self.context = multiprocessing.get_context("spawn")
        self.args, self.finish_together = args, finish_together
        self.results = self.context.Queue()
        self.started = 0  # each worker, replacements included, gets its own number and scratch course
        self.workers: list[dict] = [self._start() for _ in range(count)]
        self.retired: list[dict] = []  # told to stop: nothing was left for them to grade

    def _start(self) -> dict:
        tasks = self.context.Queue()
        self.started += 1
        process = self.context.Process(
            target=_worker_main, args=(*self.args, self.started, tasks, self.results, self.finish_together), daemon=True
        )
        process.start()
        return {"process": process, "tasks": tasks, "student": None, "since": 0.0}

    def idle(self) -> list[dict]:
        return [w for w in self.workers if w["student"] is None]

    def assign(self, worker: dict, student: str) -> None:
        worker["student"], worker["since"] = student, time.monotonic()
        worker["tasks"].put(student)

    def retire_idle(self) -> None:
        """Let idle workers go once no student is left, so that they exit while the others finish."""
        for worker in self.idle():
            worker["tasks"].put(None)
            self.workers.remove(worker)
            self.retired.append(worker)

    def busy(self) -> bool:
        return any(w["student"] is not None for w in self.workers)

    def next_result(self, wait: float) -> WorkerResult | None:
        try:
            result = self.results.get(timeout=wait)
        except queue.Empty:
            return None
        for worker in self.workers:
            if worker["student"] == result.student:
                worker["student"] = None
        return result

    def dead(self, replace: bool) -> list[tuple[str, int | None, float]]:
        """Students whose worker died; a dead worker is replaced if ``replace`` (students are still waiting)."""
        lost = []
        for worker in list(self.workers):
            if not worker["process"].is_alive():
                if worker["student"] is not None:
                    lost.append((worker["student"], worker["process"].exitcode, time.monotonic() - worker["since"]))
                index = self.workers.index(worker)
                if replace:
                    self.workers[index] = self._start()
                else:
                    del self.workers[index]
        return lost

    def stop(self, now: bool = False) -> None:
        """Tell every worker to stop and wait for it (``now``: stop them at once, the run is abandoned)."""
        everyone = self.workers + self.retired
        for worker in self.workers:
            if worker["process"].is_alive() and not now:
                worker["tasks"].put(None)
        for worker in everyone:
            if now:
                worker["process"].terminate()
            worker["process"].join(30)
            if worker["process"].is_alive():
                worker["process"].terminate()
                worker["process"].join(5)
