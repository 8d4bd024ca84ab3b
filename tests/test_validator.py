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
    assert any(
        "datetime.date(2017, 2, 1); with precision 'month' write it in quotes" in p for p in _problems(texts_copy)
    )


def test_broken_yaml_names_the_line(texts_copy):
    (texts_copy / "annotations" / "together.yaml").write_text(
        "reading: together\nquotations: [unclosed\n", encoding="utf-8"
    )
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
    broken = subprocess.run(
        [sys.executable, "-m", "readinglab.validate", str(texts_copy)], capture_output=True, text=True
    )
    assert broken.returncode == 1 and "paragraph` is 50" in broken.stdout


# ---- how sure an attribution is ----------------------------------------------------------


def test_an_inferred_attribution_must_quote_its_evidence_from_the_text(texts_copy):
    _break(texts_copy, "together.yaml", 'text: "the academic said"', 'text: "the expert said"')
    problems = _problems(texts_copy)
    assert any(
        "together.yaml, line" in p and "evidence" in p and "'the expert said' does not occur in paragraph 9" in p
        for p in problems
    ), problems


def test_an_inferred_attribution_without_evidence_is_named(texts_copy):
    _break(texts_copy, "together.yaml", '    evidence:\n      paragraph: 9\n      text: "the academic said"\n', "")
    assert any("`attribution: inferred` needs `evidence:" in p for p in _problems(texts_copy))


def test_an_inferred_attribution_cannot_have_a_cue_of_its_own(texts_copy):
    _break(texts_copy, "together.yaml", "    paragraph: 10\n    cue: null\n", '    paragraph: 10\n    cue: "said"\n')
    assert any("an inferred attribution has no cue in its own paragraph" in p for p in _problems(texts_copy))


def test_an_unknown_attribution_is_named(texts_copy):
    _break(texts_copy, "together.yaml", "    attribution: inferred", "    attribution: guessed")
    assert any("`attribution` is 'guessed'; it must be one of: stated, inferred" in p for p in _problems(texts_copy))


def test_reported_speech_inside_another_sources_report_is_not_a_second_voice(texts_copy):
    # Wu Dawei's request as an entry of its own, beside the Bloomberg report that holds it, as it once was.
    _break(
        texts_copy,
        "together.yaml",
        "  - speaker: jang-song-chol\n    paragraph: 15\n",
        '  - speaker: wu-dawei\n    paragraph: 13\n    cue: "requested"\n'
        '    text: "he requested to meet his North Korean counterpart"\n\n'
        "  - speaker: jang-song-chol\n    paragraph: 15\n",
    )
    problems = _problems(texts_copy)
    assert any(
        "together.yaml, line" in p
        and "('he requested to meet his North Korean" in p
        and "move it under that entry's `nested`" in p
        for p in problems
    ), problems


def test_a_nested_voice_must_stand_inside_the_report_that_holds_it(texts_copy):
    _break(
        texts_copy,
        "together.yaml",
        'text: "he requested to meet his North Korean counterpart"',
        'text: "Jang Song Chol"',
    )
    assert any(
        "a nested entry's `text` must lie inside the text of the entry that holds it" in p
        for p in _problems(texts_copy)
    )


# ---- facts from outside the texts ---------------------------------------------------------


def _break_catalog(folder, old, new):
    path = folder / "catalog.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in catalog.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_catalog_keeps_the_summit_date_apart_as_cited_outside_evidence():
    published = readinglab.load("same-page").meta["published"]
    assert "6-7 April" not in " ".join(str(e["shows"]) for e in published["evidence"])
    [summit] = published["outside_evidence"]
    assert "6-7 April 2017" in summit["fact"]
    assert all(source["url"].startswith("http") and source["date"].startswith("2017-") for source in summit["sources"])


def test_an_outside_fact_without_a_source_address_is_named(texts_copy):
    _break_catalog(
        texts_copy,
        "context: mar-a-lago-summit",
        "sources: [{outlet: AP, date: '2017-03-30', link: 'http://federalnewsradio.com'}]",
    )
    problems = _problems(texts_copy)
    assert any("catalog.yaml, line" in p and "outside_evidence entry 1: a source needs url" in p for p in problems), (
        problems
    )


def test_an_outside_fact_without_sources_is_named(texts_copy):
    _break_catalog(texts_copy, "          context: mar-a-lago-summit\n", "          cited_by: mar-a-lago-summit\n")
    assert any("a fact from outside the texts needs `sources`" in p for p in _problems(texts_copy))
