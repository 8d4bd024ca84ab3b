"""The course and the LMS: rosters in, grades and feedback out, deadlines and extensions (issue 17).

One module-scoped round trip does the expensive part once, through the ``course`` command where an
instructor would type it: import a Canvas roster (dry run, then --apply), set a due date, give two
extensions, hand in a small synthetic class at chosen times (on time, late, extended, very late),
grade it with the real ``grade_class`` (sandboxed, as ``course grade``), give one manual score, import
the Moodle roster, then export for Canvas, Moodle and plain CSV, parse each file back and check every
student's total against the gradebook. The roster and worksheet files in ``tests/lms_files/`` are in
each LMS's own layout (see the comments in readinglab/instructor/lms.py for the documentation).

The bad-input tests below work on cheap copies of a released course, and never grade.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import nbformat
import pytest

from readinglab.instructor.canvas import canvas_feedback_zip, parse_canvas_name
from readinglab.instructor.course import Course, CourseError
from readinglab.instructor.deadlines import PenaltyPerDayLate, grant_extension, set_deadline
from readinglab.instructor.lms import RosterError, import_roster, read_roster

from .support.course_copy import open_copy, release
from .support.notebooks import assignment_notebooks
from .support.students import build_class, submission_for

ASSIGNMENT = "ps1-same-page"
FILES = Path(__file__).resolve().parent / "lms_files"
CANVAS_ROSTER = FILES / "canvas_gradebook_export.csv"
MOODLE_ROSTER = FILES / "moodle_grade_export.csv"
WORKSHEET = FILES / "moodle_grading_worksheet.csv"
BIN = Path(sys.executable).parent
ZONE = "Europe/Berlin"
# Who hands in when, in hours after the due date; and who has an extension.
HANDED_IN = {
    "solution": -2,  # on time
    "one_reading": 26,  # late: two started days
    "blank": -24,  # on time
    "solution-2": 30,  # after the deadline, within a two-day extension
    "one_reading-2": 72,  # late even after a one-day extension: two days late
    "solution-3": 240,  # ten days late: the penalty's cap
}
KINDS = ["solution", "one_reading", "blank", "solution", "one_reading", "solution"]  # ids as in HANDED_IN
ROSTER_ONLY = "absent"  # on the roster, never hands in


def course_cli(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(BIN / "course"), "--course", str(course), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def ok(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def _gradebook(root: Path):
    return Course.open(root).gradebook()


def nbgrader_totals(root: Path) -> dict[str, dict]:
    """Every student's raw score, penalty and total, computed here from the gradebook's cell grades.

    nbgrader's rule, written out: a cell scores its manual score if a grader gave one, else its auto
    score (plus extra credit); the assignment's total is the sum less the late penalty, never below 0.
    """
    from nbgrader.api import MissingEntry

    totals = {}
    with _gradebook(root) as gb:
        for student in gb.students:
            try:
                submission = gb.find_submission(ASSIGNMENT, student.id)
            except MissingEntry:
                totals[student.id] = None
                continue
            raw = auto = penalty = 0.0
            for notebook in submission.notebooks:
                penalty += notebook.late_submission_penalty or 0.0
                for grade in notebook.grades:
                    cell = grade.manual_score if grade.manual_score is not None else (grade.auto_score or 0.0)
                    raw += cell + (grade.extra_credit or 0.0)
                    auto += grade.auto_score or 0.0
            totals[student.id] = {
                "raw": raw,
                "auto": auto,
                "penalty": penalty,
                "total": max(0.0, raw - penalty),
                "seconds_late": submission.total_seconds_late,
            }
    return totals


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory) -> dict:
    from readinglab.instructor.grading import grade_class

    work = tmp_path_factory.mktemp("lms")
    course = open_copy(work / "course", Execute={"timeout": 10})
    release(course, ASSIGNMENT)
    root = course.root
    runs = {"dry": ok(course_cli(root, "roster", "import", CANVAS_ROSTER))}
    with _gradebook(root) as gb:
        runs["students_after_dry_run"] = sorted(s.id for s in gb.students)
    runs["apply"] = ok(course_cli(root, "roster", "import", CANVAS_ROSTER, "--apply"))

    due_local = (datetime.now(ZoneInfo(ZONE)) + timedelta(days=30)).replace(hour=17, minute=0, second=0, microsecond=0)
    due = due_local.astimezone(UTC).replace(tzinfo=None)
    runs["deadline"] = ok(course_cli(root, "deadline", ASSIGNMENT, f"{due_local:%Y-%m-%d %H:%M} {ZONE}"))
    build_class(root, ASSIGNMENT, KINDS)
    for student, hours in HANDED_IN.items():
        stamp = due + timedelta(hours=hours)
        (root / "submitted" / student / ASSIGNMENT / "timestamp.txt").write_text(f"{stamp:%Y-%m-%d %H:%M:%S.%f} UTC")
    runs["extend_days"] = ok(course_cli(root, "extend", ASSIGNMENT, "solution-2", "--days", "2"))
    until = (due + timedelta(days=1)).replace(tzinfo=UTC).astimezone(ZoneInfo(ZONE))  # 24 h even across a DST change
    runs["extend_until"] = ok(
        course_cli(root, "extend", ASSIGNMENT, "one_reading-2", "--until", f"{until:%Y-%m-%d %H:%M} {ZONE}")
    )
    run = grade_class(course, ASSIGNMENT, jobs=2, students=list(HANDED_IN), progress=False)
    assert run.ok and {o.status for o in run.outcomes.values()} == {"graded"}, run.to_json()

    # A grader marks one check of an on-time student down by hand: the manual score must win.
    with _gradebook(root) as gb:
        grade = next(
            g for nb in gb.find_submission(ASSIGNMENT, "solution").notebooks for g in nb.grades if g.auto_score
        )
        runs["manual"] = (grade.name, grade.auto_score)
        grade.manual_score = 0.0
        gb.db.commit()
    runs["moodle_roster"] = ok(course_cli(root, "roster", "import", MOODLE_ROSTER, "--from", "moodle", "--apply"))
    for to in ("canvas", "moodle", "csv"):
        runs[f"export_{to}"] = ok(course_cli(root, "export", ASSIGNMENT, "--to", to, "-o", work / f"{to}.csv"))
    runs["report"] = ok(course_cli(root, "report", ASSIGNMENT))
    runs["feedback"] = ok(course_cli(root, "feedback", ASSIGNMENT, "--zip", "--worksheet", WORKSHEET))
    return {"root": root, "work": work, "runs": runs, "due": due, "totals": nbgrader_totals(root)}


# ====================================================================== roster in


def test_roster_dry_run_shows_who_would_be_added_and_writes_nothing(round_trip):
    dry = round_trip["runs"]["dry"]
    assert "7 would be added, 0 would be updated, 0 unchanged" in dry
    assert "Nothing was written. Run again with --apply" in dry
    for line in ("+ solution ", "Chidi Okafor", "Zoë Łukasiewicz", 'Thi "Mai" Nguyen', "陽翔 Tanaka"):
        assert line in dry, line
    assert round_trip["runs"]["students_after_dry_run"] == []


def test_roster_apply_writes_names_ids_and_lms_ids_as_the_lms_spells_them(round_trip):
    assert "7 added" in round_trip["runs"]["apply"]
    with _gradebook(round_trip["root"]) as gb:
        people = {s.id: s for s in gb.students}
    assert set(people) == set(HANDED_IN) | {ROSTER_ONLY}  # the Points Possible row and test student are not students
    assert (people["solution-2"].first_name, people["solution-2"].last_name) == ('Thi "Mai"', "Nguyen")
    assert (people["one_reading-2"].first_name, people["one_reading-2"].last_name) == ("José María", "de la Cruz")
    assert people["blank"].last_name == "O'Brien" and people["blank"].lms_user_id == "S1003"


def test_a_second_lms_roster_fills_in_emails_and_says_so(round_trip):
    moodle = round_trip["runs"]["moodle_roster"]
    assert "0 added, 7 updated, 0 unchanged" in moodle
    assert "email set to 'zoe.lukasiewicz@example.edu'" in moodle
    assert "REPLACED" not in moodle  # nothing the Canvas roster wrote was overwritten


# ====================================================================== deadlines and late penalties


def test_deadline_is_shown_back_in_its_zone_and_in_utc(round_trip):
    shown = round_trip["runs"]["deadline"]
    due = round_trip["due"]
    assert f"{due:%Y-%m-%d %H:%M} UTC" in shown
    assert " 17:00 CET " in shown or " 17:00 CEST " in shown
    with _gradebook(round_trip["root"]) as gb:
        assert gb.find_assignment(ASSIGNMENT).duedate == due


def test_extensions_are_kept_on_the_submission_through_grading(round_trip):
    assert "2 days after the due date" in round_trip["runs"]["extend_days"]
    assert "1 day after the due date" in round_trip["runs"]["extend_until"]
    with _gradebook(round_trip["root"]) as gb:
        assert gb.find_submission(ASSIGNMENT, "solution-2").extension == timedelta(days=2)
        assert gb.find_submission(ASSIGNMENT, "one_reading-2").extension == timedelta(days=1)


def test_nbgrader_applies_the_course_late_policy_with_deadlines_and_extensions(round_trip):
    policy = PenaltyPerDayLate(percent_per_day=10, max_percent=50, grace_minutes=5)  # as course/nbgrader_config.py
    totals = round_trip["totals"]
    expected_days = {"solution": 0, "one_reading": 2, "blank": 0, "solution-2": 0, "one_reading-2": 2, "solution-3": 10}
    for student, days in expected_days.items():
        row = totals[student]
        assert math.ceil(row["seconds_late"] / 86400) == days, student
        expected = round(row["auto"] * policy.percent(row["seconds_late"]) / 100, 2)
        assert row["penalty"] == pytest.approx(expected), student
    assert totals["one_reading"]["penalty"] > 0 and totals["one_reading"]["penalty"] == pytest.approx(
        round(totals["one_reading"]["auto"] * 0.2, 2)
    )
    assert totals["solution-3"]["penalty"] == pytest.approx(round(totals["solution-3"]["auto"] * 0.5, 2))
    assert totals["solution-2"]["penalty"] == 0  # the extension made it on time


def test_report_shows_each_student_on_time_late_or_extended(round_trip):
    report = round_trip["runs"]["report"]
    lines = {line.split()[0]: line for line in report.splitlines() if line.startswith("  ") and len(line.split()) > 1}
    totals = round_trip["totals"]
    assert lines["solution"].split(None, 1)[1] == "on time"
    assert "late by 1 day 2 h: penalty" in lines["one_reading"]
    assert f"penalty {totals['one_reading']['penalty']:g} point(s)" in lines["one_reading"]
    assert "extended to" in lines["solution-2"] and "handed in on time" in lines["solution-2"]
    assert "late by 2 days" in lines["one_reading-2"] and "(extended by 1 day)" in lines["one_reading-2"]
    assert "late by 10 days" in lines["solution-3"]
    assert lines[ROSTER_ONLY].split(None, 1)[1] == "not submitted"
    assert (round_trip["root"] / "reports" / ASSIGNMENT / "deadlines.csv").is_file()


# ====================================================================== grades out, parsed back


def _check_every_total(scores: dict[str, str], totals: dict) -> None:
    assert set(scores) == set(totals)
    for student, expected in totals.items():
        if expected is None:
            assert scores[student] == "", student
        else:
            assert float(scores[student]) == pytest.approx(expected["total"], abs=1e-6), student


def test_canvas_export_matches_the_gradebook_for_every_student(round_trip):
    with open(round_trip["work"] / "canvas.csv", encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert rows[1][0] == "Points Possible"
    students = {row[3]: dict(zip(rows[0], row)) for row in rows[2:]}
    _check_every_total({s: row[ASSIGNMENT] for s, row in students.items()}, round_trip["totals"])
    assert students["solution-2"]["Student"] == 'Nguyen, Thi "Mai"'
    assert (students["blank"]["ID"], students["blank"]["SIS User ID"], students["blank"]["Section"]) == (
        "70003",
        "S1003",
        "Readings B",
    )


def test_moodle_export_matches_the_gradebook_for_every_student(round_trip):
    with open(round_trip["work"] / "moodle.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    emails = {row["Email address"]: row for row in rows}
    with _gradebook(round_trip["root"]) as gb:
        by_email = {s.email: s.id for s in gb.students}
    _check_every_total({by_email[e]: row[ASSIGNMENT] for e, row in emails.items()}, round_trip["totals"])
    assert emails["zoe.lukasiewicz@example.edu"]["First name"] == "Zoë"


def test_plain_csv_export_matches_and_shows_the_penalty(round_trip):
    with open(round_trip["work"] / "csv.csv", encoding="utf-8", newline="") as file:
        rows = {row["id"]: row for row in csv.DictReader(file)}
    _check_every_total({s: row["score"] for s, row in rows.items()}, round_trip["totals"])
    late = rows["solution-3"]
    assert float(late["late_penalty"]) > 0
    assert float(late["score"]) == pytest.approx(float(late["raw_score"]) - float(late["late_penalty"]))
    assert rows[ROSTER_ONLY]["status"] == "no submission"


def test_a_manual_score_wins_over_the_autograde(round_trip):
    _, marked_down = round_trip["runs"]["manual"]
    totals = round_trip["totals"]["solution"]
    with open(round_trip["work"] / "csv.csv", encoding="utf-8", newline="") as file:
        exported = next(row for row in csv.DictReader(file) if row["id"] == "solution")
    assert marked_down > 0 and totals["penalty"] == 0
    assert float(exported["score"]) == pytest.approx(totals["auto"] - marked_down)  # the grader's 0 replaced it


def test_a_student_the_lms_cannot_match_stops_the_export_and_is_named(round_trip, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(round_trip["root"], root)
    with _gradebook(root) as gb:
        gb.find_student("one_reading").lms_user_id = None
        gb.db.commit()
    stopped = course_cli(root, "export", ASSIGNMENT, "--to", "canvas", "-o", tmp_path / "out.csv")
    assert stopped.returncode == 1 and not (tmp_path / "out.csv").exists()
    assert "without a Canvas or SIS user id: one_reading" in stopped.stderr and "--allow-missing" in stopped.stderr
    allowed = ok(
        course_cli(root, "export", ASSIGNMENT, "--to", "canvas", "-o", tmp_path / "out.csv", "--allow-missing")
    )
    assert "Left out, the LMS could not match them (--allow-missing): one_reading" in allowed
    with open(tmp_path / "out.csv", encoding="utf-8-sig") as file:
        assert "one_reading," not in file.read()


def test_a_late_penalty_left_out_of_date_by_a_manual_score_is_named(round_trip, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(round_trip["root"], root)
    assert "out of date" not in round_trip["runs"]["export_csv"]  # as graded, every penalty is current
    with _gradebook(root) as gb:
        grade = next(g for nb in gb.find_submission(ASSIGNMENT, "solution-3").notebooks for g in nb.grades)
        grade.manual_score = (grade.auto_score or 0.0) + 1.0  # marked up by hand after autograde
        gb.db.commit()
    exported = ok(course_cli(root, "export", ASSIGNMENT, "--to", "csv", "-o", tmp_path / "out.csv"))
    assert "WARNING: the late penalty of solution-3 is out of date" in exported
    assert "course grade ps1-same-page --student S" in exported


# ====================================================================== feedback out


def test_feedback_zip_is_named_the_way_moodle_matches_files_to_students(round_trip):
    """Moodle's importer (importziplib.php) splits each path part at '_' into at most 5 pieces and wants
    fullname_participantid_plugintype_pluginname; the participant id must be in the assignment."""
    assert "Zip for Moodle's feedback files upload:" in round_trip["runs"]["feedback"]
    with zipfile.ZipFile(round_trip["root"] / "lms" / f"{ASSIGNMENT}-feedback.zip") as archive:
        names = archive.namelist()
    participants = {}
    with open(WORKSHEET, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            participants[row["Identifier"].removeprefix("Participant ")] = row["Full name"]
    matched = {}
    for name in names:
        folder, page = name.split("/")
        info = folder.split("_", 4)
        assert len(info) >= 4 and info[1].isdigit() and info[2:4] == ["assignfeedback", "file"], name
        assert info[1] in participants and page == f"{ASSIGNMENT}.html"
        matched[info[1]] = info[0]
    assert len(matched) == len(HANDED_IN)  # every graded student, nobody twice; the absent one has no page
    assert matched["2304004"] == "Thi Mai Nguyen"  # quotes are not allowed in Windows file names


# ====================================================================== Canvas: submissions in, feedback back

# Canvas's "Download submissions" names: lower-cased sortable name (word characters only), LATE if late,
# Canvas's user id (the ID column of tests/lms_files/canvas_gradebook_export.csv), the submitted file's
# attachment id, the file's name (instructure/canvas-lms lib/content_zipper.rb). Who hands in what:
CANVAS_DOWNLOAD = {
    f"okaforchidi_70001_880101_{ASSIGNMENT}.ipynb": ("solution", "solution"),  # -> (roster id, kind)
    f"łukasiewiczzoë_LATE_70002_880102_{ASSIGNMENT}.ipynb": ("one_reading", "blank"),
}
OFF_CANVAS = "solution-3"  # hands in another way (the exchange): feedback, but no Canvas file


def canvas_rule(name: str) -> tuple[str, str] | None:
    """Canvas's Re-upload (infer_comment_context_from_filename, instructure/canvas-lms
    app/models/abstract_assignment.rb): split the base name at '_', drop LATE, the first two all-digit
    parts are (user id, attachment id); a last part starting 'link', or a name starting '._', is ignored."""
    parts = [p for p in os.path.basename(name).split("_") if p != "LATE"]
    if parts[-1].startswith("link") or os.path.basename(name).startswith("._"):
        return None
    digits = [p for p in parts if re.fullmatch(r"[0-9]+", p)]
    return (digits[0], digits[1]) if len(digits) >= 2 else None


def canvas_zip(path: Path, root: Path, names: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    """A zip as Canvas's download writes it: file name -> kind of submission, from the released notebook."""
    source_nb, release_nb = assignment_notebooks(root, ASSIGNMENT)
    with zipfile.ZipFile(path, "w") as archive:
        for name, kind in names.items():
            archive.writestr(name, nbformat.writes(submission_for(kind, ASSIGNMENT, source_nb, release_nb)))
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return path


