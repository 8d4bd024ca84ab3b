"""`course selfcheck add` and `course validate`: instructors' commands on the lessons' data.

Every test works on a copy of the repository's data in a temporary folder (a "clone": its
pyproject.toml, readinglab/selfchecks/ and tests/selfcheck_answers/), with the students'
`check()` pointed at a copy of the package's questions that stands for an installed package.
Neither that copy nor the real package's files may change, whatever the command does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import readinglab
from readinglab import selfcheck
from readinglab.instructor.cli import main as course

REPOSITORY = Path(__file__).resolve().parent.parent
PACKAGE_QUESTIONS = Path(readinglab.__file__).resolve().parent / "selfchecks"
BIN = Path(sys.executable).parent
LESSON = "02-actors-and-names.yaml"
NEW = [
    "selfcheck",
    "add",
    "02",
    "02-count-them",
    "--question",
    "How many actors does together name? Type a number.",
    "--answer",
    "Seven",
    "--answer",
    "7",
    "--wrong",
    "6",
    "--wrong",
    "8=Did you count China twice?",
    "--hint",
    'Run mentions("together") and count its rows.',
    "--praise",
    "Counting rows is counting actors.",
]


def _files(*folders: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def installed(tmp_path, monkeypatch) -> Path:
    """A copy of the package's questions standing for an installed package; it and the real package stay unchanged."""
    folder = tmp_path / "venv" / "lib" / "python3" / "site-packages" / "readinglab" / "selfchecks"
    shutil.copytree(PACKAGE_QUESTIONS, folder)
    monkeypatch.setattr(selfcheck, "QUESTIONS_FOLDER", folder)
    selfcheck._questions.cache_clear()
    before = _files(folder, PACKAGE_QUESTIONS, REPOSITORY / "tests" / "selfcheck_answers")
    yield folder
    selfcheck._questions.cache_clear()
    assert _files(folder, PACKAGE_QUESTIONS, REPOSITORY / "tests" / "selfcheck_answers") == before, (
        "the installed package's self-checks (or the real repository's) were written"
    )


