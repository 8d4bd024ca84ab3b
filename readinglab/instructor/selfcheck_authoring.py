"""``course selfcheck add``: a new self-check, written into the repository's data, never into an installed package.

The question goes at the end of the lesson's ``readinglab/selfchecks/NN-lesson.yaml``
in the clone of the repository that holds the course folder (or the current folder),
its answers stored only as salted hashes, as students' ``check()`` reads them. Its
plaintext answers go into the answer key the tests read,
``tests/selfcheck_answers/NN-lesson.yaml``. Both files are appended to, so their comments
and layout stay as they are, and neither is changed unless both, once changed, load
through the students' own code and answer as the instructor said they should.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import selfcheck
from ..errors import SelfCheckFileError
from .course import CourseError

QUESTIONS = Path("readinglab", "selfchecks")
ANSWER_KEY = Path("tests", "selfcheck_answers")
_KEY_HEADER = "# Plaintext answers for the tests only (never installed with the package).\n"
_ID = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class NewSelfCheck:
    """A question as the instructor typed it; ``wrong`` maps each wrong answer to its own hint, or to ""."""

    lesson: str
    question_id: str
    question: str
    answers: tuple[str, ...]
    hint: str
    wrong: dict[str, str]
    praise: str = ""


def parse_wrong(items: list[str]) -> dict[str, str]:
    """``--wrong`` values, ``ANSWER`` or ``ANSWER=HINT`` (split at the first ``=``), as answer -> hint.

    >>> parse_wrong(["8", "11=Did you count the word by hand?"])
    {'8': '', '11': 'Did you count the word by hand?'}
    """
    wrong: dict[str, str] = {}
    for item in items:
        answer, _, hint = item.partition("=")
        wrong[answer.strip()] = hint.strip()
    return wrong


def find_repository(start: Path) -> Path:
    """The clone of the readinglab repository at or above ``start``: a source tree, never an installed package."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if {"site-packages", "dist-packages"} & set(folder.parts):
            break  # inside an installed package: no clone above it is ours to write
        if (folder / QUESTIONS).is_dir() and _is_readinglab_project(folder / "pyproject.toml"):
            return folder
    raise CourseError(
        f"Cannot find a clone of the readinglab repository at or above {start}. A self-check is written into "
        "the repository's readinglab/selfchecks/, never into an installed package: run the command inside "
        "your clone of the repository (or give --course DIR with the clone's course/ folder)."
    )


def _is_readinglab_project(pyproject: Path) -> bool:
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("name") == "readinglab"
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def lesson_file(repository: Path, lesson: str) -> Path:
    """The lesson's questions file, from its number (``2``, ``02``) or its name (``02-actors-and-names``)."""
    files = sorted((repository / QUESTIONS).glob("*.yaml"))
    wanted = lesson.strip().removesuffix(".yaml")
    wanted = wanted.zfill(2) if wanted.isdigit() else wanted
    matches = [path for path in files if wanted in (path.stem, path.stem.split("-", 1)[0])]
    if len(matches) != 1:
        raise CourseError(
            f"There is no lesson {lesson!r}. Give its number or its file's name, one of: "
            f"{', '.join(path.stem for path in files)}."
        )
    return matches[0]


def list_selfchecks(repository: Path) -> str:
    """Every question id in the repository's data, lesson by lesson, with its question."""
    lines = []
    for path in sorted((repository / QUESTIONS).glob("*.yaml")):
        lines.append(f"{path.stem}:")
        lines += [f"  {question_id}: {entry['question']}" for question_id, entry in _read(path).items()]
    return "\n".join(lines)


