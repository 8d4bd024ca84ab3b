"""Instructor notes (course/instructor-notes/): one per lesson, complete, and never in a student's hands.

Each lesson in notebooks/ has a notes file of the same name (``NN-lesson.md``) with four sections:
Timing, Common misconceptions, Worked solutions and Self-checks. The timing table lists the lesson's
``##`` sections in order, and its minutes add up to the time the lesson's first cell states. The notes
are for instructors only: they are not in the wheel students install, not in any nbgrader release (or
its exchange copy and LMS zip), and not in what deploy/install-course-env puts on a hub; nor do they hold
a line of a graded assignment's solutions, hidden tests or mark schemes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from readinglab.instructor.feedback import secret_lines

from .support.course_copy import ASSIGNMENTS, open_copy
from .support.notebooks import solution_code
from .support.wheel import build_wheel

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "course" / "instructor-notes"
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
NOTE_FILES = sorted(p for p in NOTES.glob("*.md") if p.name != "README.md")
SELFCHECKS = ROOT / "readinglab" / "selfchecks"

# Every notes file says so near its top; nothing a student gets may hold this line.
MARK = "For instructors only: never give these notes to students"
REQUIRED_SECTIONS = ("Timing", "Common misconceptions", "Worked solutions", "Self-checks")
# The lesson's first cell: "**Time:** 25 minutes teaching · 15 minutes exercises".
STATED_TIME = re.compile(r"\*\*Time:\*\*\s*(\d+)\s*minutes teaching\s*·\s*(\d+)\s*minutes exercises")
SELF_CHECK_CALL = re.compile(r"""(?:SelfCheck|check)\(\s*["']([\w-]+)["']""")


# ---- reading lessons and notes ------------------------------------------------------------------


def _cells(lesson: Path) -> list[dict]:
    return json.loads(lesson.read_text(encoding="utf-8"))["cells"]


def _plain(heading: str) -> str:
    """A heading as a reader sees it: no Markdown emphasis or code marks, single spaces."""
    return " ".join(re.sub(r"[*_`]", "", heading).split())


def stated_minutes(lesson: Path) -> tuple[int, int]:
    """(teaching, exercises) minutes from the lesson's first cell."""
    match = STATED_TIME.search("".join(_cells(lesson)[0]["source"]))
    assert match, f"{lesson.name}: no '**Time:** N minutes teaching · M minutes exercises' in the first cell"
    return int(match[1]), int(match[2])


def lesson_sections(lesson: Path) -> list[str]:
    """The lesson's ``##`` headings, in order."""
    return [
        _plain(line[3:])
        for cell in _cells(lesson)
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("## ")
    ]


def lesson_self_checks(lesson: Path) -> set[str]:
    code = "\n".join("".join(c["source"]) for c in _cells(lesson) if c["cell_type"] == "code")
    return set(SELF_CHECK_CALL.findall(code))


def sections(notes: str) -> dict[str, str]:
    """The notes' ``##`` sections: heading -> body."""
    parts = re.split(r"^## +(.+?) *$", notes, flags=re.MULTILINE)
    return {heading.strip(): body for heading, body in zip(parts[1::2], parts[2::2])}


def timing_rows(timing: str) -> list[tuple[str, int, int]]:
    """(section, teaching, exercises) for each row of the timing table, the total row left out."""
    rows = []
    for line in timing.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|") or len(cells) != 3 or set(cells[1]) <= set("-: "):
            continue
        if cells[1].isdigit() and cells[2].isdigit():
            rows.append((_plain(cells[0]), int(cells[1]), int(cells[2])))
        elif _plain(cells[0]).lower() not in {"section", "total"}:  # the header row and the total row
            raise AssertionError(f"a timing row without two whole numbers of minutes: {line!r}")
    return rows


def timing_total(timing: str) -> tuple[int, int] | None:
    match = re.search(r"^\|\s*\*\*Total\*\*\s*\|\s*\*\*(\d+)\*\*\s*\|\s*\*\*(\d+)\*\*\s*\|", timing, re.MULTILINE)
    return (int(match[1]), int(match[2])) if match else None


def notes_for(lesson: Path) -> str:
    return (NOTES / f"{lesson.stem}.md").read_text(encoding="utf-8")


def fingerprints() -> set[str]:
    """Lines that mark the notes: the line every notes file opens with, and every long line of the notes that is
    not in a lesson or a reading (which the notes quote, and which are public). If one turns up in something
    students get, the notes went with it."""
    public = "\n".join(
        [
            *(p.read_text(encoding="utf-8") for p in LESSONS),
            *(p.read_text(encoding="utf-8") for p in (ROOT / "source_texts").rglob("*") if p.is_file()),
        ]
    )
    lines = {MARK}
    for path in [*NOTE_FILES, NOTES / "README.md"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 50 and line not in public:
                lines.add(line)
    return lines


def leaks(files: dict[str, str]) -> list[str]:
    """Names of the files that are notes, or hold a line of the notes."""
    marks = fingerprints()
    assert len(marks) > 100, "too few distinctive lines in the notes: the check would prove nothing"
    found = [name for name in files if "instructor-notes" in name or "instructor_notes" in name]
    found += [name for name, text in files.items() if any(mark in text for mark in marks)]
    return found


# ---- every lesson has notes, and the notes are complete ------------------------------------------


def test_every_lesson_has_notes_and_every_notes_file_a_lesson():
    assert LESSONS, "no lessons found"
    assert [p.stem for p in NOTE_FILES] == [p.stem for p in LESSONS], (
        "course/instructor-notes/ needs one NN-lesson.md per notebooks/NN-lesson.ipynb, and nothing else"
    )
    assert (NOTES / "README.md").is_file()


def test_the_readme_says_the_notes_are_for_instructors_only():
    readme = (NOTES / "README.md").read_text(encoding="utf-8")
    assert "never" in readme and "students" in readme
    assert "instructor-notes/" in (ROOT / "course" / "README.md").read_text(encoding="utf-8"), (
        "course/README.md should point instructors to the notes"
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_notes_have_the_four_sections_each_with_content(lesson):
    assert MARK in notes_for(lesson)[:400], f"{lesson.stem}.md should open by saying it is for instructors only"
    found = sections(notes_for(lesson))
    for heading in REQUIRED_SECTIONS:
        assert heading in found, f"{lesson.stem}.md has no '## {heading}' section"
        assert len(found[heading].split()) >= 30, f"{lesson.stem}.md: '## {heading}' is nearly empty"
    assert list(found)[: len(REQUIRED_SECTIONS)] == list(REQUIRED_SECTIONS), (
        f"{lesson.stem}.md: the sections come in the order {REQUIRED_SECTIONS}"
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_timing_lists_the_lesson_sections_and_adds_up_to_its_stated_time(lesson):
    timing = sections(notes_for(lesson))["Timing"]
    rows = timing_rows(timing)
    teaching, exercises = stated_minutes(lesson)
    assert [section for section, _, _ in rows] == lesson_sections(lesson), (
        f"{lesson.stem}.md: the timing table should list the lesson's ## sections in order "
        f"({lesson_sections(lesson)}): has the lesson changed?"
    )
    assert sum(t for _, t, _ in rows) == teaching, f"{lesson.stem}.md: teaching minutes do not add up to {teaching}"
    assert sum(e for _, _, e in rows) == exercises, f"{lesson.stem}.md: exercise minutes do not add up to {exercises}"
    assert timing_total(timing) == (teaching, exercises), f"{lesson.stem}.md: the **Total** row is missing or wrong"
    for label in ("**Runs long:**", "**If short of time:**"):
        assert label in timing, f"{lesson.stem}.md: the timing section needs a '{label}' paragraph"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_each_misconception_says_how_to_spot_it_and_how_to_address_it(lesson):
    body = sections(notes_for(lesson))["Common misconceptions"]
    items = re.split(r"^### ", body, flags=re.MULTILINE)[1:]
    assert len(items) >= 3, f"{lesson.stem}.md: at least three misconceptions, each under a ### heading"
    for item in items:
        title = item.splitlines()[0]
        assert "**Spot it:**" in item and "**Address it:**" in item, f"{lesson.stem}.md, '{title}'"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_worked_solutions_each_have_a_heading(lesson):
    body = sections(notes_for(lesson))["Worked solutions"]
    assert re.search(r"^### ", body, flags=re.MULTILINE), f"{lesson.stem}.md: one ### per exercise or prompt"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_self_checks_section_names_exactly_the_lessons_self_checks(lesson):
    body = sections(notes_for(lesson))["Self-checks"]
    (questions_file,) = SELFCHECKS.glob(f"{lesson.stem[:2]}-*.yaml")
    in_file = set(yaml.safe_load(questions_file.read_text(encoding="utf-8"))["questions"])
    named = set(re.findall(r"`((?:try-it|\d\d-[\w-]+))`", body))
    assert in_file | lesson_self_checks(lesson) <= named, (
        f"{lesson.stem}.md does not cover the self-checks {sorted((in_file | lesson_self_checks(lesson)) - named)}"
    )
    assert named <= in_file | lesson_self_checks(lesson), (
        f"{lesson.stem}.md names self-checks that are not the lesson's: {sorted(named - in_file)}"
    )


def test_the_notes_hold_no_line_of_a_graded_assignments_answers():
    """Solutions, hidden tests and mark schemes stay in course/source/: the notes are about the lessons."""
    secrets = set()
    for notebook in sorted((ROOT / "course" / "source").glob("*/*.ipynb")):
        secrets |= set(secret_lines(notebook, minimum=30))
        for code in solution_code(nbformat.read(notebook, as_version=4)).values():
            secrets |= {" ".join(line.split()) for line in code.splitlines() if len(line.strip()) >= 30}
    assert len(secrets) > 50, "too few answer lines found: the check would prove nothing"
    notes = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in NOTE_FILES)
    assert sorted(line for line in secrets if line in notes) == []


# ---- and they never reach a student --------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_notes_are_not_in_the_wheel(wheel):
    with zipfile.ZipFile(wheel) as archive:
        files = {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()}
    assert leaks(files) == []


def _tree(folder: Path) -> dict[str, str]:
    files = {}
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                files |= {
                    f"{path}!{name}": archive.read(name).decode("utf-8", errors="replace")
                    for name in archive.namelist()
                }
        elif path.is_file():
            files[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    return files


def test_the_notes_are_in_no_release_of_any_assignment(tmp_path):
    """`course release` of every assignment, in a copy of the course that holds the notes: nothing of them in
    release/, in the exchange or in the LMS zip."""
    from readinglab.instructor import exchange

    course = open_copy(tmp_path / "course")
    assert (course.root / "instructor-notes").is_dir(), "the copy should hold the notes, or this proves nothing"
    for assignment in ASSIGNMENTS:
        exchange.release(course, assignment)
    handed_out = {}
    for folder in ("release", "exchange", "handout"):
        assert (course.root / folder).is_dir(), f"the release wrote no {folder}/"
        handed_out |= _tree(course.root / folder)
    assert len([name for name in handed_out if name.endswith(".ipynb")]) >= 2 * len(ASSIGNMENTS)
    assert leaks(handed_out) == []


def test_install_course_env_copies_none_of_the_notes(tmp_path):
    """What the script puts on a hub, with its pip and jupyter stubbed out (the package is the wheel, above)."""
    script = (ROOT / "deploy" / "install-course-env").read_text(encoding="utf-8")
    assert set(re.findall(r"\$repo/course/([\w./-]*)", script)) == {"nbgrader_config.py"}, (
        "install-course-env should take nothing from course/ but nbgrader_config.py"
    )
    assert not re.search(r"\$repo/course\b(?!/)", script), "install-course-env should not copy the whole course/ folder"
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "deploy", clone / "deploy")
    shutil.copytree(
        ROOT / "course",
        clone / "course",
        ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "exchange", "gradebook.db", "handout", "reports"
        ),
    )
    shutil.copy(ROOT / "requirements.lock", clone / "requirements.lock")
    env = tmp_path / "env"
    (env / "bin").mkdir(parents=True)
    for tool in ("python", "jupyter"):
        (env / "bin" / tool).write_text("#!/bin/sh\nexit 0\n")
        (env / "bin" / tool).chmod(0o755)
    subprocess.run([str(clone / "deploy" / "install-course-env"), str(env)], check=True, capture_output=True)
    installed = _tree(env)
    assert any(name.endswith("etc/course/nbgrader_config.py") for name in installed), "the script installed nothing"
    assert leaks(installed) == []
