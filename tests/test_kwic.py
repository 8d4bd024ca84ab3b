"""kwic: concordance lines for words and phrases."""

from __future__ import annotations

import pytest

from readinglab import kwic
from readinglab.errors import ArgumentValueError, UnknownReadingError


def test_thaad_has_one_line_in_the_analysis():
    table = kwic("THAAD")
    assert table[["reading", "paragraph", "keyword"]].values.tolist() == [["same-page", 3, "THAAD"]]
    assert table.loc[0, "left"].endswith("remove its")
    assert table.loc[0, "right"].startswith("missile battery")


def test_matching_ignores_case_by_default():
    assert len(kwic("thaad")) == 1


def test_case_sensitive_separates_us_from_us():
    assert len(kwic("US", readings="together", case_sensitive=True)) == 8
    assert len(kwic("us", readings="together", case_sensitive=True)) == 0


def test_phrases_match_across_words():
    table = kwic("status quo")
    assert table["reading"].tolist() == ["same-page"] and table.loc[0, "paragraph"] == 8


def test_window_sets_the_context_width():
    table = kwic("red line", window=2)
    assert table.loc[0, "left"] == "draw a"
    assert len(table.loc[0, "right"].split()) == 2


def test_readings_can_be_restricted():
    assert set(kwic("China", readings=["together"])["reading"]) == {"together"}
    assert set(kwic("China")["reading"]) == {"same-page", "together"}


def test_no_match_gives_an_empty_table_with_the_columns():
    table = kwic("zeppelin")
    assert table.empty and list(table.columns) == ["reading", "paragraph", "left", "keyword", "right"]


def test_only_punctuation_is_refused():
    with pytest.raises(ArgumentValueError, match="no words"):
        kwic("?!")


def test_unknown_reading_in_list_is_named():
    with pytest.raises(UnknownReadingError, match="'tgether'"):
        kwic("China", readings=["together", "tgether"])


def test_abbreviation_keeps_its_full_stop_in_the_keyword():
    table = kwic("U.S.", readings="same-page")
    assert len(table) == 8 and set(table["keyword"]) == {"U.S."}
    assert not any(right.startswith(".") for right in table["right"])
