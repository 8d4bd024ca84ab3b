"""Grade synthetic classes with the real grading code: ``course grade``'s :func:`grade_class` on a course copy.

::

    reports = grade_classes(COURSE, workdir, ASSIGNMENTS, build_class, timeout=10, jobs=3)
    reports["ps1-same-page"]["outcomes"]["blank"]      # {"graded": True, "scores": {...}, "reason": "", ...}

One copy of the course gets every assignment released; for each assignment,
``build(course_root, assignment)`` writes the submissions and returns
``{student: kind}``, and :func:`grade_class` grades exactly those students in
its worker processes, as ``course grade --jobs N`` does (sandboxed, with the
course's config), recording ``reports/<assignment>/grading.json`` on the way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from readinglab.instructor.grading import GRADED, GradingRun, grade_class

from .course_copy import open_copy, release


def report(run: GradingRun, students: dict[str, str], course_root: Path) -> dict:
    """A grading run as the tests read it: the run's own record (``GradingRun.to_json``) and the class.

    ``students`` is ``{student: kind}``; every outcome also says ``graded`` (its status is "graded").
    ``finished`` is True when the run lost nobody (every student graded, or failed or missing with a reason).
    """
    record = run.to_json()
    for outcome in record["outcomes"].values():
        outcome["graded"] = outcome["status"] == GRADED
    return {**record, "course_root": str(course_root), "students": students, "finished": run.ok}


def grade_classes(
    course_src: str | os.PathLike,
    workdir: str | os.PathLike,
    assignments: Iterable[str],
    build: Callable[[Path, str], dict[str, str]],
    *,
    timeout: int = 10,
    jobs: int = 2,
) -> dict[str, dict]:
    """Grade a class for each assignment, in one copy of ``course_src``, with ``jobs`` grading workers.

    Returns the :func:`report` of each assignment. ``timeout`` is the time limit per cell, in seconds.
    """
    course = open_copy(Path(workdir) / "course", source=course_src, Execute={"timeout": timeout})
    assignments = list(assignments)
    release(course, *assignments)
    reports = {}
    for assignment in assignments:
        students = build(course.root, assignment)
        run = grade_class(course, assignment, jobs=jobs, students=list(students), progress=False)
        reports[assignment] = report(run, students, course.root)
    return reports
