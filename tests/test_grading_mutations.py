"""Mutation check: every autograded check cell fails on wrong answers and passes on right variants.

Each assignment's answer tables (``tests/support/answers/``) give, for every
answer cell (by question name), wrong answers (``MUTATIONS``) and differently
written right answers (``VARIANTS``). Each is the code a student would write in
place of ``# YOUR CODE HERE``; the released ``name = None`` line above it stays.

Round k submits, for every question at once, its k-th mutation (or its last,
if it has fewer): "mutation-k" must score 0 on every check cell. Each question
is checked only by its own check cell, so one submission tests them all.
Round 1 holds plausible wrong answers of the right type: they pass the visible
checks, so it is the hidden tests that must catch them. "variant-k" likewise
submits right answers written another way and must earn full marks.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .support.answers import answers
from .support.course_copy import ASSIGNMENTS, COURSE
from .support.grading import grade_classes
from .support.notebooks import (
    answer_cells,
    answer_name,
    assignment_notebooks,
    check_cells,
    check_points,
    failing_line,
    fill_answers,
    hidden_tests_start,
    solution_code,
)

# Round k submits every question's k-th answer (or its last): enough rounds that every answer in the tables is tried.
ROUNDS = max(
    len(options)
    for assignment in ASSIGNMENTS
    for table in (answers(assignment).MUTATIONS, answers(assignment).VARIANTS)
    for options in table.values()
)


def _pick(options: list[str], round_number: int) -> str:
    return options[min(round_number, len(options)) - 1]


def build_mutants(course_root: Path, assignment: str) -> dict[str, str]:
    """Write "mutation-k" and "variant-k" submissions (k = 1..ROUNDS); return {student: kind}."""
    source, release = assignment_notebooks(course_root, assignment)
    solutions = solution_code(source)
    students = {}
    for round_number in range(1, ROUNDS + 1):
        tables = answers(assignment)
        for kind, table in (("mutation", tables.MUTATIONS), ("variant", tables.VARIANTS)):
            filled = {
                name: _pick(table[name], round_number) if name in table else solution
                for name, solution in solutions.items()
            }
            student = f"{kind}-{round_number}"
            folder = course_root / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(fill_answers(release, filled), folder / f"{assignment}.ipynb")
            students[student] = kind
    return students


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, dict]:
    workdir = tmp_path_factory.mktemp("mutants")
    return grade_classes(COURSE, workdir, ASSIGNMENTS, build_mutants, timeout=10, jobs=3)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_answer_cell_has_wrong_answers_in_the_table(assignment):
    source = nbformat.read(COURSE / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    names = {answer_name(cell) for cell in answer_cells(source)}
    tables = answers(assignment)
    assert set(tables.MUTATIONS) == names
    assert set(tables.VARIANTS) <= names
    assert all(len(options) >= 2 for options in tables.MUTATIONS.values())


@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_check_cell_scores_zero_on_its_mutations(graded, assignment, round_number):
    outcome = graded[assignment]["outcomes"][f"mutation-{round_number}"]
    assert outcome["graded"], outcome["reason"]
    passed = {cell: score for cell, score in outcome["scores"].items() if score != 0}
    assert not passed, f"these check cells accepted a wrong answer in round {round_number}: {passed}"


@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_right_answers_written_another_way_earn_full_marks(graded, assignment, round_number):
    report = graded[assignment]
    outcome = report["outcomes"][f"variant-{round_number}"]
    assert outcome["graded"], outcome["reason"]
    source = nbformat.read(COURSE / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    points = check_points(source)
    refused = {cell: score for cell, score in outcome["scores"].items() if score != points[cell]}
    assert not refused, f"these check cells refused a right answer in round {round_number}: {refused}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_plausible_wrong_answers_pass_the_visible_checks_and_fail_the_hidden_ones(graded, assignment):
    """Round 1: the visible checks must not give the answer away, so the hidden tests do the grading."""
    report = graded[assignment]
    autograded = Path(report["course_root"]) / "autograded" / "mutation-1" / assignment / f"{assignment}.ipynb"
    caught_by = {}
    for cell in check_cells(nbformat.read(autograded, as_version=4)):
        line = failing_line(cell)
        caught_by[cell.metadata.nbgrader.grade_id] = (
            "nothing" if line is None else "hidden" if line > hidden_tests_start(cell) else "visible"
        )
    assert set(caught_by.values()) == {"hidden"}, caught_by
