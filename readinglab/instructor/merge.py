"""Copy one student's autograde results into the course's real gradebook, without ever losing them.

Workers grade in scratch copies with their own SQLite gradebooks; only the
parent process writes the real one, one student at a time, through nbgrader's
Gradebook API. SQLite still allows only one writer at a time, and a formgrader
left open by the instructor may hold the write lock for a moment, so a write
that finds the database locked is rolled back and tried again until
``patience`` seconds have passed.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass, field

from .course import Course
from .gradebook import describe


@dataclass
class SubmissionRows:
    """What autograde wrote for one submission in a scratch gradebook, as plain (picklable) values."""

    timestamp: str | None = None
    # notebook -> {"late_submission_penalty": x, "grades": {cell: {auto_score, needs_manual_grade}},
    #              "comments": {cell: auto_comment}}
    notebooks: dict = field(default_factory=dict)

    @classmethod
    def read(cls, gradebook, assignment: str, student: str) -> SubmissionRows | None:
        from nbgrader.api import MissingEntry

        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None
        rows = cls(timestamp=submission.timestamp.isoformat() if submission.timestamp else None)
        for notebook in submission.notebooks:
            rows.notebooks[notebook.name] = {
                "late_submission_penalty": notebook.late_submission_penalty,
                "grades": {
                    g.name: {"auto_score": g.auto_score, "needs_manual_grade": g.needs_manual_grade}
                    for g in notebook.grades
                },
                "comments": {c.name: c.auto_comment for c in notebook.comments},
            }
        return rows


class MergeError(Exception):
    """The real gradebook stayed locked (or broken) for longer than we were willing to wait."""


# What a database says when another writer holds it: SQLite's result codes, PostgreSQL's SQLSTATEs
# (lock not available, serialization failure, deadlock).
_SQLITE_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_POSTGRES_BUSY_STATES = ("55P03", "40001", "40P01")


def _is_locked(error: BaseException) -> bool:
    """True when ``error`` (or what it was raised from) is the database being busy, told by its error code.

    nbgrader re-raises a database error as ``InvalidEntry(*args)`` inside its ``except``, and SQLAlchemy
    wraps the driver's error as ``.orig``: so the chain is walked, causes, contexts and ``orig`` alike.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, sqlite3.Error) and getattr(current, "sqlite_errorcode", None) in _SQLITE_BUSY_CODES:
            return True
        if getattr(current, "sqlstate", None) in _POSTGRES_BUSY_STATES:  # psycopg's errors carry their SQLSTATE
            return True
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return False


def merge_submission(
    course: Course,
    assignment: str,
    student: str,
    rows: SubmissionRows | None,
    *,
    with_grades: bool,
    patience: float = 120.0,
) -> int:
    """Record ``student``'s submission in the real gradebook; with ``with_grades``, also its autograde results.

    Without grades (the student's grading failed) the submission is still
    recorded, as ``nbgrader autograde`` does before it runs anything, and any
    earlier grades are left alone. Manual scores and comments are never
    touched. A write that finds the database busy is rolled back and tried
    again (tenacity: waits of 0.2 s doubling up to 5 s) for up to ``patience``
    seconds. Returns the number of attempts it took.
    """
    from tenacity import RetryError, Retrying, retry_if_exception, stop_after_delay, wait_exponential

    retrying = Retrying(
        retry=retry_if_exception(_is_locked),
        stop=stop_after_delay(patience),
        wait=wait_exponential(multiplier=0.1, min=0.2, max=5.0),
        reraise=False,
    )
    try:
        for attempt in retrying:
            with attempt:
                _write(course, assignment, student, rows, with_grades)
            if not attempt.retry_state.outcome.failed:
                return attempt.retry_state.attempt_number
    except RetryError as gave_up:  # busy for longer than `patience`
        last = gave_up.last_attempt
        raise MergeError(
            f"could not write {student}'s grades to {describe(course.gradebook_url())} "
            f"after {last.attempt_number} attempt(s): {last.exception()}"
        ) from last.exception()
    except Exception as error:  # noqa: BLE001 - not a busy database: no point in trying again
        raise MergeError(
            f"could not write {student}'s grades to {describe(course.gradebook_url())}: {error}"
        ) from error
    raise AssertionError("tenacity stopped without a result")  # not reached: it returns or raises above


@contextlib.contextmanager
def _quiet_gradebook_log():
    """nbgrader logs a full traceback for every locked write; we retry those, so keep them off the console."""
    log = logging.getLogger("tornado.application")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _write(course: Course, assignment: str, student: str, rows: SubmissionRows | None, with_grades: bool) -> None:
    timestamp = {"timestamp": rows.timestamp} if rows and rows.timestamp else {}
    with _quiet_gradebook_log(), course.gradebook() as gb:
        try:
            gb.update_or_create_student(student)
            gb.update_or_create_submission(assignment, student, **timestamp)
            if with_grades and rows is not None:
                for notebook_id, notebook_rows in rows.notebooks.items():
                    notebook = gb.find_submission_notebook(notebook_id, assignment, student)
                    notebook.late_submission_penalty = notebook_rows["late_submission_penalty"]
                    for cell, values in notebook_rows["grades"].items():
                        grade = gb.find_grade(cell, notebook_id, assignment, student)
                        grade.auto_score = values["auto_score"]
                        grade.needs_manual_grade = values["needs_manual_grade"]
                    for cell, auto_comment in notebook_rows["comments"].items():
                        gb.find_comment(cell, notebook_id, assignment, student).auto_comment = auto_comment
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise
