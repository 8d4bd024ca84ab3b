"""A week of the course on a real JupyterHub: release, fetch, submit, collect, grade, feedback, isolation.

One instructor and three students, each a system user with their own server.
The instructor works through the formgrader service (through the hub) and runs
`course grade` and `course feedback` as the grader account, as in a terminal
of that service; the students use only their servers' REST APIs: nbgrader's
fetch, submit and fetch_feedback handlers and the contents API.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from readinglab.instructor.feedback import leaked, secret_lines

from ..synthetic_class import expected_outcome, submission_for
from .conftest import GRADER, INSTRUCTORS, STUDENTS
from .hub import COURSE_ID, as_user

ASSIGNMENT = "ps1-same-page"
KINDS = dict(zip(STUDENTS, ["solution", "one_reading", "blank"]))
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"


def course_command(hub, *args: str):
    """`course ...` as the grader account, with the environment a hub server has."""
    result = as_user(GRADER, [str(hub.env_dir / "bin" / "course"), "--course", str(hub.course_dir), *args],
                     env={"PATH": f"{hub.env_dir}/bin:/usr/bin:/bin", "TWO_READINGS_EXCHANGE": str(hub.exchange)})
    assert result.returncode == 0, f"course {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def formgrader(instructor, action: str) -> dict:
    answer = instructor.post(f"{instructor.service_url()}formgrader/api/assignment/{ASSIGNMENT}/{action}")
    assert answer.status_code == 200, f"formgrader {action}: HTTP {answer.status_code} {answer.text[:300]}"
    result = answer.json()
    assert result.get("success"), f"formgrader {action} failed: {result}"
    return result


@pytest.fixture(scope="module")
def week(hub):
    """The whole flow, once; the tests below check what it left behind."""
    instructor = hub.user(INSTRUCTORS[0]).log_in()
    students = {name: hub.user(name).log_in() for name in STUDENTS}

    # 1. The instructor generates and releases the assignment through the formgrader service.
    formgrader(instructor, "assign")
    formgrader(instructor, "release")

    # 2. Each student fetches it, fills it in and submits it, from their own server.
    source_nb = nbformat.read(hub.course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for name, student in students.items():
        student.start_server()
        listed = student.nbgrader("fetch", ASSIGNMENT)
        assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched" for a in listed["value"]), listed
        contents = student.get(f"{student.server_url()}api/contents/{NOTEBOOK}", params={"content": 1})
        assert contents.status_code == 200, contents.text[:300]
        fetched = nbformat.from_dict(contents.json()["content"])
        filled = submission_for(KINDS[name], ASSIGNMENT, source_nb, fetched)
        saved = student.api.put(f"{student.server_url()}api/contents/{NOTEBOOK}", timeout=60,
                                json={"type": "notebook", "format": "json", "content": filled})
        assert saved.status_code == 200, saved.text[:300]
        submitted = student.nbgrader("submit", ASSIGNMENT)
        assert submitted.get("success", True) is not False, submitted

    # 3. The instructor collects, grades with `course grade`, writes feedback and releases it.
    formgrader(instructor, "collect")
    grading = course_command(hub, "grade", ASSIGNMENT, "--jobs", "2", "--timeout", "30")
    feedback = course_command(hub, "feedback", ASSIGNMENT)
    formgrader(instructor, "release_feedback")

    # 4. Each student fetches their feedback.
    pages = {}
    for name, student in students.items():
        student.nbgrader("fetch_feedback", ASSIGNMENT)
        folder = student.get(f"{student.server_url()}api/contents/{ASSIGNMENT}/feedback").json()
        stamps = [item["path"] for item in folder["content"] if item["type"] == "directory"]
        assert len(stamps) == 1, f"{name} got feedback folders {stamps}"
        page = student.get(f"{student.server_url()}api/contents/{stamps[0]}/{ASSIGNMENT}.html",
                           params={"content": 1, "format": "text", "type": "file"})
        assert page.status_code == 200, page.text[:300]
        pages[name] = page.json()["content"]
    return {"instructor": instructor, "students": students, "grading": grading, "feedback": feedback,
            "pages": pages, "source_nb": source_nb}


def test_the_grades_are_right(hub, week):
    from nbgrader.api import Gradebook

    assert re.search(rf"graded\s+{len(STUDENTS)}\b", week["grading"]), week["grading"]
    assert re.search(r"failed\s+0\b", week["grading"]), week["grading"]
    with Gradebook(f"sqlite:///{hub.course_dir / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for name, kind in KINDS.items():
            expected = expected_outcome(hub.course_dir, ASSIGNMENT, kind).scores
            stored = {cell: gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, name).auto_score for cell in expected}
            assert stored == expected, f"{name} ({kind})"


def test_each_student_gets_their_own_feedback_without_hidden_tests(hub, week):
    secrets = secret_lines(hub.course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert secrets, "no hidden lines found in the source: this test would check nothing"
    for name, page in week["pages"].items():
        assert ASSIGNMENT in page
        assert leaked(page, secrets) == [], f"{name}'s feedback shows hidden tests or mark schemes"
    # Different work, different pages: nobody was handed somebody else's feedback.
    assert len(set(week["pages"].values())) == len(STUDENTS)


def test_a_student_cannot_reach_the_formgrader_or_another_students_server(hub, week):
    student = week["students"][STUDENTS[1]]
    for url in (f"{student.service_url()}formgrader", f"{student.service_url()}formgrader/api/assignments",
                f"{student.server_url(STUDENTS[0])}api/contents/{NOTEBOOK}"):
        answer = student.get(url)
        assert answer.status_code in (403, 404) or (answer.status_code in (302, 303) and "oauth" in
                                                    answer.headers.get("Location", "")), (url, answer.status_code)
        assert "formgrader" not in answer.text.lower() or answer.status_code != 200
    # Their own server has no formgrader either (deploy/install-course-env switches it off).
    assert student.get(f"{student.server_url()}formgrader").status_code == 404
    # ...while the instructor does reach it, through the same hub.
    instructor = week["instructor"]
    assert instructor.get(f"{instructor.service_url()}formgrader/api/assignments").status_code == 200


PEEK = textwrap.dedent("""
    import json, os, sys
    results = {}
    for label, path in json.loads(sys.argv[1]).items():
        try:
            if os.path.isdir(path):
                results[label] = sorted(os.listdir(path))
            else:
                with open(path, "rb") as file:
                    results[label] = len(file.read())
        except OSError as error:
            results[label] = type(error).__name__
    print(json.dumps(results))