@pytest.fixture(scope="module")
def canvas_trip(tmp_path_factory) -> dict:
    from readinglab.instructor.grading import grade_class

    work = tmp_path_factory.mktemp("canvas")
    course = open_copy(work / "course", Execute={"timeout": 10})
    release(course, ASSIGNMENT)
    root = course.root
    ok(course_cli(root, "roster", "import", CANVAS_ROSTER, "--apply"))
    download = canvas_zip(
        work / "canvas-download.zip",
        root,
        {name: kind for name, (_, kind) in CANVAS_DOWNLOAD.items()},
        {"smithjonesann_70006_text.html": "<p>a text entry, not a notebook: not collected</p>"},
    )
    runs = {"collect": ok(course_cli(root, "collect", ASSIGNMENT, "--zip", download))}
    runs["submitted"] = sorted(p.name for p in (root / "submitted").iterdir())
    shutil.copytree(root / "submitted" / "solution", root / "submitted" / OFF_CANVAS)
    students = [student for student, _ in CANVAS_DOWNLOAD.values()] + [OFF_CANVAS]
    run = grade_class(course, ASSIGNMENT, jobs=2, students=students, progress=False)
    assert run.ok and {o.status for o in run.outcomes.values()} == {"graded"}, run.to_json()
    runs["feedback"] = ok(course_cli(root, "feedback", ASSIGNMENT, "--zip", "--to", "canvas"))
    return {"root": root, "runs": runs, "totals": nbgrader_totals(root)}


