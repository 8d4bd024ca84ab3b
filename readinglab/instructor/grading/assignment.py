"""An assignment of a course, resolved once: its name, its notebook and where nbgrader keeps its files.

Paths come from nbgrader's own ``CourseDirectory.format_path`` with the course's
configuration, so a course that moves nbgrader's folders (``c.CourseDirectory.
submitted_directory`` and the like) is graded where nbgrader would look.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..course import Course


@dataclass(frozen=True)
class Assignment:
    """``Assignment.resolve(course, "ps1-same-page")``: checked to exist, with its paths at hand.

    A plain value (a course and a name) that can be sent to a worker process;
    nbgrader's ``CourseDirectory`` is built on first use in each process.
    """

    course: Course
    name: str

    @classmethod
    def resolve(cls, course: Course, name: str) -> Assignment:
        """The assignment ``name`` of ``course``; a CourseError lists the known ones if there is none such."""
        course.source_notebook(name)
        return cls(course, name)

    @cached_property
    def _coursedir(self):
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.course.config())

    @cached_property
    def source_notebook(self) -> Path:
        return self.course.source_notebook(self.name)

    @property
    def notebook(self) -> str:
        """The notebook's file name (each assignment here has one notebook)."""
        return self.source_notebook.name

    def _path(self, step: str, student: str) -> Path:
        folder = getattr(self._coursedir, f"{step}_directory")
        return Path(self._coursedir.format_path(folder, student, self.name))

    @property
    def source(self) -> Path:
        """``source/<assignment>/``."""
        return self._path("source", ".")

    def submitted(self, student: str) -> Path:
        """``submitted/<student>/<assignment>/``, as nbgrader names it."""
        return self._path("submitted", student)

    def autograded(self, student: str) -> Path:
        """``autograded/<student>/<assignment>/``, as nbgrader names it."""
        return self._path("autograded", student)

    def _students(self, step: str) -> list[str]:
        folder = Path(self._coursedir.root) / getattr(self._coursedir, f"{step}_directory")
        return sorted(p.parent.name for p in folder.glob(f"*/{self.name}") if p.is_dir())

    def submitted_students(self) -> list[str]:
        """The students with a submission folder for this assignment, sorted."""
        return self._students("submitted")

    def autograded_students(self) -> list[str]:
        """The students with an autograded folder for this assignment, sorted."""
        return self._students("autograded")

    def __getstate__(self):
        return {"course": self.course, "name": self.name}  # the cached nbgrader objects stay in their process
