"""Formative self-checks: a student types an answer and gets "correct" or a hint.

The answers are never stored in the package. ``selfchecks/<lesson>.yaml``
keeps, for each question, a random salt and the sha256 of each accepted answer after
normalising (case, curly quotes, spaces and outer punctuation do not matter).
Instructors add a question to a lesson's file in their clone of the repository with
``course selfcheck add`` (see ``course selfcheck add --help``).

The practice question "try-it" gives its own answer away on purpose:

>>> check("try-it", "Ready")
✅ Correct! That is how every self-check works: answer, check, and read the hint if you need one.
>>> check("try-it", "steady")
❌ Not quite. Hint: Type the single word from the question, with no other words.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._yaml import YamlFileError, line_of, read_yaml
from .errors import ArgumentTypeError, SelfCheckFileError, UnknownQuestionError

QUESTIONS_FOLDER = Path(__file__).with_name("selfchecks")
_OUTER_PUNCTUATION = " \t\n.,;:!?\"'()[]"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def normalise_answer(answer: str) -> str:
    """The form an answer is compared in: case, quotes, spacing and outer punctuation ignored.

    >>> normalise_answer("  “The  Kim Regime.” ")
    'the kim regime'
    """
    text = unicodedata.normalize("NFKC", answer).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).strip(_OUTER_PUNCTUATION)


def answer_digest(salt: str, answer: str) -> str:
    """How an accepted answer is stored: the sha256 of the salt and the normalised answer."""
    return hashlib.sha256(f"{salt}:{normalise_answer(answer)}".encode()).hexdigest()


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a self-check: truthy when correct, and shown as its feedback."""

    question_id: str
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.correct else "#9a3412"
        import html

        return f'<p style="color:{colour};font-weight:600">{html.escape(self.message)}</p>'


def read_questions(path: Path) -> dict[str, dict]:
    """One lesson's questions file, checked: a mistake raises :class:`SelfCheckFileError` naming file and line."""
    try:
        data = read_yaml(path)
    except YamlFileError as error:
        raise SelfCheckFileError(str(error)) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("questions") or {}, dict):
        raise SelfCheckFileError(f"{path}, line 1: expected a `questions:` mapping from question ids to questions.")
    questions = data.get("questions") or {}
    problems = [
        f"{path}, line {line_of(entry) or line_of(questions)}, question {question_id!r}: {problem}"
        for question_id, entry in questions.items()
        for problem in _problems(question_id, entry)
    ]
    if problems:
        raise SelfCheckFileError("\n".join(problems))
    return questions


def _problems(question_id: Any, entry: Any) -> list[str]:
    if not isinstance(question_id, str) or not question_id.strip():
        return ["a question id must be text, such as 02-count-us."]
    if not isinstance(entry, dict):
        return ["each question must be a mapping with question, salt, answers and hint."]
    problems = [
        f"`{key}` must be non-empty text."
        for key in ("question", "salt", "hint")
        if not isinstance(entry.get(key), str) or not entry[key].strip()
    ]
    if "praise" in entry and not isinstance(entry["praise"], str):
        problems.append("`praise` must be text.")
    answers = entry.get("answers")
    if not isinstance(answers, list) or not answers or not all(_is_digest(a) for a in answers):
        problems.append("`answers` must be a list of sha256 digests (add questions with `course selfcheck add`).")
    wrong = entry.get("wrong") or {}
    if not isinstance(wrong, dict) or not all(_is_digest(k) and isinstance(v, str) for k, v in wrong.items()):
        problems.append("`wrong` must map sha256 digests of wrong answers to hints.")
    return problems


def _is_digest(value: Any) -> bool:
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def load_questions(folder: Path) -> dict[str, dict]:
    """Every lesson's questions in ``folder``; a question id used twice is a mistake."""
    questions: dict[str, dict] = {}
    found_in: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        for question_id, entry in read_questions(path).items():
            if question_id in questions:
                raise SelfCheckFileError(
                    f"{path}, line {line_of(entry)}: the question id {question_id!r} is already used in "
                    f"{found_in[question_id]}. Each self-check needs its own id."
                )
            questions[question_id] = entry
            found_in[question_id] = path
    return questions


@lru_cache(maxsize=1)
def _questions() -> dict[str, dict]:
    return load_questions(QUESTIONS_FOLDER)


def question(question_id: str) -> str:
    """The text of a self-check question."""
    return _lookup(question_id)["question"]


def _lookup(question_id: Any) -> dict:
    if not isinstance(question_id, str):
        raise ArgumentTypeError(f'A question id is text, such as "try-it", but you gave {question_id!r}.')
    questions = _questions()
    if question_id not in questions:
        close = difflib.get_close_matches(question_id, questions, n=3)
        suggestion = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownQuestionError(
            f"There is no self-check called {question_id!r}.{suggestion} Check the spelling in the lesson."
        )
    return questions[question_id]


def _answer_text(answer: Any) -> str:
    if isinstance(answer, bool) or not isinstance(answer, (str, int, float)):
        raise ArgumentTypeError(
            f"Answer with text or a number, but you gave {type(answer).__name__} {answer!r}. "
            'For example: check("try-it", "ready").'
        )
    if isinstance(answer, float) and answer.is_integer():
        answer = int(answer)
    return str(answer)


def check(question_id: str, answer: Any) -> CheckResult:
    """Check an answer to a lesson's self-check question.

    Returns a result that shows "✅ Correct!" or "❌ Not quite." with a hint
    about what to re-read. It never shows the answer.
    """
    return judge(question_id, _lookup(question_id), answer)


def judge(question_id: str, entry: dict, answer: Any) -> CheckResult:
    """The verdict on one answer to one stored question (``check`` looks the question up first)."""
    text = _answer_text(answer)
    if not normalise_answer(text):
        return CheckResult(question_id, False, "✍️ Type an answer first, then check it.")
    digest = answer_digest(entry["salt"], text)
    if digest in entry["answers"]:
        return CheckResult(question_id, True, f"✅ Correct! {entry.get('praise', 'Well done.')}".strip())
    hint = (entry.get("wrong") or {}).get(digest) or entry["hint"]
    return CheckResult(question_id, False, f"❌ Not quite. Hint: {hint}")
