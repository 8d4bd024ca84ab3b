"""The course folder: where it is, its nbgrader configuration, and an NbGraderAPI on it."""

from __future__ import annotations

import copy
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .gradebook import check_url, describe, sqlite_path, sqlite_url

CONFIG_FILE = "nbgrader_config.py"


class CourseError(Exception):
    """Something about the course folder or its state stops a command; the message says what to do."""


def default_course_dir(cwd: str | os.PathLike | None = None) -> Path:
    """The current folder if it holds nbgrader_config.py and source/, else this repository's ``course/``."""
    here = Path(cwd or os.getcwd())
    if (here / CONFIG_FILE).is_file() and (here / "source").is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "course"


@functools.lru_cache(maxsize=16)
def _read_config(root: str, source: bytes | None, environment: tuple):
    """nbgrader_config.py in ``root``, run once per (folder, file contents, environment): the file may read both.

    The cached object is never handed out: :meth:`Course.config` gives each caller its own deep copy.
    """
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(CONFIG_FILE, root).load_config()


def ensure_tools_on_path() -> None:
    """nbgrader runs ``alembic`` by name, so the running interpreter's bin/ must be on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


@dataclass(frozen=True)
class Course:
    """A course folder, with any settings a command overrides (``{"Execute": {"timeout": 5}}``)."""

    root: Path
    overrides: tuple = ()  # ((section, name, value), ...): hashable, picklable

    @classmethod
    def open(cls, root: str | os.PathLike, **overrides) -> Course:
        root = Path(root).resolve()
        if not (root / CONFIG_FILE).is_file():
            raise CourseError(
                f"{root} is not a course folder: it has no {CONFIG_FILE}. "
                "Give the folder with --course DIR, or run the command inside it."
            )
        flat = tuple((section, name, value) for section, values in overrides.items() for name, value in values.items())
        course = cls(root, flat)
        try:
            check_url(course.gradebook_url())
        except ValueError as error:
            raise CourseError(str(error)) from None
        return course

    def config(self, root: str | os.PathLike | None = None):
        """The course's nbgrader_config.py as nbgrader reads it; ``root`` moves the course (for scratch copies).

        The file is run once while it and the environment stay the same; each call returns a fresh,
        independent copy that the caller may change.
        """
        path = self.root / CONFIG_FILE
        try:
            source = path.read_bytes()
        except OSError:
            source = None  # traitlets' loader says what is wrong, as before (an error is never cached)
        config = copy.deepcopy(_read_config(str(self.root), source, tuple(sorted(os.environ.items()))))
        for section, name, value in self.overrides:
            setattr(config[section], name, value)
        if root is not None:  # a scratch copy always has its own SQLite gradebook
            config.CourseDirectory.root = str(root)
            config.CourseDirectory.db_url = sqlite_url(root)
        return config

    @property
    def course_id(self) -> str:
        return str(self.config().CourseDirectory.course_id)

    @property
    def exchange_root(self) -> Path:
        return Path(str(self.config().Exchange.root))

    def gradebook_url(self, root: str | os.PathLike | None = None) -> str:
        """``c.CourseDirectory.db_url`` if the config (or ``--db-url``) sets one, else gradebook.db in the course.

        With ``root`` (a scratch copy): that copy's own gradebook.db.
        """
        if root is not None:
            return sqlite_url(root)
        configured = self.config().CourseDirectory
        return str(configured.db_url) if configured.get("db_url") else sqlite_url(self.root)

    def has_gradebook(self) -> bool:
        """False only for a SQLite gradebook file that does not exist yet (a server is asked when opened)."""
        path = sqlite_path(self.gradebook_url())
        return path is None or path.is_file()

    def api(self, config=None):
        """nbgrader's Python API on this course (or on ``config``)."""
        ensure_tools_on_path()
        from nbgrader.apps import NbGraderAPI

        return NbGraderAPI(config=config if config is not None else self.config())

    def gradebook(self, root: str | os.PathLike | None = None):
        """nbgrader's Gradebook on this course's gradebook.db (or on the one in ``root``, a scratch copy)."""
        ensure_tools_on_path()
        import warnings

        from nbgrader.api import Gradebook
        from sqlalchemy.exc import OperationalError

        # SQLAlchemy 2.1 warns on every new submission (toolchain notes); the rows are saved all the same.
        warnings.filterwarnings("ignore", message=".*not in session.*")
        url = self.gradebook_url(root)
        try:
            return Gradebook(check_url(url), course_id=self.course_id)
        except ValueError as error:
            raise CourseError(str(error)) from None
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise CourseError(
                f"Cannot open the gradebook at {describe(url)}: {reason}. Check that the database "
                "server is running and the URL (c.CourseDirectory.db_url or --db-url) is right."
            ) from None

    def source_notebook(self, assignment: str) -> Path:
        """The assignment's source notebook (each assignment here has one notebook named after it)."""
        folder = self.root / "source" / assignment
        if not folder.is_dir():
            known = sorted(p.name for p in (self.root / "source").glob("*") if p.is_dir())
            raise CourseError(
                f"No assignment {assignment!r} in {self.root / 'source'}. Assignments: {', '.join(known)}."
            )
        notebooks = sorted(folder.glob("*.ipynb"))
        if not notebooks:
            raise CourseError(f"{folder} has no notebook.")
        return notebooks[0]

    def require_generated(self, assignment: str) -> None:
        """Stop with a clear message if nbgrader's gradebook does not know the assignment yet."""
        self.source_notebook(assignment)
        from nbgrader.api import MissingEntry

        if not self.has_gradebook():
            raise CourseError(f"The course has no gradebook yet. Run `course release {assignment}` first.")
        with self.gradebook() as gb:
            try:
                gb.find_assignment(assignment)
            except MissingEntry:
                raise CourseError(
                    f"The gradebook does not know {assignment!r}. Run `course release {assignment}` first "
                    "(it runs nbgrader's generate_assignment)."
                ) from None

    def output_dir(self, *parts: str) -> Path:
        """A folder for files this tool writes (``reports/``, ``handout/``), kept out of git."""
        top = self.root / parts[0]
        folder = self.root.joinpath(*parts)
        folder.mkdir(parents=True, exist_ok=True)
        ignore = top / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by the `course` command: never committed\n*\n", encoding="utf-8")
        return folder
