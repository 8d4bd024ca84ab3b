"""The cells of an assignment notebook, as nbgrader sees them: answer cells, check cells and their markers.

A question is an answer cell (a code solution cell whose ``grade_id`` is
``answer_<name>``) followed by its check cell (a locked code grade cell). The
markers nbgrader looks for (the solution and hidden-test delimiters, the stub
it puts in place of a solution) are read from nbgrader's preprocessors with the
course's own ``nbgrader_config.py``, their one owner::

    solutions = solution_code(source_nb)              # {"deficit": "deficit_billion_usd = 347", ...}
    filled = fill_answers(release_nb, solutions)       # the release, answered
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

from readinglab.instructor.course import Course

from .course_copy import COURSE


def _course_markers() -> tuple[ClearSolutions, ClearHiddenTests]:
    config = Course.open(COURSE).config()
    return ClearSolutions(config=config), ClearHiddenTests(config=config)


_solutions, _hidden = _course_markers()
# nbgrader finds a delimiter anywhere in a line; the course writes each on a line of its own, after "### ".
SOLUTION_DELIMITERS = (_solutions.begin_solution_delimeter, _solutions.end_solution_delimeter)
HIDDEN_DELIMITERS = (_hidden.begin_test_delimeter, _hidden.end_test_delimeter)
BEGIN_SOLUTION, END_SOLUTION = (f"### {delimiter}" for delimiter in SOLUTION_DELIMITERS)
BEGIN_HIDDEN, END_HIDDEN = (f"### {delimiter}" for delimiter in HIDDEN_DELIMITERS)
# What generate_assignment leaves in a released answer cell where the solution was.
STUB = _solutions.code_stub["python"]


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def answer_cells(nb) -> list:
    """The autograded answer cells (nbgrader solution cells that are code), in order."""
    return [c for c in nb.cells if c.cell_type == "code" and nbgrader_meta(c).get("solution")]


def check_cells(nb) -> list:
    """The autograded test cells (locked code grade cells), in order."""
    return [c for c in nb.cells if c.cell_type == "code" and nbgrader_meta(c).get("grade")]


def answer_name(cell) -> str:
    """``answer_deficit`` -> ``deficit``: the question name shared by an answer cell and its check cell."""
    return nbgrader_meta(cell)["grade_id"].removeprefix("answer_")


def check_points(nb) -> dict[str, float]:
    """Points of every autograded check cell, by grade id."""
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"]) for c in check_cells(nb)}


def _line_with(lines: list[str], delimiter: str, cell) -> int:
    """The index of the first line that holds ``delimiter``, found as nbgrader finds it (anywhere in the line)."""
    for index, line in enumerate(lines):
        if delimiter in line:
            return index
    raise ValueError(f"No {delimiter!r} line in cell {nbgrader_meta(cell).get('grade_id', '(no grade id)')!r}.")


def solution_code(source_nb) -> dict[str, str]:
    """The code between the solution delimiters of each answer cell, by question name."""
    begin, end = SOLUTION_DELIMITERS
    answers = {}
    for cell in answer_cells(source_nb):
        lines = cell.source.splitlines()
        answers[answer_name(cell)] = "\n".join(lines[_line_with(lines, begin, cell) + 1 : _line_with(lines, end, cell)])
    return answers


def fill_answers(release_nb, answers: dict[str, str]):
    """A copy of the released notebook with ``answers`` (question name -> code) in place of the stubs."""
    nb = copy.deepcopy(release_nb)
    for cell in answer_cells(nb):
        name = answer_name(cell)
        if name in answers:
            if STUB not in cell.source:
                raise ValueError(f"The released answer cell {name!r} has no {STUB!r} line to replace.")
            cell.source = cell.source.replace(STUB, answers[name], 1)
    return nb


def assignment_notebooks(course_root: str | os.PathLike, assignment: str):
    """The assignment's source notebook and the student version nbgrader released from it, in a course copy."""
    from nbgrader.coursedir import CourseDirectory

    course = Course.open(course_root)
    source = course.source_notebook(assignment)
    coursedir = CourseDirectory(config=course.config())
    release = Path(coursedir.format_path(coursedir.release_directory, ".", assignment)) / source.name
    if not release.is_file():
        raise FileNotFoundError(f"{release} does not exist: release the assignment first (course_copy.release).")
    return nbformat.read(source, as_version=4), nbformat.read(release, as_version=4)


def failing_line(cell) -> int | None:
    """The line of a cell that raised, from the traceback in its outputs; None if it raised nothing."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(output.get("traceback", [])))
            lines = re.findall(r"Cell In\[\d+\], line (\d+)", text)
            return int(lines[-1]) if lines else 0
    return None


def hidden_tests_start(cell) -> int:
    """The line number (from 1) of the hidden-test delimiter (``### BEGIN HIDDEN TESTS``) in a check cell."""
    return _line_with(cell.source.splitlines(), HIDDEN_DELIMITERS[0], cell) + 1
