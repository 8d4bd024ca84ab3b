"""A tiny course for unit tests of the instructor tools, made the way nbgrader's own tests make theirs.

nbgrader's tests build a notebook from a few cells (``nbgrader.tests.create_grade_cell`` and friends) and
run one preprocessor on it. Here the same cells make a course folder that :class:`Course` opens: a
three-line nbgrader_config.py, ``source/ps0/ps0.ipynb``, and a SQLite gradebook that knows the
assignment because nbgrader's own SaveCells stored the cells, as ``generate_assignment`` does. Scores
are then written with nbgrader's Gradebook API. Nothing is executed: each test takes well under a second.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook
from nbgrader.tests import create_grade_and_solution_cell, create_grade_cell, create_solution_cell, create_task_cell

from readinglab.instructor.course import Course

ASSIGNMENT = "ps0"


def answer(grade_id: str):
    return create_solution_cell("answer = None", "code", grade_id)


def check(grade_id: str, points: float):
    cell = create_grade_cell(f"assert answer is not None  # {grade_id}", "code", grade_id, points)
    cell.metadata.nbgrader["locked"] = True
    return cell


def written(grade_id: str, points: float):
    """A markdown answer that a grader marks by hand."""
    return create_grade_and_solution_cell("YOUR ANSWER HERE", "markdown", grade_id, points)


def task(grade_id: str, points: float):
    return create_task_cell(f"Describe the two readings ({grade_id}).", "markdown", grade_id, points)


def make_course(root: Path, cells: list | None) -> Course:
    """A course folder at ``root`` whose one assignment, ps0, is a notebook of ``cells``, known to its gradebook.

    With ``cells=None``: a course whose gradebook knows no assignment yet (nothing was generated).
    """
    from nbgrader.preprocessors import SaveCells

    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = 'tiny'\nc.CourseDirectory.root = {str(root)!r}\n"
    )
    shutil.copyfile(_empty_gradebook(), root / "gradebook.db")
    course = Course.open(root)
    if cells is None:
        return course
    nb = new_notebook(cells=cells)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(nb, root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    with course.gradebook() as gb:
        gb.update_or_create_assignment(ASSIGNMENT)
    SaveCells().preprocess(
        nb, {"nbgrader": {"db_url": course.gradebook_url(), "assignment": ASSIGNMENT, "notebook": ASSIGNMENT}}
    )
    return course


@functools.cache
def _empty_gradebook() -> Path:
    """An empty gradebook, made once per test process: a new one costs nearly a second (nbgrader runs alembic)."""
    from nbgrader.api import Gradebook

    from readinglab.instructor.course import ensure_tools_on_path

    ensure_tools_on_path()
    folder = Path(tempfile.mkdtemp(prefix="tiny-gradebook-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    Gradebook(f"sqlite:///{folder / 'gradebook.db'}", course_id="tiny").close()
    return folder / "gradebook.db"


def record(
    course: Course,
    student: str,
    auto: dict[str, float | None] | None = None,
    *,
    manual: dict[str, float] | None = None,
    timestamp: str | None = None,
    **student_fields,
) -> None:
    """``student``'s submission of ps0 in ``course``'s gradebook, with autograde and manual scores per cell."""
    with course.gradebook() as gb:
        gb.update_or_create_student(student, **student_fields)
        gb.update_or_create_submission(ASSIGNMENT, student, **({"timestamp": timestamp} if timestamp else {}))
        for cell, score in (auto or {}).items():  # as nbgrader's SaveAutoGrades: a scored cell needs no grader
            grade = gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student)
            grade.auto_score, grade.needs_manual_grade = score, score is None
        for cell, score in (manual or {}).items():
            gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student).manual_score = score
        gb.db.commit()
