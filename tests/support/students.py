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
``one_reading`` answers are written out here.
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

# A student who read only one of the two readings: the answers they get wrong.
# ps1 and ps2 are each about one reading, so this student read the *other*
# one and answered from it; in ps3 they read only same-page.
ONE_READING_ANSWERS = {
    "ps1-same-page": {
        "who_said": (
            "who_said = {key: name for key, name in zip(who_said, "
            "['Sun Xingjie', 'Li Kaisheng', 'Trump', 'Huang Jing', 'Jang Song Chol'])}"
        ),
        "true_or_false": "true_or_false = {key: True for key in true_or_false}",
        "dating": 'when_written = "B"',
        "dating_evidence": (
            'dating_evidence = "Regional observers say the two powers have come together '
            'in an effort to deal with North Korea."'
        ),
    },
    "ps2-together": {
        "published_on": 'published_on = "2017-07-01"',
        "who_said": "who_said = {key: 'Rex Tillerson' for key in who_said}",
        "priorities": "us_or_china = {key: 'US' for key in us_or_china}",
        "coal_evidence": (
            'coal_evidence = "Most recently, China has agreed to cut the influx of petroleum to North Korea, '
            'along with a few other petty concessions, as an attempt to appease the United States in its '
            'endeavor of further isolating the country from the international community and force its '
            'compliance with international norms."'
        ),
    },
    "ps3-compare": {
        "which_reading_a": "claims_a = {key: 'neither' for key in claims_a}",
        "which_reading_b": "claims_b = {key: '1' for key in claims_b}",
        "chronology": 'in_order = ["B", "D", "A", "C", "E"]',
        "agreement_evidence": (
            'agreement_sentence = "China has long advocated for a diplomatic solution to the crisis, while '
            'the U.S. has said that another armed conflict with North Korea is a very real possibility, but '
            'would be “tragic” should it occur."'
        ),
    },
}


def _student_ids(kinds: Iterable[str]) -> dict[str, str]:
    """Student ids for ``kinds``: the kind itself, then ``kind-2``, ``kind-3``... for repeats."""
    ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    for kind in kinds:
        if kind not in KINDS:
            raise ValueError(f"Unknown kind of student {kind!r}. Kinds: {', '.join(KINDS)}.")
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
        return fill_answers(release_nb, {**solutions, **ONE_READING_ANSWERS[assignment]})
    if kind == "infinite_loop":
        return fill_answers(release_nb, {**solutions, first: "while True:\n    pass"})
    if kind == "swallows_interrupt":
        loop = "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass"
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
