"""Sentence splitting and word tokens, on the hard cases these texts contain."""

from __future__ import annotations

from readinglab import load
from readinglab.text import split_sentences, word_tokens


def test_us_with_full_stops_is_not_a_sentence_end():
    for reading_id in ("same-page", "together"):
        for sentence in load(reading_id).sentences:
            assert not sentence.endswith("U.S."), sentence
    assert "The new U.S. ambassador to China, Terry Branstad, has said" in load("same-page").sentences[1]


def test_same_page_has_the_expected_number_of_sentences():
    # 1 + 2 + 3 + 2 + 3 + 1 + 3 + 3 + 4 sentences in the nine paragraphs
    assert len(load("same-page").sentences) == 22


def test_quotation_ending_inside_quotation_marks_stays_whole():
    sentences = load("together").sentences
    assert (
        "“Trump is tough on North Korea and the Chinese government needs to express its own position as an "
        "unstable Korean Peninsula is the last thing Beijing wants, so frequent negotiation within a short "
        "period of time is necessary.”"
    ) in sentences
    assert (
        "“Washington clearly saw benefits to using North Korea to tighten its grip on its key regional allies, South Korea and Japan,” Huang said."
        in sentences
    )


def test_sentences_are_exact_slices_of_the_paragraphs():
    reading = load("together")
    table = reading.sentence_table()
    for paragraph, sentence in table.itertuples(index=False):
        assert sentence in reading.paragraphs[paragraph - 1]


def test_split_sentences_on_a_made_up_case():
    assert split_sentences("He met U.S. officials. “Stop,” he said. Then he left.") == [
        "He met U.S. officials.",
        "“Stop,” he said.",
        "Then he left.",
    ]


def test_possessives_count_as_their_word():
    assert [t.word for t in word_tokens("China’s and China's ally")] == ["china", "and", "china", "ally"]


def test_tokens_point_back_into_the_text():
    text = "The U.S. and Pyongyang’s envoy"
    assert [text[t.start : t.end] for t in word_tokens(text)] == ["The", "U.S.", "and", "Pyongyang", "envoy"]
