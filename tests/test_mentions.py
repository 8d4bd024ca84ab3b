"""mentions: aliases merged, case respected, overlaps not double-counted."""

from __future__ import annotations

from readinglab import load, mentions
from readinglab.corpus import current_corpus


def _count(reading_id: str, actor: str) -> int:
    table = mentions(reading_id).set_index("actor")["count"]
    return int(table.get(actor, 0))


def test_us_aliases_are_merged_in_the_report():
    body = "\n".join(load("together").paragraphs)
    assert _count("together", "United States") == body.count(" US ") + body.count(" US–") + body.count(
        "Washington"
    ) + body.count("United States") + body.count("Trump administration")


def test_lower_case_us_is_never_a_mention():
    registry = current_corpus().actors
    assert registry.mention_spans("Let us talk to the US.") == [(19, 21, "united-states")]


def test_us_with_full_stops_and_united_states_merge_in_the_analysis():
    # 8 "U.S." less the one inside "U.S. Treasury Department" (which counts for the Treasury)
    # + 8 "United States" + "Trump administration" + "the American’s"
    assert _count("same-page", "United States") == 17
    assert _count("same-page", "U.S. Treasury Department") == 1


def test_capitals_and_the_north_count_for_their_states():
    registry = current_corpus().actors
    spans = registry.mention_spans("Beijing and Pyongyang met; the North and the Kim regime agreed.")
    assert [actor for _, _, actor in spans] == ["china", "north-korea", "north-korea", "north-korea"]


def test_north_korean_adjective_is_not_a_mention_of_the_north():
    registry = current_corpus().actors
    assert registry.mention_spans("the North Korean leader") == []


def test_every_person_and_organisation_named_is_counted_somewhere():
    named = {actor.name for actor in current_corpus().actors.actors.values()}
    counted = set(mentions("same-page")["actor"]) | set(mentions("together")["actor"])
    assert named == counted


def test_mentions_table_shape_and_order():
    table = mentions("together")
    assert list(table.columns) == ["actor", "kind", "count"]
    assert table["count"].tolist() == sorted(table["count"], reverse=True)
    assert set(table["kind"]) <= {"country", "person", "organisation"}


def test_the_longest_overlapping_name_wins_wherever_it_starts():
    registry = current_corpus().actors
    text = "China and the North Korea question"
    assert [text[start:end] for start, end, _ in registry.mention_spans(text)] == ["China", "North Korea"]
