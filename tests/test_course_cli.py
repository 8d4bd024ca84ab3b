"""The instructors' `course` command, end to end, on a synthetic class of 40 in a temporary course copy.

One module-scoped run does the expensive part once: `course release`, a class
of 40 submissions (mostly right, half-right and blank, plus one of each kind
that fails to grade) and a student in the gradebook who never submitted; then
a sequential plain `nbgrader autograde` (nbgrader's own pipeline, no sandbox) of
one copy and `course grade --jobs 2` (sandboxed, checks in their own kernel) of
another. Every test below reads that run. The real course folder is never used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from readinglab.instructor.course import Course

from .support.course_copy import COURSE, copy_course, use_plain_nbgrader
from .support.expected import FAILURE_REASONS
from .support.notebooks import BEGIN_HIDDEN, END_HIDDEN, check_points, failing_line, hidden_tests_start
from .support.students import build_class, mixed_kinds

COURSE_ID = Course.open(COURSE).course_id
ASSIGNMENT = "ps1-same-page"
TIMEOUT = 10  # seconds per cell: short, so looping students cost little, yet safe on a busy machine
CLASS_SIZE = 40
# The solution's autograded points: every check cell's points in the source notebook.
SOLUTION_POINTS = int(
    sum(check_points(nbformat.read(COURSE / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)).values())
)
FULL_MARKS = r"Score: (\d+\.\d) / \1(?![\d.])"  # a check cell's score in feedback, where it earned all its points
BIN = Path(sys.executable).parent


def _env(exchange: Path) -> dict:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "TWO_READINGS_EXCHANGE": str(exchange),
    }


def course_cli(course: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "course"), "--course", str(course), *args], capture_output=True, text=True, env=env, timeout=900
    )


def _scores(course: Path) -> dict[str, dict[str, float | None]]:
    """Every submission's auto score per graded cell, straight from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        return {
            sub.student.id: {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
            for sub in gb.find_assignment(ASSIGNMENT).submissions
        }


