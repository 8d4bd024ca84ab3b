"""figures and timeline."""

from __future__ import annotations

import pandas as pd

from readinglab import figures, timeline


def test_figures_find_deficit_trade_share_and_grace_period():
    table = figures("same-page").set_index("text")
    assert table.loc["$347 billion", "value"] == 347_000_000_000
    assert table.loc["$347 billion", "unit"] == "US dollars"
    assert table.loc["90 percent", "value"] == 90 and table.loc["90 percent", "unit"] == "percent"
    assert table.loc["100 day", "value"] == 100 and table.loc["100 day", "unit"] == "days"


def test_each_figure_comes_with_its_own_sentence():
    for reading_id in ("same-page", "together"):
        for row in figures(reading_id).itertuples():
            assert row.text in row.sentence
            assert row.sentence.endswith((".", "”", "?"))


def test_deficit_sentence_names_its_source():
    sentence = figures("same-page").set_index("text").loc["$347 billion", "sentence"]
    assert sentence.startswith("The United States 2016 trade deficit") and "U.S. Treasury Department" in sentence


def test_timeline_spans_both_readings_in_date_order():
    table = timeline()
    assert set(table["reading"]) == {"same-page", "together"}
    assert table["start"].is_monotonic_increasing
    assert set(table["precision"]) <= {"year", "month", "day"}
    assert set(table["basis"]) <= {"stated", "relative", "inferred"}


def test_timeline_has_the_coal_cut_and_the_grace_period():
    table = timeline()
    coal = table[table["event"].str.contains("coal")]
    assert coal[["date", "reading", "paragraph"]].values.tolist() == [["2017-02", "together", 12]]
    expiry = table[table["event"].str.contains("grace period expires")]
    assert expiry["date"].tolist() == ["2017-07"] and expiry["basis"].tolist() == ["inferred"]
    assert table.loc[table["date"] == "2017-07", "start"].iloc[0] == pd.Timestamp("2017-07-01")


def test_each_figure_is_recorded_once():
    # "six-party" in paragraphs 18 and 19 is one number for one thing, the talks' six parties.
    for reading_id in ("same-page", "together"):
        table = figures(reading_id)
        assert not table.duplicated(["text", "value", "unit"]).any(), table[["text", "paragraph"]]


def test_phrases_that_name_the_two_powers_again_are_not_figures():
    # "the two powers" is counted neither as a mention nor as a figure, like "Both nations" and "both sides":
    # they refer back to China and the United States, and measure nothing.
    together = figures("together")
    for phrase in ("two powers", "two governments", "Both nations", "both sides"):
        assert not together["text"].str.contains(phrase).any(), phrase
    assert together["text"].tolist() == ["six-party"]