def add_selfcheck(repository: Path, new: NewSelfCheck) -> str:
    """Append ``new`` to its lesson's file and its answers to the answer key; say what was written."""
    path = lesson_file(repository, new.lesson)
    key_path = repository / ANSWER_KEY / path.name
    try:
        existing = selfcheck.load_questions(path.parent)
    except SelfCheckFileError as error:
        raise CourseError(f"Fix the self-check files first:\n{error}") from None
    problems = _problems(new, path, existing) + _answers_in_package(repository, new)
    if problems:
        raise CourseError("The self-check was not added:\n  - " + "\n  - ".join(problems))

    salt = secrets.token_hex(8)
    entry = {
        "answers": sorted({selfcheck.answer_digest(salt, answer) for answer in new.answers}),
        "hint": new.hint,
        "question": new.question,
        "salt": salt,
    }
    if new.praise:
        entry["praise"] = new.praise
    if any(new.wrong.values()):
        entry["wrong"] = {selfcheck.answer_digest(salt, answer): hint for answer, hint in new.wrong.items() if hint}
    block = yaml.safe_dump({"questions": {new.question_id: entry}}, allow_unicode=True, sort_keys=True, width=100)
    key = {"right": list(dict.fromkeys(new.answers)), "wrong": list(new.wrong)}
    key_line = (
        f"{new.question_id}: {{right: {json.dumps(key['right'], ensure_ascii=False)}, "
        f"wrong: {json.dumps(key['wrong'], ensure_ascii=False)}}}\n"
    )
    _append_checked(
        [
            (path, block.removeprefix("questions:\n"), lambda text: _check_questions(path, text, new, entry)),
            (key_path, key_line, lambda text: _check_key(key_path, text, new.question_id, key)),
        ]
    )
    try:
        selfcheck.load_questions(path.parent)  # the whole folder, as students' check() reads it
    except SelfCheckFileError as error:  # not expected: every file was checked before writing
        raise CourseError(f"The self-check files no longer load after the change; fix this:\n{error}") from None

    relative = path.relative_to(repository)
    done = (
        f"Added {new.question_id!r} to {relative} ({len(entry['answers'])} accepted answer(s), stored only as "
        f"salted hashes) and its test answers to {key_path.relative_to(repository)}.\n"
        f'Use it in the lesson with check("{new.question_id}", ...) or SelfCheck("{new.question_id}"), '
        "run `make test`, and commit both files."
    )
    in_use = selfcheck.QUESTIONS_FOLDER.resolve()
    if in_use != path.parent.resolve():
        done += (
            f"\nNote: the readinglab this command runs with reads its self-checks from {in_use}, not from "
            "this clone: reinstall the package from the clone (`make venv`, or `pip install -e .`) for "
            "check() to see the new question."
        )
    return done


def _problems(new: NewSelfCheck, path: Path, existing: dict[str, dict]) -> list[str]:
    """Every reason not to add ``new``, each saying what to do instead."""
    normalise = selfcheck.normalise_answer
    number = path.stem.split("-", 1)[0]
    problems = []
    if not _ID.fullmatch(new.question_id):
        problems.append(
            f"the id {new.question_id!r} must be the lesson's number and words in lower case "
            f"joined by hyphens, such as {number}-count-us."
        )
    elif not new.question_id.startswith(f"{number}-"):
        problems.append(f"the id {new.question_id!r} must start with the lesson's number: {number}-...")
    if new.question_id in existing:
        problems.append(
            f"the id {new.question_id!r} is already used (see `course selfcheck list`): choose "
            "another, or edit that question in its file."
        )
    if not new.question.strip():
        problems.append("the question is empty: give the text students see with --question.")
    if not new.hint.strip():
        problems.append("the hint is empty: say what to re-read or re-think with --hint (never the answer).")
    if not new.answers:
        problems.append("give at least one accepted answer with --answer.")
    if not new.wrong:
        problems.append(
            "give at least one wrong answer with --wrong ANSWER (or ANSWER=HINT): "
            "the tests check that it gets a hint, not a tick."
        )
    for answer in new.answers:
        if not normalise(answer):
            problems.append(
                f"the answer {answer!r} is empty once case, quotes, spacing and outer punctuation "
                "are set aside, so check() could never accept it."
            )
    right = {normalise(answer): answer for answer in new.answers}
    for answer in new.wrong:
        if not normalise(answer):
            problems.append(
                f"the wrong answer {answer!r} is empty once case, quotes, spacing and outer "
                "punctuation are set aside: check() would ask for an answer, not give a hint."
            )
        elif normalise(answer) in right:
            problems.append(
                f"the wrong answer {answer!r} is the same to check() as the right answer "
                f"{right[normalise(answer)]!r} (it sets aside case, quotes, spacing and outer "
                "punctuation), so check() would accept it."
            )
    shown = {"hint": new.hint, "praise": new.praise}
    shown |= {f"hint for the wrong answer {answer!r}": hint for answer, hint in new.wrong.items()}
    for answer in new.answers:
        for name, text in shown.items():
            if _gives_away(answer, text):
                problems.append(f"the {name} gives the answer {answer!r} away: say what to re-read instead.")
    return problems


