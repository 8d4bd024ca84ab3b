"""The report's tables on a tiny gradebook: which students count, whose score counts, and each question's numbers.

The class, on an assignment of two autograded checks (1 and 2 points), a written answer (2) and a task (3):

- ada: full marks everywhere;
- ben: both checks raised an error (0 each), but a grader gave 1.5 of 2 on the second; written answer 1;
- eve: the first check passed with 0.5 extra credit, the second passed; not marked by hand yet;
- cy: never submitted (missing); dee: submitted, but grading failed (no autograded notebook).
"""

from __future__ import annotations

import math

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_output

from readinglab.instructor.course import CourseError
from readinglab.instructor.report import build_tables, question_name, write_report

from .support.tiny_course import ASSIGNMENT, answer, check, make_course, record, task, written

CELLS = [
    answer("answer_days"),
    check("check_days", 1),
    answer("answer_speaker"),
    check("check_speaker", 2),
    written("why", 2),
    task("task_compare", 3),
]


def autograded(course, student: str, errors: tuple[str, ...] = ()) -> None:
    """``student``'s autograded notebook: the source's cells, the checks in ``errors`` with an error output."""
    nb = nbformat.read(course.source_notebook(ASSIGNMENT), as_version=4)
    for cell in nb.cells:
        if cell.metadata.nbgrader.get("grade_id") in errors:
            cell.outputs = [new_output("error", ename="AssertionError", evalue="not yet", traceback=[])]
    folder = course.root / "autograded" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")


@pytest.fixture
def course(tmp_path):
    course = make_course(tmp_path / "course", CELLS)
    record(course, "ada", {"check_days": 1, "check_speaker": 2}, manual={"why": 2, "task_compare": 3})
    record(course, "ben", {"check_days": 0, "check_speaker": 0}, manual={"check_speaker": 1.5, "why": 1})
    record(course, "eve", {"check_days": 1, "check_speaker": 2})
    with course.gradebook() as gb:
        gb.find_grade("check_days", ASSIGNMENT, ASSIGNMENT, "eve").extra_credit = 0.5
        gb.update_or_create_student("cy")
        gb.db.commit()
    record(course, "dee", {})
    autograded(course, "ada")
    autograded(course, "ben", errors=("check_days", "check_speaker"))
    autograded(course, "eve")
    return course


def by(table, column: str) -> dict:
    return {row[column]: row for row in table.to_dict("records")}


def same(a, b) -> bool:
    """Equal numbers, or both missing (None and NaN alike)."""
    missing = [x is None or (isinstance(x, float) and math.isnan(x)) for x in (a, b)]
    return all(missing) or (not any(missing) and a == pytest.approx(b))


def test_every_student_in_the_gradebook_has_a_row_and_a_status(course):
    grades, _ = build_tables(course, ASSIGNMENT)
    assert list(grades["student"]) == ["ada", "ben", "cy", "dee", "eve"]
    assert dict(zip(grades["student"], grades["status"])) == {
        "ada": "graded",
        "ben": "graded",
        "cy": "missing",
        "dee": "failed",
        "eve": "graded",
    }


def test_a_graders_score_wins_over_the_autograde_and_extra_credit_is_added(course):
    students = by(build_tables(course, ASSIGNMENT)[0], "student")
    assert students["ben"]["check_speaker"] == 1.5, "ben's autograde said 0; the grader gave 1.5"
    assert students["eve"]["check_days"] == 1.5, "1 point and 0.5 extra credit"
    assert same(students["eve"]["why"], None), "not marked yet: no score, not zero"


