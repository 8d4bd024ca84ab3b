"""merge: a busy gradebook is told by the database's error code, through nbgrader's and SQLAlchemy's wrappers."""

from __future__ import annotations

import sqlite3

import pytest

from readinglab.instructor.merge import _is_locked


def _busy_error(tmp_path) -> sqlite3.OperationalError:
    path = tmp_path / "gradebook.db"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE grade (score REAL)")
    holder.commit()
    holder.execute("BEGIN EXCLUSIVE")  # another writer (a formgrader, say) holds the database
    try:
        writer = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError) as raised:
            writer.execute("INSERT INTO grade VALUES (1)")
        writer.close()
    finally:
        holder.rollback()
        holder.close()
    return raised.value


def test_a_busy_database_is_told_by_its_error_code_through_the_wrappers(tmp_path):
    from nbgrader.api import InvalidEntry
    from sqlalchemy.exc import OperationalError

    busy = _busy_error(tmp_path)
    assert _is_locked(busy)
    wrapped = OperationalError("INSERT ...", {}, busy)  # SQLAlchemy keeps the driver's error as .orig
    try:
        try:
            raise wrapped
        except OperationalError as error:
            raise InvalidEntry(*error.args)  # noqa: B904 - as nbgrader does it
    except InvalidEntry as nbgraders:
        assert _is_locked(nbgraders)


def test_another_database_error_mentioning_a_lock_is_not_retried(tmp_path):
    """The message text no longer decides: a missing table named "locked" is not a busy database."""
    with pytest.raises(sqlite3.OperationalError) as raised:
        sqlite3.connect(tmp_path / "g.db").execute("SELECT * FROM locked_busy_table")
    assert "locked" in str(raised.value)
    assert not _is_locked(raised.value)
