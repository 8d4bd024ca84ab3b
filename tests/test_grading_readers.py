"""Do the grades mean reading? Two readers who did not read closely, graded like everyone else.

The helper-only student answers every autograded question from readinglab's
outputs and printed metadata, never reading a paragraph; the skimmer from each
reading's headline, standfirst and first paragraph, and general knowledge (their
answers: ``HELPER_ONLY`` and ``SKIMMER`` in ``tests/support/answers/``). Issue 13
sets the bar: the helper-only student earns at most 15% of each assignment's
autograded points and the skimmer under 40%, while the solution earns all of
them and a blank none.
"""

from __future__ import annotations

import ast

import nbformat
import pytest

from .support.answers import answers
from .support.course_copy import ASSIGNMENTS, COURSE
from .support.grading import grade_classes
from .support.notebooks import answer_cells, answer_name, check_points
from .support.students import build_class

HELPER_ONLY_CEILING = 0.15
SKIMMER_CEILING = 0.40  # strictly under
KINDS = ("solution", "blank", "helper_only", "skimmer")

# What reading a paragraph means in code: the helper-only student never touches these.
PARAGRAPH_ACCESS = {
    "paragraphs",
    "paragraph",
    "text",
    "sentences",
    "sentence_table",
    "sentence_rows",
    "paragraph_tokens",
}


def _source(assignment: str):
    return nbformat.read(COURSE / "source" / assignment / f"{assignment}.ipynb", as_version=4)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, dict]:
    workdir = tmp_path_factory.mktemp("readers")
    return grade_classes(COURSE, workdir, ASSIGNMENTS, lambda root, name: build_class(root, name, KINDS), jobs=2)


def _share(graded, assignment: str, kind: str) -> float:
    report = graded[assignment]
    outcome = report["outcomes"][kind]
    assert outcome["graded"], f"{assignment}/{kind} was not graded: {outcome['reason']}"
    total = sum(check_points(_source(assignment)).values())
    return sum(outcome["scores"].values()) / total


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_reader_answers_every_question(assignment):
    names = {answer_name(cell) for cell in answer_cells(_source(assignment))}
    tables = answers(assignment)
    assert set(tables.HELPER_ONLY) == names, "HELPER_ONLY must answer every question, and only those"
    assert set(tables.SKIMMER) == names, "SKIMMER must answer every question, and only those"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_helper_only_student_never_reads_a_paragraph(assignment):
    for name, code in answers(assignment).HELPER_ONLY.items():
        touched = {node.attr for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Attribute)}
        assert not touched & PARAGRAPH_ACCESS, f"{name}: reads the text ({sorted(touched & PARAGRAPH_ACCESS)})"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_skimmer_uses_no_helper_at_all(assignment):
    for name, code in answers(assignment).SKIMMER.items():
        calls = {
            node.func.id
            for node in ast.walk(ast.parse(code))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls - {"dict", "zip", "list", "str", "int", "float"}, f"{name}: calls {sorted(calls)}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_earns_everything_and_a_blank_nothing(graded, assignment):
    assert _share(graded, assignment, "solution") == 1.0
    assert _share(graded, assignment, "blank") == 0.0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_helper_output_alone_earns_at_most_15_percent(graded, assignment):
    share = _share(graded, assignment, "helper_only")
    scores = graded[assignment]["outcomes"]["helper_only"]["scores"]
    assert share <= HELPER_ONLY_CEILING, f"{share:.0%}; points from: {[c for c, s in scores.items() if s]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_skimming_earns_under_40_percent(graded, assignment):
    share = _share(graded, assignment, "skimmer")
    scores = graded[assignment]["outcomes"]["skimmer"]["scores"]
    assert share < SKIMMER_CEILING, f"{share:.0%}; points from: {[c for c, s in scores.items() if s]}"
