"""Copies of the course folder to grade in, opened as the ``course`` command opens a course.

The real course folder is never graded in place: a test copies it (without
anything nbgrader generated), opens the copy as a :class:`Course` and releases
what it needs through the course's own nbgrader API::

    course = open_copy(tmp_path / "course", Execute={"timeout": 10})
    release(course, "ps1-same-page")

The copy's ``nbgrader_config.py`` is the course's own: every setting a test
changes is a :class:`Course` override, or, for a command that reads only the
file (``nbgrader autograde``), a line appended to the copy's file
(:func:`use_plain_nbgrader`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from readinglab.instructor.course import CONFIG_FILE, Course
from readinglab.instructor.gradebook import sqlite_path

COURSE = Path(__file__).resolve().parents[2] / "course"

# The course's assignments: one folder each under source/.
ASSIGNMENTS = tuple(sorted(p.name for p in (COURSE / "source").glob("[!.]*") if p.is_dir()))


def _generated() -> tuple[str, ...]:
    """What nbgrader writes into the course folder: its folder for each step after the source, as the course
    config names them, and the SQLite gradebook; and the exchange, which the course config keeps in the folder
    unless told otherwise. Never copied from the real course folder."""
    from nbgrader.coursedir import CourseDirectory

    course = Course.open(COURSE)
    coursedir = CourseDirectory(config=course.config())
    steps = [getattr(coursedir, f"{step}_directory") for step in ("release", "submitted", "autograded", "feedback")]
    gradebook = sqlite_path(course.gradebook_url())
    return (*steps, *([gradebook.name] if gradebook else []), "exchange")


GENERATED = _generated()


def copy_course(course_src: str | os.PathLike, destination: str | os.PathLike) -> Path:
    """A copy of the course folder without anything nbgrader generated."""
    destination = Path(destination)
    shutil.copytree(course_src, destination, ignore=shutil.ignore_patterns(*GENERATED, "__pycache__"))
    return destination


def open_copy(destination: str | os.PathLike, *, source: str | os.PathLike = COURSE, **overrides) -> Course:
    """A fresh copy of ``source`` at ``destination``, opened with ``overrides`` (``Execute={"timeout": 10}``).

    Its exchange is the folder ``exchange/`` inside the copy unless an override says otherwise.
    """
    root = copy_course(source, destination)
    return Course.open(root, **{"Exchange": {"root": str(Path(root).resolve() / "exchange")}, **overrides})


def release(course: Course, *assignments: str) -> None:
    """nbgrader's ``generate_assignment`` of each assignment, through the course's own API."""
    api = course.api()
    for assignment in assignments:
        result = api.generate_assignment(assignment)
        if not result["success"]:
            raise RuntimeError(f"generate_assignment {assignment} failed:\n{result.get('log')}\n{result.get('error')}")


def plain_nbgrader() -> dict:
    """Course overrides that give back nbgrader's own autograde pipeline: student code and checks in one
    plain kernel, no sandbox.

    The unprotected baseline that sandboxed grading is compared with (honest grades must not change),
    attacked (tests/hostile) and timed against (bench).
    """
    from nbgrader.converters import Autograde

    stock = [f"{c.__module__}.{c.__name__}" for c in Autograde.autograde_preprocessors.default()]
    return {"Autograde": {"autograde_preprocessors": stock}}


def use_plain_nbgrader(course_root: str | os.PathLike) -> None:
    """Make a course copy autograde with :func:`plain_nbgrader`'s pipeline, whatever runs it.

    The settings are appended to the copy's own ``nbgrader_config.py``, for commands that read only
    that file (``nbgrader autograde``).
    """
    settings = "".join(
        f"c.{section}.{name} = {value!r}\n"
        for section, values in plain_nbgrader().items()
        for name, value in values.items()
    )
    with open(Path(course_root) / CONFIG_FILE, "a", encoding="utf-8") as config:
        config.write(
            f"\n# plain nbgrader's own autograde pipeline (tests and bench: the unsandboxed baseline)\n{settings}"
        )
