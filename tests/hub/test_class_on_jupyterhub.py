"""A week of the course on a real JupyterHub: release, fetch, submit, collect, grade, feedback, isolation.

One instructor and four students, each a system user with their own server.
The instructor works through the formgrader service (through the hub) and runs
`course grade` and `course feedback` as the grader account, as in a terminal
of that service; the students use only their servers' REST APIs: nbgrader's
fetch, submit and fetch_feedback handlers and the contents API.

Three students are honest (a solution, one reading, a blank); the first of them
writes a random CANARY in a written answer and in a comment. The fourth
(``HOSTILE``) submits the blank release with a payload in its first answer cell
(built from tests/hostile/attacks.py) that, run as the grader account, would read
the source notebook (solutions, hidden tests), read the other students'
submissions and print them, give itself full marks in gradebook.db, and call
the hub's API on loopback (with the hub token of the process that started it, if
it has one); it also prints what it sees (uid, the course folder, the hub).

The grader account (rl-grader, not root) grades the class sandboxed, by both
ways an instructor has: ``course grade`` (its summary and grading.json say
sandboxed, every autograded point tamper-proof), and the formgrader's Autograde
button (its REST API, which the formgrader service, running as the grader,
serves through the hub), run once more on the hostile student. Each time the
hostile student earns exactly a blank's scores, cell by cell; the canary is in
neither its autograded notebook nor its feedback; its gradebook rows are what
grading wrote; no hidden-test line reaches its feedback; the hub never answered.
"""

from __future__ import annotations

import json
import pwd
import re
import secrets
import textwrap
from pathlib import Path

import nbformat
import pytest

from readinglab.instructor.feedback import leaked, secret_lines

from ..hostile import attacks as hostile
from ..hostile.classroom import gradebook_contents
from ..support.expected import expected_outcome
from ..support.notebooks import fill_answers, solution_code
from ..support.students import submission_for
from .conftest import GRADER, HONEST, HOSTILE, INSTRUCTORS, STUDENTS
from .hub import COURSE_ID, as_user

ASSIGNMENT = "ps1-same-page"
# The hostile student is graded as what it must earn: exactly a blank's scores.
KINDS = {**dict(zip(HONEST, ["solution", "one_reading", "blank"])), HOSTILE: "blank"}
VICTIM, BLANK = HONEST[0], HONEST[2]  # the victim's canary must not reach the hostile student
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
CANARY = f"CANARY-{secrets.token_hex(8)}"
HOSTILE_TOKEN = f"HOSTILE-{secrets.token_hex(6)}"


def course_command(hub, *args: str):
    """`course ...` as the grader account, with the environment a hub server has."""
    result = as_user(
        GRADER,
        [str(hub.env_dir / "bin" / "course"), "--course", str(hub.course_dir), *args],
        env={"PATH": f"{hub.env_dir}/bin:/usr/bin:/bin", "TWO_READINGS_EXCHANGE": str(hub.exchange)},
    )
    assert result.returncode == 0, f"course {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def formgrader(instructor, action: str, target: str = f"assignment/{ASSIGNMENT}") -> dict:
    answer = instructor.post(f"{instructor.service_url()}formgrader/api/{target}/{action}")
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
        if name == VICTIM:
            filled = with_canary(fetched, source_nb)
        elif name == HOSTILE:
            filled = fill_answers(fetched, {next(iter(solution_code(source_nb))): hostile_payload(hub)})
        saved = student.api.put(
            f"{student.server_url()}api/contents/{NOTEBOOK}",
            timeout=60,
            json={"type": "notebook", "format": "json", "content": filled},
        )
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
        page = student.get(
            f"{student.server_url()}api/contents/{stamps[0]}/{ASSIGNMENT}.html",
            params={"content": 1, "format": "text", "type": "file"},
        )
        assert page.status_code == 200, page.text[:300]
        pages[name] = page.json()["content"]
    return {
        "instructor": instructor,
        "students": students,
        "grading": grading,
        "feedback": feedback,
        "pages": pages,
        "source_nb": source_nb,
    }


# ---------------------------------------------------------------- the hostile student and its victim

# The payload's own part: what it sees, and the hub's API on loopback (the hub's public port, and the
# hub's internal API URL and token if the process that started its kernel handed them down).
HUB_API_AND_WHAT_IT_SEES = """
import json as _json, urllib.error as _urlerror, urllib.request as _request
_token = _os.environ.get("JUPYTERHUB_API_TOKEN", "")
_urls = [f"http://127.0.0.1:{LISTENER[1]}/hub/api/users"]
if _os.environ.get("JUPYTERHUB_API_URL"):
    _urls.append(_os.environ["JUPYTERHUB_API_URL"].rstrip("/") + "/users")
_sees = {"uid": _os.getuid(), "course_folder": _os.path.exists(COURSE_ROOT), "hub_token": bool(_token), "hub_api": {}}
for _url in _urls:
    try:
        with _request.urlopen(_request.Request(_url, headers={"Authorization": f"token {_token}"} if _token else {}),
                              timeout=5) as _answer:
            _sees["hub_api"][_url] = _answer.status
    except _urlerror.HTTPError as _error:  # an HTTP answer, even 403, means the hub was reached
        _sees["hub_api"][_url] = _error.code
    except Exception as _error:
        _sees["hub_api"][_url] = type(_error).__name__
print("HOSTILE-SEES " + _json.dumps(_sees))
"""