""")


def peek_as(hub, user: str, paths: dict[str, Path]) -> dict:
    """What ``user`` gets when their own Python tries to list or read each path."""
    result = as_user(user, [str(hub.env_dir / "bin" / "python"), "-c", PEEK,
                            json.dumps({k: str(v) for k, v in paths.items()})])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_student_cannot_read_another_students_submission_or_feedback(hub, week):
    owner, other = STUDENTS[0], STUDENTS[1]
    exchange = hub.exchange / COURSE_ID
    owner_home = Path(f"/home/{owner}")
    targets = {
        "the exchange's inbound folder (all submissions)": exchange / "inbound",
        "the exchange's feedback folder (all feedback)": exchange / "feedback",
        "the other student's home": owner_home,
        "the other student's notebook": owner_home / NOTEBOOK,
        "the other student's feedback folder": owner_home / ASSIGNMENT / "feedback",
        "the course folder (gradebook, submissions)": hub.course_dir,
        "the gradebook": hub.course_dir / "gradebook.db",
        "the collected submissions": hub.course_dir / "submitted" / owner,
    }
    assert all(path.exists() for path in targets.values()), "a target is missing: the check would prove nothing"
    seen = peek_as(hub, other, targets)
    readable = {label: outcome for label, outcome in seen.items() if outcome != "PermissionError"}
    assert readable == {}, f"{other} could read: {readable}"

    # nbgrader's own listing shows a student only their own submission and feedback.
    listing = week["students"][other].assignments()
    submissions = [s for a in listing if a.get("status") == "submitted" for s in a.get("submissions", [a])]
    assert all(s.get("student_id", other) == other for s in submissions), listing
    # The owner can still read their own work: the denial above is about who asks.
    assert peek_as(hub, owner, {"own": owner_home / NOTEBOOK})["own"] != "PermissionError"


def test_the_hub_grades_match_one_machine_on_sqlite_and_on_postgresql(hub, week, postgres, tmp_path, monkeypatch):
    """The submissions the hub collected, graded again on this machine with `course grade`, once into a
    SQLite gradebook.db and once into a real PostgreSQL server: every grade the same as on the hub."""
    import shutil

    from readinglab.instructor.cli import main

    from ..synthetic_class import copy_course, ensure_venv_on_path
    from ..test_gradebook_database import stored_grades

    ensure_venv_on_path()
    on_hub = stored_grades(f"sqlite:///{hub.course_dir / 'gradebook.db'}", STUDENTS)
    assert all(any(score for score in cells.values()) for name, cells in on_hub.items() if KINDS[name] != "blank")
    for label, url in (("sqlite", None), ("postgresql", postgres.create_database("hub_class"))):
        course = copy_course(hub.course_dir, tmp_path / label / "course")
        shutil.copytree(hub.course_dir / "submitted", course / "submitted")
        monkeypatch.setenv("TWO_READINGS_EXCHANGE", str(tmp_path / label / "exchange"))
        base = ["--course", str(course)] + (["--db-url", url] if url else [])
        assert main(base + ["release", ASSIGNMENT]) == 0
        assert main(base + ["grade", ASSIGNMENT, "--jobs", "2", "--timeout", "30"]) == 0
        regraded = stored_grades(url or f"sqlite:///{course / 'gradebook.db'}", STUDENTS)
        assert regraded == on_hub, label