def test_totals_add_what_each_student_has_and_only_graded_students_get_one(course):
    students = by(build_tables(course, ASSIGNMENT)[0], "student")
    expected = {  # (autograded points, total): checks only, then every scored cell
        "ada": (1 + 2, 1 + 2 + 2 + 3),
        "ben": (0 + 1.5, 0 + 1.5 + 1),
        "eve": (1.5 + 2, 1.5 + 2),
        "cy": (None, None),
        "dee": (None, None),
    }
    for student, (auto, total) in expected.items():
        assert same(students[student]["autograded_points"], auto), student
        assert same(students[student]["total"], total), student
        assert students[student]["max_points"] == 1 + 2 + 2 + 3
    assert all(same(students["dee"][cell], None) for cell in ("check_days", "check_speaker", "why", "task_compare"))


def test_each_question_is_summed_up_over_the_graded_students_in_notebook_order(course):
    _, questions = build_tables(course, ASSIGNMENT)
    assert list(questions["grade_id"]) == ["check_days", "check_speaker", "why", "task_compare"]
    assert list(questions["question"]) == ["days", "speaker", "why", "task_compare"]
    assert list(questions["kind"]) == ["autograded", "autograded", "marked by hand", "marked by hand"]
    rows = by(questions, "grade_id")
    expected = {  # scores of ada, ben, eve where they have one; cy and dee never count
        "check_days": dict(
            max_points=1,
            students_scored=3,
            mean_score=(1 + 0 + 1.5) / 3,
            share_full_marks=2 / 3,
            share_with_error=1 / 3,
        ),
        "check_speaker": dict(
            max_points=2,
            students_scored=3,
            mean_score=(2 + 1.5 + 2) / 3,
            share_full_marks=2 / 3,
            share_with_error=1 / 3,
        ),
        "why": dict(
            max_points=2, students_scored=2, mean_score=(2 + 1) / 2, share_full_marks=1 / 2, share_with_error=None
        ),
        "task_compare": dict(max_points=3, students_scored=1, mean_score=3, share_full_marks=1, share_with_error=None),
    }
    for grade_id, numbers in expected.items():
        numbers["mean_share"] = numbers["mean_score"] / numbers["max_points"]
        found = {k: rows[grade_id][k] for k in numbers}
        assert all(same(found[k], v) for k, v in numbers.items()), (grade_id, found, numbers)


def test_nothing_scored_is_missing_rather_than_zero(tmp_path):
    """No one has a score for `why` yet, and fay's notebook is graded but the gradebook holds no score of hers."""
    course = make_course(tmp_path / "course", CELLS)
    record(course, "ada", {"check_days": 1, "check_speaker": 2})
    record(course, "fay", {})
    autograded(course, "ada")
    autograded(course, "fay")
    grades, questions = build_tables(course, ASSIGNMENT)
    rows = by(questions, "grade_id")
    assert rows["why"]["students_scored"] == 0
    assert all(same(rows["why"][k], None) for k in ("mean_score", "mean_share", "share_full_marks"))
    fay = by(grades, "student")["fay"]
    assert fay["status"] == "graded" and same(fay["autograded_points"], None) and same(fay["total"], None)


def test_check_names_drop_their_prefix_and_task_names_stay():
    assert question_name("check_deficit") == "deficit"
    assert question_name("task_collapse") == "task_collapse"
    assert question_name("checklist") == "checklist"


def test_the_written_report_holds_the_same_tables_and_names_the_hardest_questions(course):
    report = write_report(course, ASSIGNMENT)
    grades, questions = build_tables(course, ASSIGNMENT)
    pd.testing.assert_frame_equal(pd.read_csv(report.files["grades"]), grades, check_dtype=False)
    pd.testing.assert_frame_equal(
        pd.read_csv(report.files["per-question table"]), questions.round(3), check_dtype=False
    )
    assert all(path.stat().st_size for path in report.files.values())
    assert list(report.hardest(2)["grade_id"]) == ["why", "check_days"]  # 75 % and 83 % of the points


def test_no_report_before_anyone_is_graded(tmp_path):
    course = make_course(tmp_path / "course", CELLS)
    record(course, "dee", {})  # submitted, never graded
    with pytest.raises(CourseError, match="No student has a graded"):
        write_report(course, ASSIGNMENT)
