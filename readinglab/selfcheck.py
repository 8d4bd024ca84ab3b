"""Formative self-checks: a student types an answer and gets "correct" or a hint.

The answers are never stored in the package. ``selfchecks/<lesson>.yaml``
keeps, for each question, a random salt and the sha256 of each accepted answer after
normalising (case, curly quotes, spaces and outer punctuation do not matter).
Instructors add a question with::

    python -m readinglab.selfcheck add 02-actors 02-count-us --question "..." \\
        --answer "first form" --answer "another form" --hint "what to re-read"

where ``02-actors`` names the file ``selfchecks/02-actors.yaml`` (one per lesson).

The practice question "try-it" gives its own answer away on purpose:

>>> check("try-it", "Ready")
✅ Correct! That is how every self-check works: answer, check, and read the hint if you need one.
>>> check("try-it", "steady")
❌ Not quite. Hint: Type the single word from the question, with no other words.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import secrets
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import ArgumentTypeError, UnknownQuestionError

QUESTIONS_FOLDER = Path(__file__).with_name("selfchecks")
_OUTER_PUNCTUATION = " \t\n.,;:!?\"'()[]"
_HEADER = """\
# Self-check questions for the lessons, used by readinglab.check() and SelfCheck.
# Answers are stored only as salted sha256 hashes of the normalised answer,
# so nothing here gives an answer away. Add or change a question with
#   python -m readinglab.selfcheck add FILE QUESTION_ID --question ... --answer ... --hint ...
# (see `python -m readinglab.selfcheck add --help`).
"""


def normalise_answer(answer: str) -> str:
    """The form an answer is compared in: case, quotes, spacing and outer punctuation ignored.

    >>> normalise_answer("  “The  Kim Regime.” ")
    'the kim regime'
    """
    text = unicodedata.normalize("NFKC", answer).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).strip(_OUTER_PUNCTUATION)


def _digest(salt: str, answer: str) -> str:
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


@lru_cache(maxsize=1)
def _questions() -> dict[str, dict]:
    questions: dict[str, dict] = {}
    for path in sorted(QUESTIONS_FOLDER.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            questions.update((yaml.safe_load(handle) or {}).get("questions") or {})
    return questions


def question(question_id: str) -> str:
    """The text of a self-check question."""
    return _lookup(question_id)["question"]


def _lookup(question_id: Any) -> dict:
    if not isinstance(question_id, str):
        raise ArgumentTypeError(f"A question id is text, such as \"try-it\", but you gave {question_id!r}.")
    questions = _questions()
    if question_id not in questions:
        close = difflib.get_close_matches(question_id, questions, n=3)
        suggestion = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownQuestionError(f"There is no self-check called {question_id!r}.{suggestion} Check the spelling in the lesson.")
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
    entry = _lookup(question_id)
    text = _answer_text(answer)
    if not normalise_answer(text):
        return CheckResult(question_id, False, "✍️ Type an answer first, then check it.")
    digest = _digest(entry["salt"], text)
    if digest in entry["answers"]:
        return CheckResult(question_id, True, f"✅ Correct! {entry.get('praise', 'Well done.')}".strip())
    hint = (entry.get("wrong") or {}).get(digest) or entry["hint"]
    return CheckResult(question_id, False, f"❌ Not quite. Hint: {hint}")


def add_question(
    question_id: str, question_text: str, answers: list[str], hint: str,
    praise: str = "", wrong: dict[str, str] | None = None, path: Path | None = None,
) -> None:
    """Add (or replace) a question in ``path``, storing only salted hashes of the answers."""
    path = path or QUESTIONS_FOLDER / "extra.yaml"
    data = {"questions": {}}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or data
    salt = secrets.token_hex(8)
    entry = {
        "question": question_text,
        "salt": salt,
        "answers": sorted({_digest(salt, a) for a in answers}),
        "hint": hint,
    }
    if praise:
        entry["praise"] = praise
    if wrong:
        entry["wrong"] = {_digest(salt, answer): text for answer, text in wrong.items()}
    data.setdefault("questions", {})[question_id] = entry
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=100)
    path.write_text(_HEADER + body, encoding="utf-8")
    _questions.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m readinglab.selfcheck", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add or replace a question (answers are stored hashed)")
    add.add_argument("file", help="the questions file in readinglab/selfchecks/, named after its lesson (e.g. 02-actors)")
    add.add_argument("question_id", help="a unique id, starting with the lesson number (e.g. 02-count-us)")
    add.add_argument("--question", required=True, help="the question as students see it")
    add.add_argument("--answer", action="append", required=True, help="an accepted answer (repeat for variants)")
    add.add_argument("--hint", required=True, help="what to re-read or re-think; never the answer")
    add.add_argument("--praise", default="", help="shown after a correct answer")
    add.add_argument("--wrong", action="append", default=[], metavar="ANSWER=HINT", help="a hint for a common wrong answer")
    commands.add_parser("list", help="list the question ids and questions")
    args = parser.parse_args(argv)
    if args.command == "list":
        for question_id, entry in sorted(_questions().items()):
            print(f"{question_id}: {entry['question']}")
        return 0
    wrong = {}
    for item in args.wrong:
        answer, separator, hint = item.partition("=")
        if not separator:
            parser.error(f"--wrong takes ANSWER=HINT, not {item!r}")
        wrong[answer] = hint
    path = QUESTIONS_FOLDER / f"{args.file.removesuffix('.yaml')}.yaml"
    add_question(args.question_id, args.question, args.answer, args.hint, args.praise, wrong, path)
    print(f"Saved {args.question_id!r} with {len(args.answer)} hashed answer(s) in {path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
