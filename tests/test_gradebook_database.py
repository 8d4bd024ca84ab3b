"""The gradebook in a database server: `course --db-url` and c.CourseDirectory.db_url, against a real PostgreSQL.

The same class is released, graded, given feedback and reported on twice,
once with the default SQLite gradebook.db and once with a PostgreSQL server
that the test starts (tests/servers/postgres.py); the grades must match cell
by cell, and must be the grades each kind of submission deserves.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from readinglab.instructor.cli import main
from readinglab.instructor.course import Course, ensure_tools_on_path

from .support.course_copy import COURSE, copy_course
from .support.expected import expected_outcome
from .support.students import build_class

COURSE_ID = Course.open(COURSE).course_id
ASSIGNMENT = "ps1-same-page"
KINDS = ["solution", "blank", "one_reading", "invalid_json", "deleted_check_cell"]


# ---------------------------------------------------------------- bad URLs (no server needed)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("nonsense", "is not a database URL"),
        ("mysql://grader@localhost/gradebook", "driver for mysql://grader@localhost/gradebook is not installed"),
        (
            "postgresql+psycopg://grader:s3cret@127.0.0.1:1/gradebook",
            "Cannot open the gradebook at postgresql+psycopg://grader:***@127.0.0.1:1",
        ),
    ],
)
def test_a_bad_gradebook_url_is_explained_without_a_traceback(tmp_path, capsys, url, expected):
    course = copy_course(COURSE, tmp_path / "course")
    assert main(["--course", str(course), "--db-url", url, "grade", ASSIGNMENT]) == 1
    error = capsys.readouterr().err
    assert expected in error
    assert "Traceback" not in error and "s3cret" not in error


def test_the_course_config_can_name_the_gradebook_database(tmp_path):
    course_root = copy_course(COURSE, tmp_path / "course")
    assert Course.open(course_root).gradebook_url() == f"sqlite:///{course_root.resolve() / 'gradebook.db'}"
    with open(course_root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write('\nc.CourseDirectory.db_url = "postgresql+psycopg://grader@db.example.org/two_readings"\n')
    course = Course.open(course_root)
    assert course.gradebook_url() == "postgresql+psycopg://grader@db.example.org/two_readings"
    # --db-url wins over the config; a scratch copy for a grading worker always has its own SQLite file.
    overridden = Course.open(course_root, CourseDirectory={"db_url": "sqlite:////srv/other.db"})
    assert overridden.gradebook_url() == "sqlite:////srv/other.db"
    scratch = tmp_path / "scratch"
    assert course.config(root=scratch).CourseDirectory.db_url == f"sqlite:///{scratch.resolve() / 'gradebook.db'}"


# ---------------------------------------------------------------- a real PostgreSQL server


def grade_a_class(course_root: Path, exchange: Path, db_url: str | None, monkeypatch) -> dict[str, str]:
    """release, build the class, grade with 2 workers, feedback and report, through the `course` command."""
    monkeypatch.setenv("TWO_READINGS_EXCHANGE", str(exchange))
    base = ["--course", str(course_root)] + (["--db-url", db_url] if db_url else [])
    assert main(base + ["release", ASSIGNMENT]) == 0
    students = build_class(course_root, ASSIGNMENT, KINDS)
    assert main(base + ["grade", ASSIGNMENT, "--jobs", "2", "--timeout", "10"]) == 0
    assert main(base + ["feedback", ASSIGNMENT]) == 0
    assert main(base + ["report", ASSIGNMENT]) == 0
    return students


def stored_grades(url: str, students) -> dict[str, dict[str, float | None]]:
    from nbgrader.api import Gradebook

    with Gradebook(url, course_id=COURSE_ID) as gb:
        return {
            s: {g.name: g.auto_score for nb in gb.find_submission(ASSIGNMENT, s).notebooks for g in nb.grades}
            for s in students
        }


def test_grading_into_postgresql_gives_the_same_grades_as_sqlite(postgres, tmp_path, monkeypatch, capsys):
    ensure_tools_on_path()
    on_sqlite = copy_course(COURSE, tmp_path / "sqlite" / "course")
    on_postgres = copy_course(COURSE, tmp_path / "postgres" / "course")
    url = postgres.create_database("same_class")
    students = grade_a_class(on_sqlite, tmp_path / "sqlite" / "exchange", None, monkeypatch)
    assert grade_a_class(on_postgres, tmp_path / "postgres" / "exchange", url, monkeypatch) == students
    capsys.readouterr()

    # The PostgreSQL run really used the server: no gradebook.db appeared, and the rows are in PostgreSQL.
    assert not (on_postgres / "gradebook.db").exists()
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        (submissions,) = connection.execute("SELECT count(*) FROM submitted_assignment").fetchone()
    assert submissions == len(students)

    from_sqlite = stored_grades(f"sqlite:///{on_sqlite / 'gradebook.db'}", students)
    from_postgres = stored_grades(url, students)
    assert from_postgres == from_sqlite
    for student, kind in students.items():  # and both are the grades each kind deserves
        expected = expected_outcome(on_sqlite, ASSIGNMENT, kind)
        if expected.graded:
            assert {cell: from_postgres[student][cell] for cell in expected.scores} == expected.scores, kind
        else:
            assert all(score is None for score in from_postgres[student].values()), kind

    def grades_csv(course_root: Path) -> list[dict]:
        with open(course_root / "reports" / ASSIGNMENT / "grades.csv", newline="", encoding="utf-8") as file:
            return list(csv.DictReader(file))

    assert grades_csv(on_postgres) == grades_csv(on_sqlite)
    for course_root in (on_sqlite, on_postgres):
        graded = [s for s, kind in students.items() if expected_outcome(on_sqlite, ASSIGNMENT, kind).graded]
        pages = sorted(p.parent.parent.name for p in (course_root / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
        assert pages == sorted(graded)
