"""Autograde a synthetic class for every assignment and check each student's outcome.

Every assignment is graded in one temporary copy of course/ by the real
``course grade`` code, in its worker processes (see ``support.grading``); the
real course folder is never touched. Kinds of student are in
``support/students.py``, their expected outcomes in ``support/expected.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from readinglab.instructor.course import Course
from readinglab.instructor.feedback import generate_feedback

from .support.course_copy import ASSIGNMENTS, COURSE
from .support.expected import FAILURE_REASONS, expected_outcome
from .support.grading import grade_classes
from .support.notebooks import failing_line, hidden_tests_start
from .support.students import KINDS, build_class

TIMEOUT = 10  # seconds per cell: short, so the looping students cost little


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, dict]:
    """The grading report of each assignment's synthetic class."""
    workdir = tmp_path_factory.mktemp("synthetic-class")
    return grade_classes(COURSE, workdir, ASSIGNMENTS, build_class, timeout=TIMEOUT, jobs=3)


def _outcome(graded, assignment, kind):
    report = graded[assignment]
    assert "error" not in report, report.get("error")
    student = next(s for s, k in report["students"].items() if k == kind)
    return report, report["outcomes"][student]


def test_every_assignment_builds_a_class_of_every_kind(graded):
    for assignment in ASSIGNMENTS:
        assert sorted(graded[assignment]["students"].values()) == sorted(KINDS), assignment


def test_every_submission_ends_with_a_grade_or_a_recorded_reason(graded):
    for assignment, report in graded.items():
        assert report["finished"], f"{assignment}: the batch did not finish"
        assert set(report["outcomes"]) == set(report["students"]), f"{assignment}: a submission vanished"
        for student, outcome in report["outcomes"].items():
            if outcome["graded"]:
                assert all(score is not None for score in outcome["scores"].values()), (assignment, student)
            else:
                assert outcome["reason"], f"{assignment}/{student} has neither a grade nor a reason"


def test_the_report_on_disk_lists_every_student(graded):
    for report in graded.values():
        record = Path(report["course_root"]) / "reports" / report["assignment"] / "grading.json"
        on_disk = json.loads(record.read_text(encoding="utf-8"))
        assert set(on_disk["outcomes"]) == set(report["students"])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_outcome_matches_expectation(graded, assignment, kind):
    report, outcome = _outcome(graded, assignment, kind)
    expected = expected_outcome(report["course_root"], assignment, kind)
    assert outcome["graded"] is expected.graded, f"{kind}: {expected.reason}; got {outcome['reason'] or outcome}"
    if expected.graded:
        wrong = {
            cell: (score, expected.scores[cell])
            for cell, score in outcome["scores"].items()
            if score != expected.scores[cell]
        }
        assert not wrong, f"{kind} ({expected.reason}): cell -> (got, expected) {wrong}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_one_reading_student_gets_partial_marks(graded, assignment):
    report, outcome = _outcome(graded, assignment, "one_reading")
    full = expected_outcome(report["course_root"], assignment, "solution").total
    assert 0 < outcome["total"] < full


@pytest.mark.parametrize(
    "kind, reason",
    list(FAILURE_REASONS.items()),
)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_ungradable_submission_is_recorded_with_its_reason(graded, assignment, kind, reason):
    _, outcome = _outcome(graded, assignment, kind)
    assert not outcome["graded"]
    assert outcome["reason"].startswith(reason), outcome["reason"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_infinite_loop_is_cut_off_at_the_time_limit(graded, assignment):
    report, outcome = _outcome(graded, assignment, "infinite_loop")
    assert outcome["seconds"] < 4 * TIMEOUT + 30, "the loop should be interrupted after one time limit"
    autograded = Path(report["course_root"]) / "autograded" / outcome["student"] / assignment / f"{assignment}.ipynb"
    errors = [
        o.get("ename")
        for c in nbformat.read(autograded, as_version=4).cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert "KeyboardInterrupt" in errors


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_million_lines_of_output_are_cut_short(graded, assignment):
    report, outcome = _outcome(graded, assignment, "huge_output")
    autograded = Path(report["course_root"]) / "autograded" / outcome["student"] / assignment / f"{assignment}.ipynb"
    assert autograded.stat().st_size < 1_000_000
    assert "Output truncated" in autograded.read_text(encoding="utf-8")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_edited_check_cells_are_restored_from_the_source(graded, assignment):
    report, outcome = _outcome(graded, assignment, "edited_check_cells")
    autograded = Path(report["course_root"]) / "autograded" / outcome["student"] / assignment / f"{assignment}.ipynb"
    restored = [
        c.source
        for c in nbformat.read(autograded, as_version=4).cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]
    assert restored and all("### BEGIN HIDDEN TESTS" in source for source in restored)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_fake_pass_student_gets_past_the_visible_checks_but_not_the_hidden_ones(graded, assignment):
    """The rigged answers fool the visible checks (a shadowed `type`), so the hidden ones must catch them."""
    report, outcome = _outcome(graded, assignment, "fake_pass")
    autograded = Path(report["course_root"]) / "autograded" / outcome["student"] / assignment / f"{assignment}.ipynb"
    failing_in_hidden = 0
    for cell in nbformat.read(autograded, as_version=4).cells:
        if not cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            continue
        line = failing_line(cell)
        assert line is not None, f"{cell.metadata.nbgrader.grade_id} did not fail"
        failing_in_hidden += line > hidden_tests_start(cell)
    assert failing_in_hidden >= 1
    assert outcome["total"] == 0


def _secret_lines(source_notebook: Path) -> list[str]:
    """Lines of the hidden tests (their asserts) and mark schemes (long ones) of a source notebook."""
    lines = []
    for cell in nbformat.read(source_notebook, as_version=4).cells:
        for begin, end, keep in (
            ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS", lambda line: line.startswith("assert _")),
            ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ===", lambda line: len(line) > 30),
        ):
            if begin in cell.source:
                block = cell.source.split(begin, 1)[1].split(end, 1)[0]
                lines += [text for line in block.splitlines() if keep(text := " ".join(line.lstrip("- ").split()))]
    return lines


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_assignments_feedback_shows_the_scores_but_no_hidden_test_or_mark_scheme(graded, assignment):
    report, outcome = _outcome(graded, assignment, "one_reading")
    course = Course.open(report["course_root"])
    run = generate_feedback(course, assignment, students=[outcome["student"]])
    assert run.ok, run.summary()
    soup = BeautifulSoup(run.written[outcome["student"]][0].read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    text = " ".join(soup.get_text().split())
    secrets = _secret_lines(course.source_notebook(assignment))
    assert secrets and [line for line in secrets if line in text] == []
    assert "Score:" in text and "A hidden check did not pass" in text  # the one-reading student fails some
