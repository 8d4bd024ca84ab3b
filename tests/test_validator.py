"""The annotation validator: the real files pass, and each kind of mistake is named."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import readinglab
from readinglab.corpus import Corpus
from readinglab.errors import AnnotationError
from readinglab.validate import validate


def test_the_course_annotations_are_valid():
    assert validate() == []


def _break(folder, file, old, new):
    path = folder / "annotations" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder):
    return validate(Corpus(folder))


def test_a_misquoted_quotation_is_named_with_file_line_and_entry(texts_copy):
    _break(texts_copy, "same-page.yaml", "number of criminal enterprises", "number of criminal enterprize")
    [problem] = _problems(texts_copy)
    assert re.search(r"same-page\.yaml, line \d+, quotations entry 1 \('number of criminal enterprize'\)", problem)
    assert "does not occur in paragraph 5" in problem


def test_a_paragraph_that_does_not_exist_is_named(texts_copy):
    _break(texts_copy, "together.yaml", "paragraph: 12", "paragraph: 99")
    problems = _problems(texts_copy)
    assert any("`paragraph` is 99; 'together' has body paragraphs 1 to 19" in p for p in problems)


def test_an_unknown_speaker_is_named(texts_copy):
    _break(texts_copy, "together.yaml", "speaker: huang-jing", "speaker: huang-jin")
    assert any("`speaker` 'huang-jin' is not an actor id" in p for p in _problems(texts_copy))


def test_an_alias_not_in_any_text_is_named(texts_copy):
    _break(texts_copy, "actors.yaml", '- "Pyongyang"', '- "Pyong-yang"')
    problems = _problems(texts_copy)
    assert any("actors.yaml, line" in p and "'Pyong-yang' is never counted" in p for p in problems)


def test_an_unquoted_date_gets_a_hint_to_quote_it(texts_copy):
    path = texts_copy / "annotations" / "together.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"date: ['\"]2017-02['\"]", "date: 2017-02-01", text, count=1), encoding="utf-8")
    assert any("datetime.date(2017, 2, 1); with precision 'month' write it in quotes" in p for p in _problems(texts_copy))


def test_broken_yaml_names_the_line(texts_copy):
    (texts_copy / "annotations" / "together.yaml").write_text("reading: together\nquotations: [unclosed\n", encoding="utf-8")
    [problem] = _problems(texts_copy)
    assert "together.yaml, line" in problem and "not valid YAML" in problem


def test_loading_a_broken_file_raises_our_error_for_that_reading_only(texts_copy):
    _break(texts_copy, "together.yaml", "kind: direct", "kind: indirect")
    readinglab.use_texts(texts_copy)
    with pytest.raises(AnnotationError, match="`kind` is 'indirect'; it must be one of: direct, partial"):
        readinglab.quotes("together")
    assert len(readinglab.quotes("same-page")) == 2


def test_command_line_validator_exits_nonzero_on_a_mistake(texts_copy):
    ok = subprocess.run([sys.executable, "-m", "readinglab.validate"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    _break(texts_copy, "same-page.yaml", "paragraph: 5", "paragraph: 50")
    broken = subprocess.run([sys.executable, "-m", "readinglab.validate", str(texts_copy)], capture_output=True, text=True)
    assert broken.returncode == 1 and "paragraph` is 50" in broken.stdout
