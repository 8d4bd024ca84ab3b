"""What each kind of synthetic student should end with: a grade per check cell, or no grade.

::

    expected_outcome(course_root, "ps1-same-page", "blank")    # Expected(graded=True, scores={...: 0.0}, ...)

The scores follow the course copy's source notebook: each check cell's points,
or nothing for the questions a kind answers wrong.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import nbformat

from readinglab.instructor.course import Course

from .answers import answers
from .notebooks import check_points, solution_code

# The kinds that cannot be graded, and the reason the grading report gives for each.
FAILURE_REASONS = {
    "swallows_interrupt": "time-out",
    "kernel_death": "kernel death",
    "invalid_json": "invalid notebook",
    "missing_notebook": "missing notebook",
}


@dataclass(frozen=True)
class Expected:
    """What a kind of student should end with."""

    graded: bool  # a grade is recorded for every autograded cell
    scores: dict[str, float] | None  # expected score per check cell (None when not graded)
    reason: str  # why: the behaviour this kind pins down

    @property
    def total(self) -> float | None:
        return None if self.scores is None else sum(self.scores.values())


def expected_outcome(course_root: str | os.PathLike, assignment: str, kind: str) -> Expected:
    """The outcome a kind of student should get on ``assignment`` in this course copy."""
    source_nb = nbformat.read(Course.open(course_root).source_notebook(assignment), as_version=4)
    points = check_points(source_nb)
    first = next(iter(solution_code(source_nb)))

    def scores(zero: Iterable[str] = ()) -> dict[str, float]:
        zero = {f"check_{name}" for name in zero}
        unknown = zero - set(points)
        if unknown:
            raise ValueError(f"No check cells {sorted(unknown)} in {assignment}.")
        return {grade_id: 0.0 if grade_id in zero else max_points for grade_id, max_points in points.items()}

    everything = [name.removeprefix("check_") for name in points]
    table = {
        "solution": Expected(True, scores(), "the solution earns every autograded point"),
        "blank": Expected(True, scores(everything), "the blank release earns nothing"),
        "one_reading": Expected(
            True, scores(answers(assignment).ONE_READING), "wrong answers lose their own points and only those"
        ),
        "infinite_loop": Expected(
            True, scores([first]), "the loop is interrupted at the time limit; the rest is graded"
        ),
        "swallows_interrupt": Expected(
            False, None, "a loop that ignores the interrupt stops grading: recorded as a time-out"
        ),
        "kernel_death": Expected(False, None, "a dead kernel stops grading: recorded as a kernel death"),
        "deleted_check_cell": Expected(
            True, scores(), "nbgrader restores the deleted check cell, which then grades the right answer"
        ),
        "edited_check_cells": Expected(
            True, scores(everything), "nbgrader restores the locked check cells: `assert True` earns nothing"
        ),
        "invalid_json": Expected(False, None, "a file that is not notebook JSON cannot be graded"),
        "missing_notebook": Expected(False, None, "no notebook under the expected name: nothing to grade"),
        "huge_output": Expected(True, scores(), "a million printed lines are cut short; grading is unaffected"),
        "fake_pass": Expected(True, scores(everything), "rigged values and a patched readinglab earn nothing"),
    }
    return table[kind]
