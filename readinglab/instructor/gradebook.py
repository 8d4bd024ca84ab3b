"""Where a course's gradebook lives (a SQLite file or a database server), and snapshots of it.

nbgrader keeps its gradebook wherever ``c.CourseDirectory.db_url`` points:
by default ``sqlite:///<course>/gradebook.db``; a large course can set a
PostgreSQL URL instead (``postgresql+psycopg://user@host/gradebook``, see
deploy/README.md). Grading workers never write the real gradebook; each works
on a private SQLite snapshot (:func:`snapshot`), and only the parent merges
results back (:mod:`.merge`), whichever database the real one is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


def sqlite_url(folder: str | Path) -> str:
    return f"sqlite:///{Path(folder).resolve() / 'gradebook.db'}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for a database server."""
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def describe(url: str) -> str:
    """The URL for messages and logs, with any password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def check_url(url: str) -> str:
    """``url`` if SQLAlchemy can read it and has a driver for it; otherwise a clear ValueError."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
        parsed.get_dialect().import_dbapi()  # the driver module itself, which get_dialect() does not load
    except ArgumentError:
        raise ValueError(
            f"{url!r} is not a database URL. Write it like sqlite:////path/to/gradebook.db "
            "or postgresql+psycopg://user@host:5432/gradebook."
        ) from None
    except NoSuchModuleError:
        raise ValueError(
            f"No database driver for {describe(url)}. For PostgreSQL, install the driver "
            "(pip install 'psycopg[binary]') and write the URL as postgresql+psycopg://..."
        ) from None
    except ImportError as error:
        raise ValueError(
            f"The driver for {describe(url)} is not installed ({error}). For PostgreSQL, install "
            "it with: pip install 'psycopg[binary]'."
        ) from None
    return url


def snapshot(url: str, destination: Path, course_id: str) -> None:
    """A consistent SQLite copy of the gradebook at ``url``, even while something else writes to it."""
    path = sqlite_path(url)
    if path is not None:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    _copy_tables(url, destination, course_id)


def _copy_tables(url: str, destination: Path, course_id: str) -> None:
    """Copy every nbgrader table from a database server into a new SQLite gradebook, in one transaction."""
    from nbgrader.api import Base, Gradebook
    from sqlalchemy import create_engine, select

    Gradebook(f"sqlite:///{destination}", course_id=course_id).close()  # nbgrader's schema and version stamp
    source = create_engine(url, future=True).execution_options(isolation_level="REPEATABLE READ")
    target = create_engine(f"sqlite:///{destination}", future=True)
    try:
        with source.connect() as reading, target.begin() as writing:
            for table in reversed(Base.metadata.sorted_tables):
                writing.execute(table.delete())  # Gradebook() above added the course row
            for table in Base.metadata.sorted_tables:  # parents before children
                rows = [dict(row) for row in reading.execute(select(table)).mappings()]
                if rows:
                    writing.execute(table.insert(), rows)
    finally:
        source.dispose()
        target.dispose()