def hostile_payload(hub) -> str:
    """The hostile student's first answer cell: tests/hostile's attacks, aimed at the hub's course and API."""
    code = hostile.header(
        course_root=str(hub.course_dir),
        assignment=ASSIGNMENT,
        student=HOSTILE,
        token=HOSTILE_TOKEN,
        port=hub.port,
        host_pid_ns=Path("/proc/self/ns/pid").stat().st_ino,
    )
    for name in ("read_source", "read_other_student", "write_gradebook", "tcp_loopback"):
        code += hostile.BY_NAME[name].code
    return code + HUB_API_AND_WHAT_IT_SEES


def with_canary(release_nb, source_nb):
    """The victim's work: the solution, with the canary in a comment of its first answer and in a written answer."""
    solutions = solution_code(source_nb)
    first = next(iter(solutions))
    notebook = fill_answers(release_nb, {**solutions, first: f"# {CANARY}\n{solutions[first]}"})
    written = [c for c in notebook.cells if c.cell_type == "markdown" and "Write your answer here" in c.source]
    assert written, "no written answer to put the canary in"
    written[0].source = f"My own words, which nobody else may read: {CANARY}."
    return notebook


def outputs_of(notebook_text: str) -> str:
    """Everything the cells of a notebook printed (not their source)."""
    text = []
    for cell in nbformat.reads(notebook_text, as_version=4).cells:
        for output in cell.get("outputs", []):
            text.append(str(output.get("text", "")))
            text += [str(v) for v in output.get("data", {}).values()]
            text += [str(output.get("evalue", "")), *map(str, output.get("traceback", []))]
    return "\n".join(text)


def what_it_saw(notebook_text: str) -> dict:
    lines = [line for line in outputs_of(notebook_text).splitlines() if line.startswith("HOSTILE-SEES ")]
    assert lines, (
        "the hostile payload did not run to its end: this test would prove nothing\n"
        + outputs_of(notebook_text)[-3000:]
    )
    return json.loads(lines[-1].removeprefix("HOSTILE-SEES "))


def gradebook_rows(hub) -> tuple[dict[str, dict[str, tuple]], dict[str, tuple], str]:
    """As root, read-only: per student, per cell (auto, manual, extra credit); the students; the whole dump."""
    return gradebook_contents(hub.course_dir / "gradebook.db")


