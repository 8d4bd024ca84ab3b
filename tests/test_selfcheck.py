"""Self-checks: right answers pass, wrong ones get a hint, and no answer is stored in plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from readinglab import check
from readinglab.corpus import current_corpus
from readinglab.errors import ArgumentTypeError, SelfCheckFileError, UnknownQuestionError
from readinglab.selfcheck import QUESTIONS_FOLDER, _questions, load_questions, normalise_answer, read_questions

ANSWERS_FOLDER = Path(__file__).with_name("selfcheck_answers")
PACKAGE = Path(__import__("readinglab").__file__).parent


def _answer_key() -> dict[str, dict]:
    key = {}
    for path in sorted(ANSWERS_FOLDER.glob("*.yaml")):
        for question_id, entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            key[question_id] = entry
    return key


def test_every_question_has_test_answers_and_every_test_answer_a_question():
    assert set(_answer_key()) == set(_questions())


@pytest.mark.parametrize("question_id", sorted(_questions()))
def test_right_answers_pass_and_wrong_answers_get_a_hint(question_id):
    entry = _answer_key()[question_id]
    assert entry["right"] and entry["wrong"], "each question needs at least one right and one wrong test answer"
    for answer in entry["right"]:
        result = check(question_id, answer)
        assert result and result.message.startswith("✅"), (answer, result.message)
    for answer in entry["wrong"]:
        result = check(question_id, answer)
        assert not result and "Hint:" in result.message, (answer, result.message)


@pytest.mark.parametrize("question_id", sorted(_questions()))
def test_no_message_gives_the_answer_away(question_id):
    stored = _questions()[question_id]
    shown = " ".join([stored["hint"], stored.get("praise", ""), *(stored.get("wrong") or {}).values()])
    for answer in _answer_key()[question_id]["right"]:
        if question_id == "try-it":
            continue  # the practice question states its own answer on purpose
        assert (
            normalise_answer(str(answer)) not in normalise_answer(shown).split(" ")
            or len(normalise_answer(str(answer))) < 3
        )
        assert normalise_answer(str(answer)) not in normalise_answer(shown) or len(str(answer)) < 4


def test_no_plaintext_answer_appears_anywhere_in_the_package():
    package_text = "\n".join(
        path.read_text(encoding="utf-8", errors="ignore").casefold()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix in {".py", ".yaml", ".json", ".txt", ".md"}
    )
    reading_ids = {reading_id.casefold() for reading_id in current_corpus().ids}
    for question_id, entry in _answer_key().items():
        if question_id == "try-it":
            continue
        for answer in entry["right"]:
            text = str(answer).casefold().strip().removeprefix("paragraph ").removeprefix("¶")
            # Short answers ("2", "both"), reading ids ("same-page") and the options a question
            # offers ("cell A or cell B?") are public words, not a leaked key.
            offered = text in _questions()[question_id]["question"].casefold()
            if len(text) >= 6 and text not in reading_ids and not offered:
                assert text not in package_text, f"the answer to {question_id} is in the package"


def test_answers_are_normalised_for_case_quotes_and_spacing():
    assert check("try-it", "  READY. ")
    assert check("try-it", "“ready”")
    assert not check("try-it", "read y")


def test_empty_answer_asks_for_one():
    assert check("try-it", "   ").message.startswith("✍️")


def test_unknown_question_suggests_close_ids():
    with pytest.raises(UnknownQuestionError, match="Did you mean 'try-it'"):
        check("try-itt", "ready")


@pytest.mark.parametrize("answer", [None, ["ready"], {"a": 1}, True])
def test_non_text_answers_get_our_type_error(answer):
    with pytest.raises(ArgumentTypeError, match="Answer with text or a number"):
        check("try-it", answer)


# Adding a question, stored only as hashes, is `course selfcheck add`: see test_selfcheck_authoring.py.


def test_a_malformed_question_is_named_by_file_line_and_id(tmp_path):
    path = tmp_path / "99-test.yaml"
    path.write_text(
        "# a comment\nquestions:\n  99-plain:\n    question: What?\n    salt: abc\n"
        "    answers: [Open Sesame]\n    hint: Think.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        SelfCheckFileError, match=r"99-test.yaml, line 4, question '99-plain': `answers` must be a list of sha256"
    ):
        read_questions(path)


def test_a_question_file_that_is_not_yaml_names_its_line_and_column(tmp_path):
    path = tmp_path / "99-test.yaml"
    path.write_text("questions:\n  99-x:\n    question: [unclosed\n", encoding="utf-8")
    with pytest.raises(SelfCheckFileError, match=r"99-test.yaml, line \d+, column \d+: this is not valid YAML"):
        read_questions(path)


def test_a_question_id_used_in_two_files_is_refused(tmp_path):
    for name in ("00-start-here.yaml", "99-copy.yaml"):
        (tmp_path / name).write_text(
            (QUESTIONS_FOLDER / "00-start-here.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    with pytest.raises(
        SelfCheckFileError,
        match=r"99-copy.yaml, line \d+: the question id '00-longer-reading' is already used in .*00-start-here.yaml",
    ):
        load_questions(tmp_path)


def test_question_files_live_in_the_package_folder():
    assert QUESTIONS_FOLDER.is_dir() and any(QUESTIONS_FOLDER.glob("*.yaml"))