@pytest.fixture
def clone(tmp_path, installed) -> Path:
    """The repository's self-check data, copied, with a course folder inside."""
    root = tmp_path / "clone"
    shutil.copytree(REPOSITORY / "readinglab" / "selfchecks", root / "readinglab" / "selfchecks")
    shutil.copytree(REPOSITORY / "tests" / "selfcheck_answers", root / "tests" / "selfcheck_answers")
    shutil.copy(REPOSITORY / "pyproject.toml", root)
    (root / "course").mkdir()
    return root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = course([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_writes_into_the_clone_and_check_accepts_the_new_answers(clone, capsys, monkeypatch):
    lesson, key = clone / "readinglab" / "selfchecks" / LESSON, clone / "tests" / "selfcheck_answers" / LESSON
    lesson_before, key_before = lesson.read_text(encoding="utf-8"), key.read_text(encoding="utf-8")
    code, out, err = run(capsys, "--course", clone / "course", *NEW)
    assert code == 0, err
    assert "Added '02-count-them'" in out and "Note:" in out  # the readinglab in use is not the clone
    assert lesson.read_text(encoding="utf-8").startswith(lesson_before), "the file was re-written, not appended to"
    assert key.read_text(encoding="utf-8").startswith(key_before)
    assert yaml.safe_load(key.read_text(encoding="utf-8"))["02-count-them"] == {
        "right": ["Seven", "7"],
        "wrong": ["6", "8"],
    }

    monkeypatch.setattr(selfcheck, "QUESTIONS_FOLDER", lesson.parent)  # as a student's check() reads the clone
    selfcheck._questions.cache_clear()
    assert readinglab.check("02-count-them", " seven. ") and readinglab.check("02-count-them", 7)
    assert readinglab.check("02-count-them", "8").message == "❌ Not quite. Hint: Did you count China twice?"
    assert readinglab.check("02-count-them", "6").message.endswith("count its rows.")
    assert readinglab.check("02-count-us", "12") and readinglab.check("try-it", "ready")  # the others still work

    code, out, _ = run(capsys, "--course", clone / "course", "selfcheck", "list")
    assert code == 0 and "  02-count-them: How many actors" in out and "  try-it: " in out


# A question whose answer, "Open Sesame", should never be readable in the package.
SECRET = ("selfcheck", "add", "02-actors-and-names", "02-secret", "--question", "What is the secret?",
          "--answer", "Open Sesame", "--wrong", "close=Nearly.", "--hint", "Think of the cave.")  # fmt: skip


def test_the_new_question_is_stored_only_as_hashes(clone, capsys):
    code, _, err = run(capsys, "--course", clone, *SECRET)
    assert code == 0, err
    text = (clone / "readinglab" / "selfchecks" / LESSON).read_text(encoding="utf-8")
    assert "sesame" not in text.casefold() and "close" not in text
    stored = yaml.safe_load(text)["questions"]["02-secret"]
    assert len(stored["answers"]) == 1 and len(stored["answers"][0]) == 64


def test_an_answer_already_written_out_in_the_package_is_refused(clone, capsys):
    """A right answer that stands in plain text anywhere students install gives the key away, hashes or not."""
    (clone / "readinglab" / "sandbox.py").write_text('USER = "open sesame"  # some other meaning\n', encoding="utf-8")
    before = _files(clone)
    code, out, err = run(capsys, "--course", clone, *SECRET)
    assert code == 1 and out == ""
    assert "the answer 'Open Sesame' already stands in plain text in readinglab/sandbox.py" in err
    assert _files(clone) == before


@pytest.mark.parametrize(
    "change, message",
    [
        ({2: "09"}, "There is no lesson '09'. Give its number or its file's name, one of: 00-start-here"),
        ({3: "02-count-us"}, "the id '02-count-us' is already used"),
        ({3: "count-them"}, "the id 'count-them' must be the lesson's number"),
        ({3: "03-count-them"}, "must start with the lesson's number: 02-"),
        ({5: "   "}, "the question is empty"),
        ({15: ""}, "the hint is empty"),
        ({11: "SEVEN!"}, "the wrong answer 'SEVEN!' is the same to check() as the right answer 'Seven'"),
        ({9: "..."}, "the answer '...' is empty once case, quotes, spacing and outer punctuation are set aside"),
        ({15: "Seven actors: run mentions()."}, "the hint gives the answer 'Seven' away"),
        ({10: "--praise", 11: "Yes", 12: "--praise", 13: "Yes"}, "give at least one wrong answer with --wrong"),
    ],
    ids=[
        "unknown-lesson",
        "duplicate-id",
        "bad-id",
        "id-of-another-lesson",
        "empty-question",
        "empty-hint",
        "wrong-answer-accepted",
        "empty-answer",
        "hint-gives-answer-away",
        "no-wrong-answer",
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(clone, capsys, change, message):
    argv = [change.get(index, arg) for index, arg in enumerate(NEW)]
    before = _files(clone)
    code, out, err = run(capsys, "--course", clone, *argv)
    assert code == 1 and out == ""
    assert err.startswith("course selfcheck: ") and message in err and "Traceback" not in err
    assert _files(clone) == before


def test_outside_a_clone_it_refuses_and_writes_nowhere(tmp_path, installed, capsys):
    (tmp_path / "elsewhere").mkdir()
    code, out, err = run(capsys, "--course", tmp_path / "elsewhere", *NEW)
    assert code == 1 and out == ""
    assert "Cannot find a clone of the readinglab repository" in err
    assert "never into an installed package: run the command inside your clone" in err


def test_a_source_tree_inside_site_packages_is_not_taken_for_a_clone(installed, capsys):
    package = installed.parent  # .../site-packages/readinglab, with a pyproject.toml as if built from source
    shutil.copy(REPOSITORY / "pyproject.toml", package)
    (package / "readinglab").symlink_to(package)
    try:
        code, _, err = run(capsys, "--course", package, *NEW)
    finally:
        (package / "pyproject.toml").unlink()
        (package / "readinglab").unlink()
    assert code == 1 and "Cannot find a clone" in err


def test_a_file_that_does_not_end_with_its_questions_is_left_as_it_is(clone, capsys):
    lesson = clone / "readinglab" / "selfchecks" / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + "# kept\nrevised:\n  by: someone\n", encoding="utf-8")
    before = _files(clone)
    code, _, err = run(capsys, "--course", clone, *NEW)
    assert code == 1 and "could not be added" in err and LESSON in err
    assert _files(clone) == before


def _validate(*args: str, command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=REPOSITORY, timeout=300)


COURSE_VALIDATE = [str(BIN / "course"), "validate"]
MODULE_VALIDATE = [sys.executable, "-m", "readinglab.validate"]


def test_course_validate_passes_on_the_real_data_as_the_validator_does():
    ours, theirs = _validate(command=COURSE_VALIDATE), _validate(command=MODULE_VALIDATE)
    assert ours.returncode == theirs.returncode == 0, ours.stdout + ours.stderr
    assert ours.stdout == theirs.stdout == "All readings and annotations are consistent.\n"


def test_course_validate_fails_with_the_validators_message_on_broken_data(tmp_path):
    texts = tmp_path / "source_texts"
    shutil.copytree(REPOSITORY / "source_texts", texts)
    actors = texts / "annotations" / "actors.yaml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace('      - "China"\n', '      - "China"\n      - "Atlantis"\n', 1),
        encoding="utf-8",
    )
    ours, theirs = _validate(str(texts), command=COURSE_VALIDATE), _validate(str(texts), command=MODULE_VALIDATE)
    assert ours.returncode == theirs.returncode == 1
    assert ours.stdout == theirs.stdout and "the alias 'Atlantis' is never counted" in ours.stdout


def test_course_help_lists_selfcheck_and_validate():
    run = subprocess.run([str(BIN / "course"), "--help"], capture_output=True, text=True)
    assert run.returncode == 0
    listed = run.stdout.split("COMMAND", 2)[2]
    assert "selfcheck " in listed and "validate " in listed
    for command in (["selfcheck", "add"], ["validate"]):
        help_run = subprocess.run([str(BIN / "course"), *command, "--help"], capture_output=True, text=True)
        assert help_run.returncode == 0 and "usage: course " + " ".join(command) in help_run.stdout
