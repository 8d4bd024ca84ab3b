"""The kinds of synthetic students, and the submission each kind hands in.

A course copy whose assignment has been released (``release/`` exists) gets
one submission per *kind* of student in ``submitted/<student>/<assignment>/``::

    students = build_class(course_root, "ps1-same-page")      # {"solution": "solution", ...}

Kinds (``KINDS``): the solution; the blank release; a student who read only one
reading (``one_reading``: some answers wrong); an infinite loop; a loop that
swallows KeyboardInterrupt; ``os._exit`` (kernel death); a deleted check cell;
edited check cells (``assert True``); invalid notebook JSON; a missing
(misnamed) notebook; a million lines of output; and answers that try to fake a
pass (:mod:`.fake_pass`). What each kind should score is in :mod:`.expected`.

Solutions come from the source notebooks (the code between nbgrader's solution
delimiters), so the class follows the notebooks when they change. Only the
``one_reading`` answers are written out, in each assignment's answer tables
(:mod:`.answers`).
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import nbformat

from readinglab.instructor.course import Course
from readinglab.instructor.grading.assignment import Assignment

from .answers import answers
from .fake_pass import fake_pass_answers
from .notebooks import assignment_notebooks, check_cells, fill_answers, solution_code

KINDS = (
    "solution",
    "blank",
    "one_reading",
    "infinite_loop",
    "swallows_interrupt",
    "kernel_death",
    "deleted_check_cell",
    "edited_check_cells",
    "invalid_json",
    "missing_notebook",
    "huge_output",
    "fake_pass",
)

# Readers who did not read closely, for measuring what the questions reward (tests/test_grading_readers.py):
# the helper-only student answers from readinglab's outputs and printed metadata, never reading a paragraph;
# the skimmer from each reading's headline, standfirst and first paragraph, and general knowledge.
# Their answers are in each assignment's answer tables (HELPER_ONLY, SKIMMER).
READERS = ("helper_only", "skimmer")


def _student_ids(kinds: Iterable[str]) -> dict[str, str]:
    """Student ids for ``kinds``: the kind itself, then ``kind-2``, ``kind-3``... for repeats."""
    ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    for kind in kinds:
        if kind not in KINDS + READERS:
            raise ValueError(f"Unknown kind of student {kind!r}. Kinds: {', '.join(KINDS + READERS)}.")
        seen[kind] = seen.get(kind, 0) + 1
        ids[kind if seen[kind] == 1 else f"{kind}-{seen[kind]}"] = kind
    return ids


def submission_for(kind: str, assignment: str, source_nb, release_nb):
    """The submitted notebook for one kind of student: a notebook, or raw text for ``invalid_json``."""
    solutions = solution_code(source_nb)
    first = next(iter(solutions))
    if kind == "solution":
        return fill_answers(release_nb, solutions)
    if kind == "blank":
        return copy.deepcopy(release_nb)
    if kind == "one_reading":
        return fill_answers(release_nb, {**solutions, **answers(assignment).ONE_READING})
    if kind in READERS:
        # Every answer is the reader's own: a question missing from their table would be the
        # solution's, so the tables must cover every answer cell (a test checks it).
        table = answers(assignment).HELPER_ONLY if kind == "helper_only" else answers(assignment).SKIMMER
        return fill_answers(release_nb, {name: table[name] for name in solutions})
    if kind == "infinite_loop":
        return fill_answers(release_nb, {**solutions, first: "while True:\n    pass"})
    if kind == "swallows_interrupt":
        loop = (
            "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass"
        )
        return fill_answers(release_nb, {**solutions, first: loop})
    if kind == "kernel_death":
        return fill_answers(release_nb, {**solutions, first: "import os\nos._exit(1)"})
    if kind == "huge_output":
        flood = solutions[first] + '\nprint("\\n".join(str(i) for i in range(1_000_000)))'
        return fill_answers(release_nb, {**solutions, first: flood})
    if kind == "fake_pass":
        return fill_answers(release_nb, fake_pass_answers(solutions))
    if kind == "deleted_check_cell":
        nb = fill_answers(release_nb, solutions)
        first_check = check_cells(nb)[0]
        nb.cells = [c for c in nb.cells if c is not first_check]
        return nb
    if kind == "edited_check_cells":
        # Blank answers; every check cell says `assert True`, and the first one
        # also loses its nbgrader metadata, as if the student unlocked it.
        nb = copy.deepcopy(release_nb)
        for position, cell in enumerate(check_cells(nb)):
            cell.source = "assert True"
            if position == 0:
                del cell.metadata["nbgrader"]
        return nb
    if kind == "invalid_json":
        return '{"cells": [ this is not JSON'
    raise ValueError(f"No submission is defined for kind {kind!r}.")


def build_class(course_root: str | os.PathLike, assignment: str, kinds: Iterable[str] = KINDS) -> dict[str, str]:
    """Write one submission per kind into ``course_root/submitted/``; return ``{student_id: kind}``.

    The assignment must have been released (its ``release/`` notebook exists).
    """
    source_nb, release_nb = assignment_notebooks(course_root, assignment)
    paths = Assignment.resolve(Course.open(course_root), assignment)  # where nbgrader looks for submissions
    students = _student_ids(kinds)
    for student, kind in students.items():
        folder = paths.submitted(student)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        if kind == "missing_notebook":
            # The notebook is there, but not under the name nbgrader expects: as
            # when a student downloads a second copy ("ps1 (1).ipynb") and submits that.
            nbformat.write(release_nb, folder / f"{Path(paths.notebook).stem} (1).ipynb")
            continue
        submission = submission_for(kind, assignment, source_nb, release_nb)
        target = folder / paths.notebook
        if isinstance(submission, str):
            target.write_text(submission, encoding="utf-8")
        else:
            nbformat.write(submission, target)
    return students


# Kinds that fail to grade, or cost a time limit: a few of each in a mixed class.
FAILING_KINDS = ("infinite_loop", "swallows_interrupt", "kernel_death", "invalid_json", "missing_notebook")


def mixed_kinds(size: int, failing: Iterable[str] = FAILING_KINDS) -> list[str]:
    """``size`` students: one of each of ``failing``, the rest solution / one_reading / blank in turn.

    >>> mixed_kinds(7, failing=("kernel_death",))
    ['kernel_death', 'solution', 'one_reading', 'blank', 'solution', 'one_reading', 'blank']
    """
    failing = list(failing)
    if size < len(failing):
        raise ValueError(f"A class of {size} cannot hold the {len(failing)} failing kinds.")
    ordinary = ("solution", "one_reading", "blank")
    return failing + [ordinary[i % len(ordinary)] for i in range(size - len(failing))]
