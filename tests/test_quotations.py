"""quotes (the annotated key) and find_quotes (the rule-based finder)."""

from __future__ import annotations

import re

import pytest

from readinglab import find_quotes, load, quotes
from readinglab.corpus import current_corpus
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


def test_a_quotation_is_inferred_exactly_when_its_paragraph_names_no_speaker():
    # "Stated" needs an attribution verb somewhere in the quotation's own paragraph ("said", "the academic
    # said", "Huang said"); a paragraph that is only a quotation, with none, leaves its speaker inferred.
    corpus = current_corpus()
    for reading_id in corpus.ids:
        notes = corpus.annotations(reading_id)
        cued = {e["paragraph"] for e in [*notes.quotations, *notes.reported_speech] if e.get("cue")}
        for row in quotes(reading_id).itertuples():
            expected = "stated" if row.paragraph in cued else "inferred"
            assert row.attribution == expected, (reading_id, row.paragraph, row.quote[:30])


def test_the_two_run_on_quotations_of_together_are_marked_inferred_with_their_evidence():
    table = quotes("together")
    inferred = table[table["attribution"] == "inferred"]
    assert list(zip(inferred["paragraph"], inferred["speaker"])) == [(4, "Li Kaisheng"), (10, "Sun Xingjie")]
    assert inferred["cue"].isna().all()
    evidence = {
        q["paragraph"]: q["evidence"]
        for q in current_corpus().annotations("together").quotations
        if q.get("attribution") == "inferred"
    }
    assert evidence[4]["paragraph"] == 3 and "said Li Kaisheng" in evidence[4]["text"]
    assert evidence[10] == {"paragraph": 9, "text": "the academic said"}
    assert set(quotes("same-page")["attribution"]) == {"stated"}


def test_wu_dawei_is_not_counted_as_a_voice_beside_the_bloomberg_report_that_holds_him():
    speech = current_corpus().annotations("together").reported_speech
    assert "wu-dawei" not in [entry["speaker"] for entry in speech]
    [bloomberg] = [entry for entry in speech if entry["speaker"] == "bloomberg"]
    assert [(n["speaker"], n["cue"]) for n in bloomberg["nested"]] == [("wu-dawei", "requested")]
    assert len([entry for entry in speech if entry["paragraph"] == 13]) == 1