def _text(page: str) -> str:
    """What a reader sees of an HTML page (no scripts or styles), whitespace collapsed."""
    soup = BeautifulSoup(page, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return " ".join(soup.get_text().split())


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("course-cli")
    env = _env(work / "exchange")
    course = copy_course(COURSE, work / "parallel")
    released = course_cli(course, "release", ASSIGNMENT, env=env)
    assert released.returncode == 0, released.stderr
    students = build_class(course, ASSIGNMENT, mixed_kinds(CLASS_SIZE))
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        gb.add_student("absent")  # on the roster, never submitted
    sequential = work / "sequential"
    shutil.copytree(course, sequential)
    use_plain_nbgrader(sequential)  # honest grades must be what plain nbgrader gives, sandbox or not

    started = time.monotonic()
    subprocess.run(
        [str(BIN / "nbgrader"), "autograde", ASSIGNMENT, f"--Execute.timeout={TIMEOUT}"],
        cwd=sequential,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    sequential_seconds = time.monotonic() - started
    started = time.monotonic()
    grade = course_cli(course, "grade", ASSIGNMENT, "--jobs", "2", "--timeout", str(TIMEOUT), env=env)
    parallel_seconds = time.monotonic() - started
    print(
        f"\n{CLASS_SIZE} students: sequential nbgrader autograde {sequential_seconds:.0f} s, "
        f"course grade --jobs 2 {parallel_seconds:.0f} s"
    )
    return {
        "course": course,
        "sequential": sequential,
        "students": students,
        "grade": grade,
        "env": env,
        "released": released,
        "work": work,
    }


# ====================================================================== release


def test_release_writes_the_student_version_to_the_exchange_and_a_zip(graded):
    exchange_copy = graded["work"] / "exchange" / COURSE_ID / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert exchange_copy.is_file()
    handout = graded["course"] / "handout" / f"{ASSIGNMENT}.zip"
    assert str(handout) in graded["released"].stdout
    with zipfile.ZipFile(handout) as archive:
        released = archive.read(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb").decode("utf-8")
    assert "BEGIN SOLUTION" not in released and "BEGIN HIDDEN TESTS" not in released
    assert "MARK SCHEME" not in released
    assert "# YOUR CODE HERE" in released


# ====================================================================== grade


def test_parallel_grade_gives_exactly_the_scores_of_sequential_autograde(graded):
    parallel, sequential = _scores(graded["course"]), _scores(graded["sequential"])
    assert set(parallel) == set(sequential) == set(graded["students"])
    different = {
        student: (parallel[student], sequential[student])
        for student in parallel
        if parallel[student] != sequential[student]
    }
    assert not different
    assert any(score for scores in parallel.values() for score in scores.values()), "nobody scored at all"


def test_parallel_grade_puts_autograded_notebooks_where_nbgrader_does(graded):
    def autograded(course: Path) -> set[str]:
        return {p.relative_to(course).as_posix() for p in (course / "autograded").rglob("*.ipynb")}

    assert autograded(graded["course"]) == autograded(graded["sequential"])
    assert len(autograded(graded["course"])) >= CLASS_SIZE - 4


def test_grade_loses_nobody_and_exits_zero(graded):
    grade = graded["grade"]
    assert grade.returncode == 0, grade.stdout[-2000:] + grade.stderr[-2000:]
    for student in graded["students"]:
        assert re.search(rf"^  [✔✘] {re.escape(student)} ", grade.stdout, re.M), f"no log line for {student}"
    summary = grade.stdout[grade.stdout.index("Summary for") :]
    graded_line = re.search(r"graded\s+(\d+)", summary)
    failed_line = re.search(r"failed\s+(\d+)", summary)
    assert int(graded_line.group(1)) + int(failed_line.group(1)) == CLASS_SIZE
    assert re.search(r"missing\s+1\s+absent", summary)


@pytest.mark.parametrize(
    "kind, reason",
    list(FAILURE_REASONS.items()),
)
def test_a_failed_student_is_listed_with_the_reason(graded, kind, reason):
    summary = graded["grade"].stdout[graded["grade"].stdout.index("Summary for") :]
    assert re.search(rf"^\s+{kind}: {reason}", summary, re.M), summary


def test_grade_shows_a_progress_bar_with_an_eta_and_time_per_student(graded):
    bar = graded["grade"].stderr
    assert f"Grading {ASSIGNMENT}" in bar
    assert re.search(r"\d+/40 \[\d\d:\d\d<\d\d:\d\d", bar), "no bar with elapsed<remaining time"
    assert re.search(
        rf"✔ solution\s+graded\s+{SOLUTION_POINTS}/{SOLUTION_POINTS} points\s+\(\d+\.\d s\)", graded["grade"].stdout
    )


# ====================================================================== feedback


@pytest.fixture(scope="module")
def feedback(graded) -> dict:
    course, env = graded["course"], graded["env"]
    pages = {}
    # nbgrader's own command, as the formgrader's "Generate Feedback" button runs it, with the course config.
    nbgrader = subprocess.run(
        [
            str(Path(sys.executable).parent / "nbgrader"),
            "generate_feedback",
            ASSIGNMENT,
            "--CourseDirectory.student_id=one_reading",
            "--force",
        ],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert nbgrader.returncode == 0, nbgrader.stdout + nbgrader.stderr
    pages[("one_reading", "nbgrader")] = (
        course / "feedback" / "one_reading" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    ).read_text(encoding="utf-8")
    for flag in ([], ["--show-hidden-tests"]):
        run = course_cli(
            course, "feedback", ASSIGNMENT, "--student", "one_reading", "--student", "blank", *flag, env=env
        )
        assert run.returncode == 0, run.stdout + run.stderr
        for student in ("one_reading", "blank"):
            page = course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
            pages[(student, bool(flag))] = page.read_text(encoding="utf-8")
    return pages


def _source_secrets() -> tuple[list[str], list[str]]:
    """Hidden-test lines and mark-scheme lines of the source notebook (long enough to be distinctive)."""
    nb = nbformat.read(COURSE / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    hidden, scheme = [], []
    for cell in nb.cells:
        for begin, end, bucket in (
            (BEGIN_HIDDEN, END_HIDDEN, hidden),
            ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ===", scheme),
        ):
            if begin in cell.source:
                block = cell.source.split(begin, 1)[1].split(end, 1)[0]
                bucket += [" ".join(re.sub(r"^\s*- ", "", line).split()) for line in block.splitlines()]
    return [line for line in hidden if line.startswith(("assert _", "from builtins"))], [
        line for line in scheme if len(line) > 30
    ]


def _errors(student: str, course: Path, *, hidden: bool) -> dict[str, str]:
    """Check cell -> the message of the error it raised in its visible part (or its hidden part)."""
    nb = nbformat.read(course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    return {
        cell.metadata.nbgrader.grade_id: output.evalue
        for cell in nb.cells
        if cell.cell_type == "code"
        and cell.metadata.get("nbgrader", {}).get("grade")
        and failing_line(cell) is not None
        and (failing_line(cell) > hidden_tests_start(cell)) is hidden
        for output in cell.outputs
        if output.output_type == "error"
    }


@pytest.mark.parametrize("student", ["one_reading", "blank"])
def test_feedback_has_no_hidden_test_source_and_no_mark_scheme(feedback, student):
    text = _text(feedback[(student, False)])
    hidden, scheme = _source_secrets()
    assert hidden and scheme
    assert "BEGIN HIDDEN TESTS" not in text and "MARK SCHEME" not in text
    assert [line for line in hidden if line in text] == []
    assert [line for line in scheme if line in text] == []


def test_nbgraders_own_feedback_button_hides_them_too_with_the_course_config(feedback):
    text = _text(feedback[("one_reading", "nbgrader")])
    hidden, scheme = _source_secrets()
    assert "BEGIN HIDDEN TESTS" not in text and "MARK SCHEME" not in text
    assert [line for line in hidden if line in text] == [] and [line for line in scheme if line in text] == []
    assert "A hidden check did not pass" in text and re.search(FULL_MARKS, text)
    # ... and comes out of the course's exporter, with nbgrader's template put right for WCAG 2.1 AA.
    assert '<html lang="en"' in feedback[("one_reading", "nbgrader")]


def test_feedback_keeps_each_checks_score_and_visible_messages(feedback, graded):
    text = _text(feedback[("blank", False)])
    scores = _scores(graded["course"])["blank"]
    for cell, score in scores.items():
        if cell.startswith("check_"):
            assert re.search(rf"{cell} Score: {score:.1f} / \d+\.\d", text), cell
    visible_failures = _errors("blank", graded["course"], hidden=False)
    assert visible_failures
    for cell, message in visible_failures.items():  # a blank answer fails a visible check: the hint is shown
        assert " ".join(message.split()) in text, cell
    one_reading = _text(feedback[("one_reading", False)])
    assert "✔ Right form" in one_reading
    assert re.search(FULL_MARKS, one_reading) and "Score: 0.0 / 2.0" in one_reading


def test_feedback_replaces_a_hidden_failure_by_a_neutral_message(feedback, graded):
    text = _text(feedback[("one_reading", False)])
    hidden_messages = _errors("one_reading", graded["course"], hidden=True)
    assert hidden_messages
    for message in hidden_messages.values():
        assert " ".join(message.split()) not in text
    assert "A hidden check did not pass" in text


def test_feedback_with_show_hidden_tests_is_nbgraders_own(feedback):
    text = _text(feedback[("one_reading", True)])
    hidden, scheme = _source_secrets()
    assert "BEGIN HIDDEN TESTS" in text
    assert all(line in text for line in hidden)
    assert any(line in text for line in scheme)


# ====================================================================== report


@pytest.fixture(scope="module")
def report(graded) -> dict:
    import pandas as pd

    run = course_cli(graded["course"], "report", ASSIGNMENT, env=graded["env"])
    assert run.returncode == 0, run.stderr
    folder = graded["course"] / "reports" / ASSIGNMENT
    return {
        "run": run,
        "folder": folder,
        "grades": pd.read_csv(folder / "grades.csv"),
        "questions": pd.read_csv(folder / "questions.csv"),
    }


def test_report_grades_csv_has_a_row_per_student_and_a_column_per_graded_cell(report, graded):
    grades = report["grades"].set_index("student")
    assert set(grades.index) == set(graded["students"]) | {"absent"}
    scores = _scores(graded["course"])
    cells = list(next(iter(scores.values())))
    assert list(grades.columns) == ["status", *cells, "autograded_points", "total", "max_points"]
    assert grades.loc["absent", "status"] == "missing"
    assert grades.loc["kernel_death", "status"] == "failed"
    assert grades.loc["solution", "autograded_points"] == SOLUTION_POINTS
    for student in ("solution", "one_reading", "blank"):
        auto = sum(v for k, v in scores[student].items() if k.startswith("check_"))
        assert grades.loc[student, "autograded_points"] == auto


def test_report_per_question_table_matches_the_grades(report):
    grades, questions = report["grades"], report["questions"].set_index("grade_id")
    graded = grades[grades["status"] == "graded"]
    for cell, row in questions.iterrows():
        if row["kind"] != "autograded":
            continue
        assert row["mean_score"] == pytest.approx(graded[cell].mean(), abs=1e-3)
        assert row["share_full_marks"] == pytest.approx((graded[cell] == row["max_points"]).mean(), abs=1e-3)
        assert 0 <= row["share_with_error"] <= 1
    # Every blank student's checks fail, so each question has failures.
    assert (questions.loc[questions["kind"] == "autograded", "share_with_error"] > 0).all()


def test_report_prints_the_three_hardest_questions(report):
    questions = report["questions"].dropna(subset=["mean_share"]).sort_values(["mean_share", "question"])
    printed = re.findall(r"^\s+\d\. (\S+)", report["run"].stdout, re.M)
    assert printed == list(questions["question"].head(3))


@pytest.mark.parametrize("name", ["score-distribution.png", "question-difficulty.png"])
def test_report_plots_are_real_pictures(report, name):
    from PIL import Image

    path = report["folder"] / name
    assert path.stat().st_size > 15_000
    with Image.open(path) as image:
        assert image.width >= 600 and image.height >= 300
        assert len(image.convert("RGB").getcolors(maxcolors=100_000) or []) > 20


# ====================================================================== collect and errors


def test_collect_imports_an_lms_zip_and_names_who_did_not_submit(graded, tmp_path):
    course = copy_course(COURSE, tmp_path / "course")
    env = _env(tmp_path / "exchange")
    assert course_cli(course, "release", ASSIGNMENT, env=env).returncode == 0
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for student in ("alice", "bob", "carol"):
            gb.add_student(student)
    notebook = (course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()
    download = tmp_path / "lms-download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr(f"alice_{ASSIGNMENT}.ipynb", notebook)
        archive.writestr(f"bob/{ASSIGNMENT}.ipynb", notebook)
    run = course_cli(course, "collect", ASSIGNMENT, "--zip", str(download), env=env)
    assert run.returncode == 0, run.stderr
    for student in ("alice", "bob"):
        assert (course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == notebook
    assert "No submission from 1 student(s) in the gradebook: carol" in run.stdout


def test_collect_from_the_exchange_names_who_did_not_submit(graded, tmp_path):
    course = copy_course(COURSE, tmp_path / "course")
    env = _env(tmp_path / "exchange")
    assert course_cli(course, "release", ASSIGNMENT, env=env).returncode == 0
    inbound = tmp_path / "exchange" / COURSE_ID / "inbound" / f"dana+{ASSIGNMENT}+2017-05-02 10:00:00.000000 UTC+x1"
    inbound.mkdir(parents=True)
    shutil.copy(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", inbound)
    (inbound / "timestamp.txt").write_text("2017-05-02 10:00:00.000000 UTC")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        gb.add_student("erin")
    run = course_cli(course, "collect", ASSIGNMENT, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (course / "submitted" / "dana" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    assert "erin" in run.stdout.split("No submission from", 1)[1]


@pytest.mark.parametrize("command", ["release", "collect", "grade", "feedback", "report"])
def test_every_command_has_help(command):
    run = subprocess.run([str(BIN / "course"), command, "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "ASSIGNMENT" in run.stdout and "--course" not in run.stderr


def test_a_folder_that_is_not_a_course_gets_a_plain_message(tmp_path):
    run = subprocess.run(
        [str(BIN / "course"), "--course", str(tmp_path), "grade", ASSIGNMENT], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "is not a course folder" in run.stderr and "Traceback" not in run.stderr


def test_an_unknown_assignment_is_named_with_the_ones_that_exist(graded):
    run = course_cli(graded["course"], "grade", "ps9-nothing", env=graded["env"])
    assert run.returncode == 1
    assert "No assignment 'ps9-nothing'" in run.stderr and ASSIGNMENT in run.stderr