def _answers_in_package(repository: Path, new: NewSelfCheck) -> list[str]:
    """Answers that already stand in plain text in the package a student installs.

    The package carries answers only as hashes; a right answer written out in a docstring, a data file
    or a message (the sandbox's user "nobody", "the writer" in a docstring) gives it away all the same.
    Short answers, and words the question itself offers, are public, as in the test that checks the package.
    """
    package = repository / "readinglab"
    texts = {
        path: path.read_text(encoding="utf-8", errors="ignore").casefold()
        for path in package.rglob("*")
        if path.is_file() and path.suffix in {".py", ".yaml", ".json", ".txt", ".md"}
    }
    problems = []
    for answer in new.answers:
        text = answer.casefold().strip()
        if len(text) < 6 or text in new.question.casefold():
            continue
        found = next((path for path, content in texts.items() if text in content), None)
        if found is not None:
            problems.append(
                f"the answer {answer!r} already stands in plain text in {found.relative_to(repository)}, "
                "which students install: leave that answer out, or reword it there."
            )
    return problems


def _gives_away(answer: str, shown: str) -> bool:
    """The rule of the test that no message gives an answer away: the answer as a word, or inside the text."""
    answer, shown = selfcheck.normalise_answer(answer), selfcheck.normalise_answer(shown)
    return (len(answer) >= 3 and answer in shown.split(" ")) or (len(answer) >= 4 and answer in shown)


def _check_questions(path: Path, text: str, new: NewSelfCheck, entry: dict) -> None:
    """The lesson file as ``text`` holds what it held plus ``entry``, and ``entry`` answers as it should."""
    written = _read_text(path, text)
    if written != {**_read(path), new.question_id: entry}:
        raise CourseError(
            f"{path}: the question could not be added at the end without changing the rest of the file. The file "
            "must end with its `questions:` block, each question indented by two spaces, as the other lesson "
            "files are. Fix that, or add the question by hand."
        )
    stored = written[new.question_id]
    for answer in new.answers:
        if not selfcheck.judge(new.question_id, stored, answer):
            raise CourseError(f"{path}: check() would not accept {answer!r} once written. Nothing was changed.")
    for answer, hint in new.wrong.items():
        result = selfcheck.judge(new.question_id, stored, answer)
        if result or not result.message.endswith(hint or new.hint):
            raise CourseError(f"{path}: check() would not give {answer!r} its hint once written. Nothing was changed.")


def _check_key(path: Path, text: str, question_id: str, key: dict) -> None:
    """The answer key as ``text`` holds what it held plus the new question's answers."""
    try:
        before = (yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
        after = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise CourseError(f"{path} is not valid YAML: {error}") from None
    if after != {**before, question_id: key}:
        raise CourseError(
            f"{path}: the answers could not be added at the end without changing the rest of the "
            "file. Each question there must sit on one line of its own; fix that, or add them by hand."
        )


def _read(path: Path) -> dict:
    try:
        return selfcheck.read_questions(path)
    except SelfCheckFileError as error:
        raise CourseError(str(error)) from None


def _read_text(path: Path, text: str) -> dict:
    """``text`` read as the lesson file ``path`` would be, through a scratch file beside it."""
    scratch = path.with_name(f".{path.name}.checking")
    scratch.write_text(text, encoding="utf-8")
    try:
        return selfcheck.read_questions(scratch)
    except SelfCheckFileError as error:
        raise CourseError(f"The question could not be added: {str(error).replace(str(scratch), str(path))}") from None
    finally:
        scratch.unlink()


def _append_checked(changes: list) -> None:
    """Append to each file (path, text, check): all are checked first, then all are written, or none is."""
    planned = []
    for path, addition, check in changes:
        before = path.read_text(encoding="utf-8") if path.exists() else _KEY_HEADER
        after = before + ("" if before.endswith("\n") or not before else "\n") + addition
        check(after)
        planned.append((path, after))
    for path, after in planned:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(f".{path.name}.new")
        fresh.write_text(after, encoding="utf-8")
        if path.exists():
            os.chmod(fresh, path.stat().st_mode)
        os.replace(fresh, path)
