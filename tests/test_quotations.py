"""quotes (the annotated key) and find_quotes (the rule-based finder)."""

from __future__ import annotations

import re

import pytest

from readinglab import find_quotes, load, quotes
from readinglab.errors import ArgumentTypeError

# Who says each quotation, read off the texts by hand: (paragraph, opening words, speaker).
EXPECTED_SPEAKERS = {
    "same-page": [
        (5, "number of criminal enterprises", "Rex Tillerson"),
        (9, "tragic", "United States"),
    ],
    "together": [
        (3, "Both nations have been continuing", "Li Kaisheng"),
        (4, "Trump is tough on North Korea", "Li Kaisheng"),
        (8, "One of the major changes", "Sun Xingjie"),
        (9, "very tense", "Sun Xingjie"),
        (9, "should not be exaggerated", "Sun Xingjie"),
        (10, "The US apparently is not ready", "Sun Xingjie"),
        (16, "searching in the dark", "Jang Song Chol"),
        (18, "Washington clearly saw benefits", "Huang Jing"),
        (18, "It also tried to make use", "Huang Jing"),
    ],
}


@pytest.mark.parametrize("reading_id", ["same-page", "together"])
def test_every_quotation_has_the_right_speaker(reading_id):
    table = quotes(reading_id)
    found = [(row.paragraph, row.speaker) for row in table.itertuples()]
    expected = [(paragraph, speaker) for paragraph, _, speaker in EXPECTED_SPEAKERS[reading_id]]
    assert found == expected
    for (_paragraph, opening, _), quote in zip(EXPECTED_SPEAKERS[reading_id], table["quote"]):
        assert quote.startswith(opening)


@pytest.mark.parametrize("reading_id", ["same-page", "together"])
def test_every_text_in_double_quotation_marks_is_annotated(reading_id):
    body = "\n".join(load(reading_id).paragraphs)
    in_marks = re.findall(r"“([^”]+)”", body)
    assert sorted(in_marks) == sorted(quotes(reading_id)["quote"])


def test_quote_kinds_and_roles():
    table = quotes("together").set_index("quote")
    assert table.loc["very tense", "kind"] == "partial"
    assert table.filter(like="Both nations", axis=0)["kind"].item() == "direct"
    assert "Shanghai Academy of Social Sciences" in table.filter(like="Both nations", axis=0)["role"].item()


def test_find_quotes_finds_every_double_quoted_span_in_together():
    found = find_quotes(load("together"))
    assert sorted(found["quote"]) == sorted(quotes("together")["quote"])


def test_find_quotes_guesses_speakers_named_next_to_said():
    found = find_quotes(load("together"))
    guessed = dict(zip(found["quote"].str[:20], found["speaker"]))
    assert guessed["One of the major chan"[:20]] == "Sun"
    assert guessed["Both nations have be"] is None or guessed["Both nations have be"] != "Sun"


def test_find_quotes_does_not_open_a_quotation_at_an_apostrophe():
    assert find_quotes("China’s envoy and Pyongyang’s leader met.").empty


def test_find_quotes_reads_single_curly_quotes_after_a_space():
    assert find_quotes("He called it ‘a gap’ today.")["quote"].tolist() == ["a gap"]


def test_find_quotes_rejects_numbers():
    with pytest.raises(ArgumentTypeError, match="string or a Reading"):
        find_quotes(42)