def assert_hostile_reached_nothing(hub, autograded: str, feedback: str, scores: dict) -> None:
    """What the hostile student got is a blank's, and nothing it must not reach came back with it."""
    blank = expected_outcome(hub.course_dir, ASSIGNMENT, "blank").scores
    assert scores == blank, f"{HOSTILE} earned {scores}, a blank earns {blank}"
    victim = (hub.course_dir / "submitted" / VICTIM / NOTEBOOK).read_text(encoding="utf-8")
    assert CANARY in victim, "the victim's submission has no canary: the check below would prove nothing"
    assert CANARY not in autograded, f"{VICTIM}'s work is in {HOSTILE}'s autograded notebook"
    assert CANARY not in feedback, f"{VICTIM}'s work is in {HOSTILE}'s feedback"
    secrets_ = secret_lines(hub.course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert leaked(feedback, secrets_) == [], f"{HOSTILE}'s feedback shows hidden tests or mark schemes"
    printed = outputs_of(autograded)
    assert "0 solutions run" in printed and "0 notebooks of other students found" in printed, printed[-3000:]
    assert not [line for line in secrets_ if line in printed], "the payload printed hidden tests"

    seen = what_it_saw(autograded)
    assert seen["uid"] != pwd.getpwnam(GRADER).pw_uid and seen["uid"] != 0, seen
    assert seen["course_folder"] is False and seen["hub_token"] is False, seen
    reached = {url: outcome for url, outcome in seen["hub_api"].items() if isinstance(outcome, int)}
    assert reached == {}, f"the hub's API answered the hostile student: {reached}"

    grades, people, dump = gradebook_rows(hub)
    assert HOSTILE_TOKEN not in dump, "the hostile student wrote its token into the gradebook"
    assert people[HOSTILE] == people[BLANK] and HOSTILE_TOKEN not in str(people[HOSTILE]), people
    mine = grades[HOSTILE]
    assert {cell: row[0] for cell, row in mine.items() if cell in blank} == scores
    assert {cell: row[1:] for cell, row in mine.items()} == {cell: row[1:] for cell, row in grades[BLANK].items()}, (
        "manual scores or extra credit the grader never gave"
    )
    assert all(row[1:] == (None, None) or row[1:] == (None, 0) for row in mine.values()), mine


def test_the_grades_are_right(hub, week):
    from nbgrader.api import Gradebook

    assert re.search(rf"graded\s+{len(STUDENTS)}\b", week["grading"]), week["grading"]
    assert re.search(r"failed\s+0\b", week["grading"]), week["grading"]
    with Gradebook(f"sqlite:///{hub.course_dir / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for name, kind in KINDS.items():
            expected = expected_outcome(hub.course_dir, ASSIGNMENT, kind).scores
            stored = {cell: gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, name).auto_score for cell in expected}
            assert stored == expected, f"{name} ({kind})"


def grading_report(hub) -> dict:
    """reports/<assignment>/grading.json, read as root from the course folder."""
    return json.loads((hub.course_dir / "reports" / ASSIGNMENT / "grading.json").read_text(encoding="utf-8"))


def test_the_grader_account_grades_the_class_sandboxed(hub, week):
    grading = week["grading"]
    assert re.search(r"^\s*sandbox\s+on:", grading, re.MULTILINE), f"`course grade` did not grade sandboxed:\n{grading}"
    assert "unsafe-no-sandbox" not in grading, grading
    judged = re.search(r"checks\s+([\d.]+) of ([\d.]+) autograded point", grading)
    assert judged and float(judged[1]) == float(judged[2]) > 0, f"not every point is tamper-proof:\n{grading}"

    path = hub.course_dir / "reports" / ASSIGNMENT / "grading.json"
    assert path.stat().st_uid == pwd.getpwnam(GRADER).pw_uid, "grading.json was not written by the grader account"
    report = grading_report(hub)
    autograded_points = sum(expected_outcome(hub.course_dir, ASSIGNMENT, "solution").scores.values())
    assert report["sandboxed"] is True, {k: v for k, v in report.items() if k != "outcomes"}
    assert report["tamper_proof_points"] == report["max_points"] == autograded_points > 0, {
        k: v for k, v in report.items() if k != "outcomes"
    }
    assert {s: o["status"] for s, o in report["outcomes"].items()} == {s: "graded" for s in STUDENTS}


def test_a_hostile_student_earns_a_blanks_scores_and_reaches_nothing(hub, week):
    outcomes = grading_report(hub)["outcomes"]
    assert outcomes[HOSTILE]["scores"] == outcomes[BLANK]["scores"], (outcomes[HOSTILE], outcomes[BLANK])
    autograded = (hub.course_dir / "autograded" / HOSTILE / NOTEBOOK).read_text(encoding="utf-8")
    assert_hostile_reached_nothing(hub, autograded, week["pages"][HOSTILE], outcomes[HOSTILE]["scores"])


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
    for url in (
        f"{student.service_url()}formgrader",
        f"{student.service_url()}formgrader/api/assignments",
        f"{student.server_url(STUDENTS[0])}api/contents/{NOTEBOOK}",
    ):
        answer = student.get(url)
        assert answer.status_code in (403, 404) or (
            answer.status_code in (302, 303) and "oauth" in answer.headers.get("Location", "")
        ), (url, answer.status_code)
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
    result = as_user(
        user, [str(hub.env_dir / "bin" / "python"), "-c", PEEK, json.dumps({k: str(v) for k, v in paths.items()})]
    )
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
    from readinglab.instructor.course import ensure_tools_on_path

    from ..support.course_copy import copy_course
    from ..test_gradebook_database import stored_grades

    ensure_tools_on_path()
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


def test_the_formgrader_autograde_button_grades_the_hostile_student_sandboxed_too(hub, week):
    """The instructor's Autograde button (the formgrader service's REST API, through the hub): it runs as the
    grader account, on the course's nbgrader config, so through the same sandboxed pipeline."""
    instructor = week["instructor"]
    notebook = hub.course_dir / "autograded" / HOSTILE / NOTEBOOK
    page = hub.course_dir / "feedback" / HOSTILE / Path(NOTEBOOK).with_suffix(".html")

    def written(path: Path) -> int:
        return path.stat().st_mtime_ns if path.exists() else 0

    before = written(notebook), written(page)
    formgrader(instructor, "autograde", f"submission/{ASSIGNMENT}/{HOSTILE}")
    assert written(notebook) > before[0], "the formgrader did not grade again"
    assert notebook.stat().st_uid == pwd.getpwnam(GRADER).pw_uid, "the formgrader did not grade as the grader account"
    blank = expected_outcome(hub.course_dir, ASSIGNMENT, "blank").scores
    grades, _, _ = gradebook_rows(hub)
    scores = {cell: row[0] for cell, row in grades[HOSTILE].items() if cell in blank}
    assert scores == blank, f"the formgrader gave {HOSTILE} {scores}, a blank earns {blank}"

    formgrader(instructor, "generate_feedback", f"assignment/{ASSIGNMENT}/{HOSTILE}")
    assert written(page) > before[1], "the formgrader wrote no new feedback"
    assert_hostile_reached_nothing(hub, notebook.read_text(encoding="utf-8"), page.read_text(encoding="utf-8"), scores)