def test_a_canvas_download_is_filed_under_the_roster_ids(canvas_trip):
    root, runs = canvas_trip["root"], canvas_trip["runs"]
    assert runs["submitted"] == ["one_reading", "solution"]  # not okaforchidi_70001_880101, ...
    assert "70001 -> solution" in runs["collect"] and "70002 -> one_reading" in runs["collect"]
    recorded = json.loads((root / "downloaded" / ASSIGNMENT / "canvas-files.json").read_text(encoding="utf-8"))
    assert {s: (r["user_id"], r["attachment_id"], r["file"]) for s, r in recorded.items()} == {
        student: (*canvas_rule(name), name) for name, (student, _) in CANVAS_DOWNLOAD.items()
    }
    assert recorded["one_reading"]["prefix"] == "łukasiewiczzoë_LATE_70002_880102"
    assert (root / "downloaded" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    totals = canvas_trip["totals"]
    assert totals["solution"]["total"] > totals["one_reading"]["total"]  # the solution and the blank, graded


def test_feedback_zip_for_canvas_is_named_the_way_canvas_matches_files_to_submissions(canvas_trip):
    root, feedback = canvas_trip["root"], canvas_trip["runs"]["feedback"]
    assert f"Zip for Canvas's Re-upload submissions: {root / 'lms' / f'{ASSIGNMENT}-canvas-feedback.zip'}" in feedback
    assert f"upload their pages in SpeedGrader): {OFF_CANVAS}" in feedback
    with zipfile.ZipFile(root / "lms" / f"{ASSIGNMENT}-canvas-feedback.zip") as archive:
        pages = {name: archive.read(name) for name in archive.namelist()}
    expected = {canvas_rule(name): student for name, (student, _) in CANVAS_DOWNLOAD.items()}
    matched = {}
    for name, page in pages.items():
        assert "/" not in name and name.endswith(f"_{ASSIGNMENT}.html"), name
        ids = canvas_rule(name)
        assert ids in expected, name
        matched[ids] = name
        assert page == (root / "feedback" / expected[ids] / ASSIGNMENT / f"{ASSIGNMENT}.html").read_bytes()
    assert set(matched) == set(expected)  # every Canvas submitter once; the one who did not is listed, not zipped


def test_canvas_download_names_are_split_as_canvas_splits_them():
    assert (
        parse_canvas_name(f"a/b/smithjohn_LATE_12345_67890_{ASSIGNMENT}.ipynb").prefix == "smithjohn_LATE_12345_67890"
    )
    for name in (f"ana_{ASSIGNMENT}.ipynb", f"ana/{ASSIGNMENT}.ipynb", "s1_2024_x_5_y.ipynb", "LATE_1_2_x.ipynb"):
        assert parse_canvas_name(name) is None, name


# ====================================================================== bad input, on cheap course copies


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    course = open_copy(tmp_path_factory.mktemp("released") / "course")
    release(course, ASSIGNMENT)
    course.gradebook().close()
    return course.root


@pytest.fixture
def fresh(released, tmp_path) -> Course:
    root = tmp_path / "course"
    shutil.copytree(released, root)
    return Course.open(root)


def _students(course: Course) -> dict:
    with course.gradebook() as gb:
        return {s.id: (s.first_name, s.last_name, s.email, s.lms_user_id) for s in gb.students}


def test_an_excel_csv_with_bom_semicolons_crlf_and_an_empty_row_imports_every_name_intact(fresh):
    summary = import_roster(fresh, FILES / "excel_semicolons.csv", apply=True)
    assert "3 added" in summary and "skipped 1 empty row(s) (line 4)" in summary
    assert "separated by ';'" in summary
    assert _students(fresh) == {
        "ana": ("Ana, María", "García López", "ana.garcia@example.edu", "S2001"),
        "ben": ('Ben "Benji"', "O'Neil", "ben.oneil@example.edu", "S2002"),
        "chloe": ("Chloé", "Müller-Lüdenscheidt", "chloe.muller@example.edu", "S2003"),
    }


def test_a_windows_1252_csv_keeps_its_accents_and_says_how_it_was_read(fresh, tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes("id,first_name,last_name\r\nzoe,Zoë,Ørsted\r\n".encode("cp1252"))
    summary = import_roster(fresh, path, "csv", apply=True)
    assert "read as Windows-1252" in summary
    assert _students(fresh)["zoe"][:2] == ("Zoë", "Ørsted")


@pytest.mark.parametrize(
    "name, message",
    [
        ("duplicate_ids.csv", "line 4: the id 'ana' is already on line 2"),
        ("duplicate_lms_ids.csv", "line 3: the LMS id 'S2001' is already on line 2"),
        ("missing_id.csv", "line 3: Ben Okoro has no 'id'"),
        ("unquoted_comma.csv", "line 2: 6 cells but the header has 5 columns"),
    ],
)
def test_a_broken_roster_is_refused_with_its_lines_named_and_nothing_written(fresh, name, message):
    with pytest.raises(RosterError) as refused:
        import_roster(fresh, FILES / name, "csv", apply=True)
    assert message in str(refused.value)
    assert _students(fresh) == {}


def test_a_roster_never_replaces_a_name_or_id_without_saying_so(fresh, tmp_path):
    import_roster(fresh, FILES / "excel_semicolons.csv", apply=True)
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("id,first_name,last_name,lms_user_id\nana,Anna,García López,S2001\n", encoding="utf-8")
    dry = import_roster(fresh, renamed)
    assert "first name 'Ana, María' -> 'Anna'" in dry and "REPLACED" in dry
    assert _students(fresh)["ana"][0] == "Ana, María"  # a dry run changes nothing
    import_roster(fresh, renamed, apply=True)
    assert _students(fresh)["ana"][0] == "Anna"


def test_a_roster_that_gives_an_lms_id_to_another_student_is_refused(fresh, tmp_path):
    import_roster(fresh, FILES / "excel_semicolons.csv", apply=True)
    swapped = tmp_path / "swapped.csv"
    swapped.write_text("id,first_name,lms_user_id\nana,Ana,S2002\n", encoding="utf-8")
    with pytest.raises(RosterError, match="'ana' has the LMS id 'S2002', which the gradebook gives to 'ben'"):
        import_roster(fresh, swapped, apply=True)
    assert _students(fresh)["ana"][3] == "S2001"


def test_a_student_with_grades_is_never_removed(fresh, tmp_path):
    import_roster(fresh, FILES / "excel_semicolons.csv", apply=True)
    with fresh.gradebook() as gb:
        gb.add_submission(ASSIGNMENT, "ben")
    only_ana = tmp_path / "only-ana.csv"
    only_ana.write_text("id,first_name\nana,Ana\n", encoding="utf-8")
    summary = import_roster(fresh, only_ana, remove_missing=True, apply=True)
    assert "ben" in summary and "has submissions, so it is never removed" in summary
    assert set(_students(fresh)) == {"ana", "ben"}  # chloe, with no submissions, was removed as asked


def test_a_deadline_in_the_past_is_refused_unless_asked_for(fresh):
    with pytest.raises(CourseError, match="is in the past.*--allow-past"):
        set_deadline(fresh, ASSIGNMENT, "2020-01-10 17:00 Europe/London")
    with fresh.gradebook() as gb:
        assert gb.find_assignment(ASSIGNMENT).duedate is None
    shown = set_deadline(fresh, ASSIGNMENT, "2020-01-10 17:00 Europe/London", allow_past=True)
    assert "2020-01-10 17:00 GMT (2020-01-10 17:00 UTC)" in shown


def test_a_deadline_without_a_time_zone_is_refused(fresh):
    with pytest.raises(CourseError, match="does not say which time zone"):
        set_deadline(fresh, ASSIGNMENT, "2099-01-10 17:00")
    with pytest.raises(CourseError, match="not a time zone I know"):
        set_deadline(fresh, ASSIGNMENT, "2099-01-10 17:00 Mars/Olympus")


def test_an_extension_must_end_after_the_deadline(fresh):
    import_roster(fresh, FILES / "excel_semicolons.csv", apply=True)
    set_deadline(fresh, ASSIGNMENT, "2099-01-10 17:00+01:00")
    with pytest.raises(CourseError, match="is not after the due date"):
        grant_extension(fresh, ASSIGNMENT, "ana", until="2099-01-09 17:00+01:00")
    with pytest.raises(CourseError, match="--days must be more than 0"):
        grant_extension(fresh, ASSIGNMENT, "ana", days=0)
    with fresh.gradebook() as gb:
        assert not gb.find_student("ana").submissions  # nothing was written


def test_an_unknown_student_or_assignment_is_named(fresh):
    import_roster(fresh, FILES / "excel_semicolons.csv", apply=True)
    set_deadline(fresh, ASSIGNMENT, "2099-01-10 17:00Z")
    with pytest.raises(CourseError, match="No student 'an' in the gradebook. Did you mean ana"):
        grant_extension(fresh, ASSIGNMENT, "an", days=1)
    run = course_cli(fresh.root, "export", "ps9-nothing", "--to", "csv")
    assert run.returncode == 1 and "No assignment 'ps9-nothing'" in run.stderr and ASSIGNMENT in run.stderr
    run = course_cli(fresh.root, "deadline", "ps9-nothing", "2099-01-10 17:00Z")
    assert run.returncode == 1 and "No assignment 'ps9-nothing'" in run.stderr and "Traceback" not in run.stderr


def test_a_roster_from_an_unknown_lms_is_refused_with_the_columns_each_one_needs(fresh, tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text("Name,Mark\nAna,3\n", encoding="utf-8")
    with pytest.raises(RosterError, match="cannot tell which LMS wrote it.*--from canvas, moodle or csv"):
        read_roster(odd)


def test_the_new_commands_are_in_course_help():
    run = subprocess.run([str(BIN / "course"), "--help"], capture_output=True, text=True)
    listed = run.stdout.split("COMMAND", 2)[2]
    for command in ("roster", "deadline", "extend", "export"):
        assert f"    {command} " in listed, command
    for command in (["roster", "import"], ["deadline"], ["extend"], ["export"]):
        help_run = subprocess.run([str(BIN / "course"), *command, "--help"], capture_output=True, text=True)
        assert help_run.returncode == 0 and "usage: course " + " ".join(command) in help_run.stdout


def test_a_canvas_download_naming_a_user_the_roster_does_not_know_is_refused_whole(fresh, tmp_path):
    import_roster(fresh, CANVAS_ROSTER, apply=True)
    download = canvas_zip(
        tmp_path / "canvas.zip",
        fresh.root,
        {f"okaforchidi_70001_1_{ASSIGNMENT}.ipynb": "solution", f"newstudent_70555_2_{ASSIGNMENT}.ipynb": "blank"},
    )
    run = course_cli(fresh.root, "collect", ASSIGNMENT, "--zip", download)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"no Canvas user id for: newstudent_70555_2_{ASSIGNMENT}.ipynb (Canvas user 70555)" in run.stderr
    assert "course roster import FILE --from canvas --apply" in run.stderr and "Nothing was imported" in run.stderr
    assert not list((fresh.root / "submitted").glob("*/*"))  # not even the student the roster knows
    assert not (fresh.root / "downloaded" / ASSIGNMENT / "canvas-files.json").exists()


def test_a_zip_mixing_canvas_names_with_others_is_refused_whole(fresh, tmp_path):
    import_roster(fresh, CANVAS_ROSTER, apply=True)
    download = canvas_zip(
        tmp_path / "mixed.zip",
        fresh.root,
        {f"okaforchidi_70001_1_{ASSIGNMENT}.ipynb": "solution", f"blank_{ASSIGNMENT}.ipynb": "blank"},
    )
    run = course_cli(fresh.root, "collect", ASSIGNMENT, "--zip", download)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "mixes Canvas's download names" in run.stderr and f"with other names: blank_{ASSIGNMENT}.ipynb" in run.stderr
    assert not list((fresh.root / "submitted").glob("*/*"))


def test_a_canvas_feedback_zip_without_a_canvas_download_is_refused(round_trip, fresh):
    # The round trip's students handed in through the exchange: feedback pages, but no Canvas files.
    with pytest.raises(CourseError, match=f"No Canvas download of {ASSIGNMENT} was collected.*SpeedGrader"):
        canvas_feedback_zip(Course.open(round_trip["root"]), ASSIGNMENT)
    assert not (round_trip["root"] / "lms" / f"{ASSIGNMENT}-canvas-feedback.zip").exists()
    run = course_cli(fresh.root, "feedback", ASSIGNMENT, "--zip", "--to", "canvas")
    assert run.returncode == 1 and f"course collect {ASSIGNMENT} --zip" in run.stderr
    run = course_cli(fresh.root, "feedback", ASSIGNMENT, "--zip")
    assert run.returncode == 1 and "--zip needs --to canvas" in run.stderr and "--to moodle --worksheet" in run.stderr
