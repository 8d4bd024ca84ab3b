"""merge: one student's autograde results into the real gradebook; a busy one is told by the database's error code."""

from __future__ import annotations

import pickle
import sqlite3
import time

import pytest

from readinglab.instructor.merge import MergeError, SubmissionRows, _is_locked, merge_submission

from .support.tiny_course import ASSIGNMENT, answer, check, make_course, record, written


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


# ====================================================================== merging a submission, on tiny gradebooks
# A worker grades one student in a scratch copy (its own gradebook); the parent reads what autograde wrote
# there (SubmissionRows) and merges it into the course's real gradebook.

CELLS = [answer("answer_days"), check("check_days", 2), written("why", 2)]


@pytest.fixture
def scratch(tmp_path):
    """A worker's scratch gradebook after autograding ben: check_days passed, `why` waits for a grader."""
    course = make_course(tmp_path / "scratch", CELLS)
    record(course, "ben", {"check_days": 2.0}, timestamp="2017-05-02 10:00:00")
    with course.gradebook() as gb:
        submitted = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "ben")
        submitted.late_submission_penalty = 0.5
        gb.find_grade("why", ASSIGNMENT, ASSIGNMENT, "ben").needs_manual_grade = True
        gb.find_comment("answer_days", ASSIGNMENT, ASSIGNMENT, "ben").auto_comment = "No response."
        gb.db.commit()
        return SubmissionRows.read(gb, ASSIGNMENT, "ben")


def stored(course, student: str) -> dict:
    """What the real gradebook holds for ``student``: scores, flags and comments by cell, and the student."""
    with course.gradebook() as gb:
        notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        person = gb.find_student(student)
        return {
            "student": (person.first_name, person.last_name, person.email),
            "timestamp": gb.find_submission(ASSIGNMENT, student).timestamp,
            "late_submission_penalty": notebook.late_submission_penalty,
            "auto": {g.name: g.auto_score for g in notebook.grades},
            "manual": {g.name: g.manual_score for g in notebook.grades},
            "score": {g.name: g.score for g in notebook.grades},
            "needs_manual_grade": {g.name: g.needs_manual_grade for g in notebook.grades},
            "auto_comment": {c.name: c.auto_comment for c in notebook.comments},
            "manual_comment": {c.name: c.manual_comment for c in notebook.comments},
        }


def test_rows_read_from_a_scratch_gradebook_hold_what_autograde_wrote_and_travel_between_processes(scratch):
    assert scratch.notebooks[ASSIGNMENT]["grades"]["check_days"] == {"auto_score": 2.0, "needs_manual_grade": False}
    assert scratch.notebooks[ASSIGNMENT]["grades"]["why"]["needs_manual_grade"] is True
    assert scratch.timestamp.startswith("2017-05-02T10:00:00")
    assert pickle.loads(pickle.dumps(scratch)) == scratch  # workers send them to the parent


def test_a_student_who_did_not_submit_has_no_rows(tmp_path):
    course = make_course(tmp_path / "course", CELLS)
    with course.gradebook() as gb:
        assert SubmissionRows.read(gb, ASSIGNMENT, "nobody") is None


def test_merging_into_a_gradebook_with_no_students_adds_the_student_and_all_autograde_wrote(tmp_path, scratch):
    course = make_course(tmp_path / "course", CELLS)
    assert merge_submission(course, ASSIGNMENT, "ben", scratch, with_grades=True) == 1
    after = stored(course, "ben")
    assert after["auto"] == {"check_days": 2.0, "why": None}
    assert after["needs_manual_grade"] == {"check_days": False, "why": True}
    assert after["auto_comment"]["answer_days"] == "No response."
    assert after["late_submission_penalty"] == 0.5
    assert after["timestamp"].isoformat() == scratch.timestamp


def test_a_student_already_in_the_gradebook_keeps_their_details_and_the_graders_marks(tmp_path, scratch):
    """Graded before (check failed), then marked by hand; a new autograde changes only the autograde."""
    course = make_course(tmp_path / "course", CELLS)
    record(
        course,
        "ben",
        {"check_days": 0.0},
        manual={"why": 1.5},
        first_name="Ben",
        last_name="Okafor",
        email="ben@example.org",
    )
    with course.gradebook() as gb:
        gb.find_comment("why", ASSIGNMENT, ASSIGNMENT, "ben").manual_comment = "Quote the envoy."
        gb.db.commit()
    merge_submission(course, ASSIGNMENT, "ben", scratch, with_grades=True)
    after = stored(course, "ben")
    assert after["student"] == ("Ben", "Okafor", "ben@example.org")
    assert after["auto"]["check_days"] == 2.0, "the latest autograde replaces the earlier one"
    assert after["manual"]["why"] == 1.5 and after["manual_comment"]["why"] == "Quote the envoy."
    with course.gradebook() as gb:
        assert [s.id for s in gb.students] == ["ben"] and len(gb.find_assignment(ASSIGNMENT).submissions) == 1


def test_a_conflicting_autograde_score_is_replaced_but_a_graders_override_still_counts(tmp_path, scratch):
    course = make_course(tmp_path / "course", CELLS)
    record(course, "ben", {"check_days": 0.0}, manual={"check_days": 1.0})  # a grader overrode the check
    merge_submission(course, ASSIGNMENT, "ben", scratch, with_grades=True)
    after = stored(course, "ben")
    assert after["auto"]["check_days"] == 2.0 and after["manual"]["check_days"] == 1.0
    assert after["score"]["check_days"] == 1.0, "nbgrader counts the grader's score over the autograde"


def test_a_failed_grading_records_the_submission_and_leaves_earlier_grades_alone(tmp_path, scratch):
    course = make_course(tmp_path / "course", CELLS)
    record(course, "ben", {"check_days": 0.0})
    merge_submission(course, ASSIGNMENT, "ben", scratch, with_grades=False)
    merge_submission(course, ASSIGNMENT, "cy", None, with_grades=False)  # nothing graded at all
    assert stored(course, "ben")["auto"]["check_days"] == 0.0
    assert stored(course, "cy")["auto"] == {"check_days": None, "why": None}


def test_a_gradebook_that_does_not_know_the_assignment_fails_at_once_without_retrying(tmp_path, scratch):
    course = make_course(tmp_path / "course", None)
    started = time.monotonic()
    with pytest.raises(MergeError, match="could not write ben's grades") as failed:
        merge_submission(course, ASSIGNMENT, "ben", scratch, with_grades=True, patience=30)
    assert time.monotonic() - started < 5, "not a busy database: no point in waiting"
    assert "attempt" not in str(failed.value)
