"""A class of hostile students on ps1-same-page, graded two ways, and what each attacker reached.

The class (one course copy, ps1-same-page released once):

- ``blank``: the blank release; what every attacker must earn, cell by cell;
- ``solution``: the right answers;
- ``victim``: the right answers, with a CANARY (a random token) in a written answer and in a comment;
- one student per attack (``attack-<name>``), whose first answer cell holds the payload and nothing else.

Every student is on the gradebook's roster first, as on a real course, so an attack that writes the
gradebook finds rows to change.

It is graded with ``course grade`` (:func:`course_grade`, two workers) and with plain nbgrader's
autograde on the course's config (:func:`nbgrader_autograde`), each on the same course copy, one after
the other; a :class:`Run` keeps what each left behind: per-student results, autograded notebooks,
feedback pages (nbgrader's ``generate_feedback`` with the course's config: what the formgrader's button
gives students), the gradebook, what the loopback listener heard, processes left alive.
:func:`reached` says, per detector, what an attacker reached in a run.

``support.plain_nbgrader()`` is the config override that gives nbgrader's own autograde preprocessors
back: plain nbgrader's pipeline, without the sandbox or the separate check kernel.
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from readinglab.instructor.course import Course

from ..support.course_copy import open_copy, release
from ..support.notebooks import assignment_notebooks, check_points, fill_answers, solution_code
from ..support.students import build_class
from . import attacks as hostile
from .attacks import Attack

ASSIGNMENT = "ps1-same-page"
TIMEOUT = 10  # seconds per cell: the looping and hoarding attacks end soon
BIG_FOLDER = 32 << 20  # an autograded folder bigger than this holds what an attack wrote


# `course grade --unsafe-no-sandbox`: student kernels run as the grader, checks still in a kernel of their own.
UNSAFE_NO_SANDBOX = {"SandboxedExecute": {"sandbox": False}}


def host_pid_namespace() -> int:
    return os.stat("/proc/self/ns/pid").st_ino


# ====================================================================== the loopback listener


class Listener:
    """A TCP listener on 127.0.0.1: it records everything it hears, with the grading run it heard it in."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.5)
        self.port = self.socket.getsockname()[1]
        self.phase = "before grading"
        self.heard: list[tuple[str, bytes]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                connection.settimeout(2)
                data = b""
                try:
                    while chunk := connection.recv(4096):
                        data += chunk
                except OSError:
                    pass
                self.heard.append((self.phase, data or b"(connected, sent nothing)"))

    def heard_in(self, phase: str) -> list[bytes]:
        return [data for when, data in self.heard if when == phase]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.socket.close()


# ====================================================================== the class


@dataclass
class Classroom:
    root: Path
    listener: Listener
    canary: str
    host_pid_ns: int
    students: dict[str, str] = field(default_factory=dict)  # student -> "blank", "solution", "victim" or attack
    tokens: dict[str, str] = field(default_factory=dict)  # attack name -> its token

    @property
    def attackers(self) -> dict[str, Attack]:
        return {s: hostile.BY_NAME[k] for s, k in self.students.items() if k in hostile.BY_NAME}

    def _notebooks(self):
        return assignment_notebooks(self.root, ASSIGNMENT)

    def _submit(self, student: str, notebook) -> None:
        folder = self.root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
        _enrol(self.root, student)

    def first_answer(self) -> str:
        source, _ = self._notebooks()
        return next(iter(solution_code(source)))

    def add_attackers(self, attacks) -> None:
        """One student per attack: the blank release, with the payload in the first answer cell."""
        _, release = self._notebooks()
        for attack in attacks:
            student = hostile.student_id(attack)
            token = self.tokens.setdefault(attack.name, f"HOSTILE-{attack.name}-{secrets.token_hex(6)}")
            code = (
                hostile.header(
                    course_root=str(self.root),
                    assignment=ASSIGNMENT,
                    student=student,
                    token=token,
                    port=self.listener.port,
                    host_pid_ns=self.host_pid_ns,
                )
                + attack.code
            )
            self._submit(student, fill_answers(release, {self.first_answer(): code}))
            self.students[student] = attack.name

    def save_gradebook(self) -> None:
        """Keep a copy of the gradebook as it is now (the roster, no grades an attack wrote)."""
        shutil.copyfile(self.root / "gradebook.db", self.root.parent / "gradebook-before-grading.db")

    def restore_gradebook(self) -> None:
        """Back to the saved copy: what one grading run wrote does not count against the next."""
        shutil.copyfile(self.root.parent / "gradebook-before-grading.db", self.root / "gradebook.db")

    def remove(self, student: str) -> None:
        for folder in ("submitted", "autograded", "feedback"):
            shutil.rmtree(self.root / folder / student, ignore_errors=True)
        self.students.pop(student, None)

    def add_probe(self) -> str:
        """A student who only looks around: where it runs, what it sees (see :func:`probe_findings`)."""
        _, release = self._notebooks()
        code = (
            hostile.header(
                course_root=str(self.root),
                assignment=ASSIGNMENT,
                student="probe",
                token="PROBE",
                port=self.listener.port,
                host_pid_ns=self.host_pid_ns,
            )
            + _PROBE
        )
        self._submit("probe", fill_answers(release, {self.first_answer(): code}))
        self.students["probe"] = "probe"  # so its autograded notebook is collected like everyone's
        return "probe"


_PROBE = """
import json as _json
try:
    _ns = _os.stat("/proc/self/ns/pid").st_ino
except OSError:
    _ns = None
print("PROBE " + _json.dumps({"pid_ns": _ns, "sees_course": _os.path.exists(COURSE_ROOT)}))
"""


def _enrol(course_root: Path, student: str) -> None:
    with Course.open(course_root).gradebook() as gb:
        gb.update_or_create_student(student, first_name="First", last_name=student, email=f"{student}@example.org")


def build_classroom(destination: Path, attacks) -> Classroom:
    """Copy the course, release ps1-same-page, and submit the blank, the solution, the victim and the attackers."""
    _quiet()
    course = open_copy(destination)
    release(course, ASSIGNMENT)
    root = course.root
    classroom = Classroom(root, Listener(), canary=f"CANARY-{secrets.token_hex(8)}", host_pid_ns=host_pid_namespace())
    classroom.students.update(build_class(root, ASSIGNMENT, ["blank", "solution"]))
    for student in list(classroom.students):
        _enrol(root, student)
    source, released = classroom._notebooks()
    solutions = solution_code(source)
    first = next(iter(solutions))
    victim = fill_answers(released, {**solutions, first: f"# {classroom.canary}\n{solutions[first]}"})
    written = [c for c in victim.cells if c.cell_type == "markdown" and "Write your answer here" in c.source]
    written[0].source = f"My own words, which nobody else may read: {classroom.canary}."
    classroom._submit("victim", victim)
    classroom.students["victim"] = "victim"
    classroom.add_attackers(attacks)
    return classroom


def _quiet() -> None:
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")  # SQLAlchemy 2.1 chatter (toolchain notes)


# ====================================================================== grading runs


@dataclass
class Result:
    graded: bool
    scores: dict[str, float | None]
    reason: str = ""


@dataclass
class Run:
    """What one grading of the class left behind."""

    name: str
    results: dict[str, Result]
    autograded: dict[str, str]  # student -> autograded notebook text ("" if none)
    feedback: dict[str, str]  # student -> feedback HTML ("" if none was written)
    grades: dict[str, dict[str, tuple]]  # student -> cell -> (auto, manual, extra credit), from the gradebook
    gradebook_dump: str
    heard: list[bytes]
    survivors: dict[str, list[int]]  # student -> pids of processes still alive with its token
    folder_bytes: dict[str, int]  # student -> size of autograded/<student>/
    seconds: float
    log: str = ""


def course_grade(
    classroom: Classroom, overrides: dict | None = None, *, settle: float = 0.0, students: list[str] | None = None
) -> Run:
    """``course grade`` with two workers (``grade_class``), the course's config plus ``overrides``."""
    from readinglab.instructor.grading import GRADED, grade_class

    course = Course.open(classroom.root, Execute={"timeout": TIMEOUT}, **(overrides or {}))
    classroom.listener.phase = name = "course grade"
    started = time.monotonic()
    out = io.StringIO()
    run = grade_class(course, ASSIGNMENT, jobs=2, progress=False, out=out, students=students)
    results = {s: Result(o.status == GRADED, dict(o.scores), o.reason) for s, o in run.outcomes.items()}
    return _collect(classroom, name, results, course.config(), started, settle, out.getvalue())


def nbgrader_autograde(
    classroom: Classroom, overrides: dict | None = None, *, settle: float = 0.0, students: list[str] | None = None
) -> Run:
    """nbgrader's own autograde, one student after another, on the course's config plus ``overrides``."""
    from readinglab.instructor.grading import why_not_graded

    settings = {"Execute": {"timeout": TIMEOUT}, "Exchange": {"root": str(classroom.root / "exchange")}}
    course = Course.open(classroom.root, **{**settings, **(overrides or {})})
    config = course.config()
    api = course.api(config)
    classroom.listener.phase = name = "nbgrader autograde"
    started = time.monotonic()
    results, log = {}, []
    for student in students or sorted(classroom.students):
        try:
            answer = api.autograde(ASSIGNMENT, student, force=True, create=True)
            success, text = answer["success"], (answer.get("log") or "") + "\n" + (answer.get("error") or "")
        except Exception:  # noqa: BLE001 - recorded as this student's reason
            success, text = False, traceback.format_exc()
        scores = _scores(classroom.root, student)
        graded = (
            success
            and bool(scores)
            and all(v is not None for v in scores.values())
            and (classroom.root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
        )
        reason = (
            "" if graded else why_not_graded(text, "", classroom.root / "submitted" / student / ASSIGNMENT, ASSIGNMENT)
        )
        results[student] = Result(graded, scores, reason)
        if not graded:
            log.append(f"{student}: {text[-1500:]}")
    return _collect(classroom, name, results, config, started, settle, "\n".join(log))


def _scores(root: Path, student: str) -> dict[str, float | None]:
    from nbgrader.api import MissingEntry

    course = Course.open(root)
    source = nbformat.read(course.source_notebook(ASSIGNMENT), as_version=4)
    scores: dict[str, float | None] = {}
    with course.gradebook() as gb:
        for cell in check_points(source):
            try:
                scores[cell] = gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student).auto_score
            except MissingEntry:
                scores[cell] = None
    return scores


def gradebook_contents(path: Path) -> tuple[dict[str, dict[str, tuple]], dict[str, tuple], str]:
    """Read-only, straight from SQLite: per student, per cell (auto, manual, extra credit); the students'
    (first name, last name, email); and the whole dump, where an attacker's token would show."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT sa.student_id, bc.name, g.auto_score, g.manual_score, g.extra_credit FROM grade g "
            "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
            "JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
            "JOIN base_cell bc ON g.cell_id = bc.id"
        ).fetchall()
        people = {row[0]: row[1:] for row in db.execute("SELECT id, first_name, last_name, email FROM student")}
        dump = "\n".join(db.iterdump())
    finally:
        db.close()
    grades: dict[str, dict[str, tuple]] = {}
    for student, cell, auto, manual, extra in rows:
        grades.setdefault(student, {})[cell] = (auto, manual, extra)
    return grades, people, dump


def _survivors(tokens: dict[str, str]) -> dict[str, list[int]]:
    """Processes (other than this one) whose environment holds an attacker's token."""
    found: dict[str, list[int]] = {}
    wanted = {f"HOSTILE_TOKEN={token}".encode(): name for name, token in tokens.items()}
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        for item in environ:
            if item in wanted:
                found.setdefault(wanted[item], []).append(int(entry))
    return found


def end_survivors(survivors: dict[str, list[int]]) -> None:
    """Kill the processes an attack left behind (this test started them), one by one, by pid."""
    for pids in survivors.values():
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                total += path.stat().st_size
        except OSError:
            pass
    return total


def _collect(
    classroom: Classroom, name: str, results: dict[str, Result], config, started: float, settle: float, log: str
) -> Run:
    from nbgrader.apps import NbGraderAPI

    seconds = round(time.monotonic() - started, 1)
    # Processes still alive right after grading: seen, then ended (this test started them).
    survivors = _survivors(classroom.tokens)
    end_survivors(survivors)
    if settle:
        time.sleep(settle)  # a detached writer that escaped would have written by now
        late = _survivors(classroom.tokens)
        end_survivors(late)
        for student, pids in late.items():
            survivors.setdefault(student, []).extend(pids)
    autograded, feedback, folder_bytes = {}, {}, {}
    api = NbGraderAPI(config=config)  # the course's GenerateFeedback preprocessors: what students are sent
    for student, kind in classroom.students.items():
        folder = classroom.root / "autograded" / student / ASSIGNMENT
        notebook = folder / f"{ASSIGNMENT}.ipynb"
        autograded[student] = notebook.read_text(encoding="utf-8", errors="replace") if notebook.is_file() else ""
        folder_bytes[student] = _folder_bytes(folder.parent) if folder.parent.exists() else 0
        feedback[student] = ""
        if notebook.is_file() and kind not in ("solution", "victim"):
            page = classroom.root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
            page.unlink(missing_ok=True)
            api.generate_feedback(ASSIGNMENT, student, force=True)
            if page.is_file():
                feedback[student] = page.read_text(encoding="utf-8", errors="replace")
    grades, _people, dump = gradebook_contents(classroom.root / "gradebook.db")
    return Run(
        name,
        results,
        autograded,
        feedback,
        grades,
        dump,
        classroom.listener.heard_in(name),
        survivors,
        folder_bytes,
        seconds,
        log,
    )


# ====================================================================== what an attacker reached


def secrets_of(classroom: Classroom) -> list[str]:
    from readinglab.instructor.feedback import secret_lines

    return secret_lines(classroom.root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")


def expected_scores(classroom: Classroom, kind: str) -> dict[str, float]:
    source, _ = classroom._notebooks()
    points = check_points(source)
    return {cell: (0.0 if kind == "blank" else max_points) for cell, max_points in points.items()}


def others_wrong(run: Run, classroom: Classroom) -> list[str]:
    """Students other than the attackers who are not graded as they should be."""
    wrong = []
    for student, kind in classroom.students.items():
        if kind not in ("blank", "solution", "victim"):
            continue
        result = run.results.get(student)
        expected = expected_scores(classroom, kind)
        if result is None or not result.graded or result.scores != expected:
            wrong.append(f"{student}: {result} (expected {expected})")
    return wrong


def reached(run: Run, classroom: Classroom, student: str, hidden: list[str]) -> dict[str, list[str]]:
    """Per detector, what ``student`` (an attacker) reached in ``run``: an empty list means nothing."""
    from readinglab.instructor.feedback import leaked

    attack = classroom.students[student]
    token = classroom.tokens[attack]
    result = run.results.get(student)
    blank = run.results["blank"]
    found: dict[str, list[str]] = {
        name: []
        for name in (
            hostile.POINTS,
            hostile.CANARY,
            hostile.HIDDEN_TESTS,
            hostile.GRADEBOOK,
            hostile.LISTENER,
            hostile.SURVIVORS,
            hostile.DISK,
            hostile.UNRECORDED,
            hostile.OTHERS,
        )
    }
    if result is None or (not result.graded and not result.reason):
        found[hostile.UNRECORDED].append(f"neither a grade nor a reason: {result}")
    if result is not None and result.graded:
        more = {
            cell: (score, blank.scores.get(cell))
            for cell, score in result.scores.items()
            if score != blank.scores.get(cell)
        }
        if more:
            total = sum(score or 0 for score in result.scores.values())
            found[hostile.POINTS].append(
                f"earned {total:g} (a blank earns "
                f"{sum(s or 0 for s in blank.scores.values()):g}); cell: (got, blank) {more}"
            )
    for where, text in (
        ("autograded notebook", run.autograded.get(student, "")),
        ("feedback", run.feedback.get(student, "")),
    ):
        if classroom.canary in text:
            found[hostile.CANARY].append(f"the victim's canary is in the attacker's {where}")
    if run.feedback.get(student):
        lines = leaked(run.feedback[student], hidden)
        if lines:
            found[hostile.HIDDEN_TESTS].append(f"{len(lines)} hidden lines in its feedback, e.g. {lines[0][:70]!r}")
    if token in run.gradebook_dump:
        found[hostile.GRADEBOOK].append("its token is in the gradebook")
    # The grader writes auto scores only, and the same ones it reports; a blank has no manual score or extra credit.
    mine, blanks = run.grades.get(student, {}), run.grades.get("blank", {})
    written = {cell: row[1:] for cell, row in mine.items() if row[1:] != blanks.get(cell, (None, None, None))[1:]}
    if written:
        found[hostile.GRADEBOOK].append(
            f"manual scores or extra credit the grader never gave, cell: (manual, extra) {written}"
        )
    if result is not None and result.graded:
        unlike = {
            cell: (row[0], result.scores.get(cell))
            for cell, row in mine.items()
            if cell in result.scores and row[0] != result.scores.get(cell)
        }
        if unlike:
            found[hostile.GRADEBOOK].append(f"auto scores unlike the grader's, cell: (stored, graded) {unlike}")
    heard = [data for data in run.heard if token.encode() in data]
    if heard:
        found[hostile.LISTENER].append(f"the listener on 127.0.0.1 heard {heard[0][:60]!r}")
    if run.survivors.get(attack):
        found[hostile.SURVIVORS].append(f"{len(run.survivors[attack])} of its processes outlived grading")
    if run.folder_bytes.get(student, 0) > BIG_FOLDER:
        found[hostile.DISK].append(f"its autograded folder holds {run.folder_bytes[student] >> 20} MiB")
    found[hostile.OTHERS] = others_wrong(run, classroom)
    return found


def probe_findings(run: Run) -> dict | None:
    """What the probe student printed about where it ran (None if it printed nothing)."""
    import json

    text = run.autograded.get("probe", "")
    if not text:
        return None
    for cell in nbformat.reads(text, as_version=4).cells:
        for output in cell.get("outputs", []):
            for line in str(output.get("text", "")).splitlines():
                if line.startswith("PROBE "):
                    return json.loads(line.removeprefix("PROBE "))
    return None
