"""`course grade` under pressure: two workers that finish at the same moment, on a locked gradebook."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from .support.course_copy import open_copy, release
from .support.expected import expected_outcome
from .support.notebooks import assignment_notebooks, fill_answers, solution_code
from .support.students import build_class

ASSIGNMENT = "ps1-same-page"


@pytest.fixture
def small_class(tmp_path) -> tuple[Path, dict[str, str]]:
    course = open_copy(tmp_path / "course")
    release(course, ASSIGNMENT)
    return course.root, build_class(course.root, ASSIGNMENT, ["solution", "one_reading"])


def test_two_workers_finishing_together_on_a_locked_gradebook_lose_no_grade(small_class):
    """Both workers hand over at once (a barrier) while another program holds the gradebook's write lock
    for longer than SQLite's busy timeout: both grades must still arrive, after a retry."""
    from readinglab.instructor.course import Course
    from readinglab.instructor.grading import GRADED, grade_class

    course_root, students = small_class
    course = Course.open(course_root, Execute={"timeout": 5})
    finish_together = multiprocessing.get_context("spawn").Barrier(3)  # two workers and the lock holder
    held = {}

    def hold_the_write_lock() -> None:
        connection = sqlite3.connect(course_root / "gradebook.db", timeout=60, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")  # readers may go on; writers wait
        finish_together.wait(timeout=300)  # both workers are about to hand over
        held["from"] = time.monotonic()
        time.sleep(7)  # longer than the 5 s SQLite waits before "database is locked"
        connection.execute("COMMIT")
        held["until"] = time.monotonic()
        connection.close()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    run = grade_class(course, ASSIGNMENT, jobs=2, progress=False, finish_together=finish_together)
    holder.join()

    assert run.ok
    assert {o.student: o.status for o in run.outcomes.values()} == {s: GRADED for s in students}
    # The first hand-over waits out the lock and retries; the second finds it free.
    assert max(o.merge_attempts for o in run.outcomes.values()) >= 2, "the lock was never met: the test tests nothing"
    from nbgrader.api import Gradebook

    with Gradebook(course.gradebook_url(), course_id=course.course_id) as gb:
        for student, kind in students.items():
            expected = expected_outcome(course_root, ASSIGNMENT, kind).scores
            stored = {cell: gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student).auto_score for cell in expected}
            assert stored == expected, student
    for student in students:
        assert (course_root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()


@pytest.mark.parametrize("sandboxed", [False, True], ids=["unsafe-no-sandbox", "sandboxed"])
def test_a_student_who_kills_the_grading_worker_is_recorded_and_the_rest_are_graded(tmp_path, sandboxed):
    """A notebook that kills its worker process (the kernel's parent) costs that student a grade, nobody else.

    One worker, and the killer is graded first: the others are graded only if the dead worker is replaced.
    (Run through the command with a time limit, so that a run that never ends fails instead of hanging.)
    Without the sandbox the kill works, and the worker must be replaced; in the sandbox the kernel's parent
    is the sandbox's own init, the worker is out of reach, and the killer is simply graded.
    """
    import json
    import subprocess
    import sys

    import nbformat

    course = open_copy(tmp_path / "course")
    release(course, ASSIGNMENT)
    course_root = course.root
    students = build_class(course_root, ASSIGNMENT, ["solution", "one_reading"])
    source, released = assignment_notebooks(course_root, ASSIGNMENT)
    answers = solution_code(source)
    first = next(iter(answers))
    killer = fill_answers(released, {**answers, first: "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"})
    folder = course_root / "submitted" / "a-worker-killer" / ASSIGNMENT  # first in name order
    folder.mkdir(parents=True)
    nbformat.write(killer, folder / f"{ASSIGNMENT}.ipynb")

    grade = subprocess.run(
        [
            str(Path(sys.executable).parent / "course"),
            "--course",
            str(course_root),
            "grade",
            ASSIGNMENT,
            "--jobs",
            "1",
            "--timeout",
            "10",
            *([] if sandboxed else ["--unsafe-no-sandbox"]),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert grade.returncode == 0, grade.stdout + grade.stderr
    record = json.loads((course_root / "reports" / ASSIGNMENT / "grading.json").read_text())
    outcomes = record["outcomes"]
    assert record["sandboxed"] is sandboxed
    if sandboxed:
        assert outcomes["a-worker-killer"]["status"] == "graded", outcomes["a-worker-killer"]
    else:
        assert outcomes["a-worker-killer"]["status"] == "failed"
        assert "the grading worker process stopped" in outcomes["a-worker-killer"]["reason"]
    for student, kind in students.items():
        assert outcomes[student]["status"] == "graded", outcomes[student]
        assert outcomes[student]["scores"] == expected_outcome(course_root, ASSIGNMENT, kind).scores, student
