"""Answer tables for ps3-compare (the two readings together): see :mod:`tests.support.answers`."""

from __future__ import annotations

from ._code import fill_dict as _dict

# A student who read only one of the two readings: the answers they get wrong.
ONE_READING: dict[str, str] = {
    "which_reading_a": "claims_a = {key: 'neither' for key in claims_a}",
    "which_reading_b": "claims_b = {key: '1' for key in claims_b}",
    "chronology": 'in_order = ["B", "D", "A", "C", "E"]',
    "agreement_evidence": (
        'agreement_sentence = "China has long advocated for a diplomatic solution to the crisis, while '
        'the U.S. has said that another armed conflict with North Korea is a very real possibility, but '
        'would be “tragic” should it occur."'
    ),
}

# Wrong answers. Round 1 holds plausible ones of the right type: they pass the visible checks.
MUTATIONS: dict[str, list[str]] = {
    "which_reading_a": [
        _dict("claims_a", ["1", "2", "1", "2", "1", "2"]),
        _dict("claims_a", ["both"] * 6),
        _dict("claims_a", ["2", "1", "1", "2", "neither", "2"]),
    ],
    "which_reading_b": [
        _dict("claims_b", ["both", "both", "1", "1", "neither", "2"]),
        _dict("claims_b", ["1"] * 6),
        _dict("claims_b", ["both", "2", "both", "1", "neither", "2"]),
    ],
    "chronology": [
        'in_order = ["A", "B", "D", "C", "E"]',
        'in_order = ["B", "D", "A", "C", "E"]',
        'in_order = ["B", "A", "D", "E", "C"]',
    ],
    "dated_how": [
        'dated_how = {"same-page": "stated", "together": "inferred"}',
        'dated_how = {"same-page": "stated", "together": "stated"}',
        'dated_how = {"same-page": "inferred", "together": "inferred"}',
    ],
    "genres": [
        'genre_of = {"same-page": "news", "together": "opinion"}',
        'genre_of = {"same-page": "news", "together": "news"}',
        'genre_of = {"same-page": "opinion", "together": "opinion"}',
    ],
    "priorities_compared": [
        'china_wants_most, us_fears_most, more_hopeful = "A", "C", "2"',
        'china_wants_most, us_fears_most, more_hopeful = "B", "B", "2"',
        'china_wants_most, us_fears_most, more_hopeful = "B", "C", "1"',
    ],
    "actors_in_both": [
        'actors_in_both = ["China", "North Korea", "South Korea", "United States", "Xi Jinping"]',
        'actors_in_both = sorted(set(mentions("same-page")["actor"]) | set(mentions("together")["actor"]))',
        'actors_in_both = ["China", "Donald Trump", "North Korea", "Rex Tillerson", "South Korea", '
        '"United States", "Xi Jinping"]',
    ],
    "china_rate": [
        'china_per_1000_words = {"same-page": 20.0, "together": 28.1}',
        'china_per_1000_words = {"same-page": 21, "together": 12}',
        'china_per_1000_words = {"same-page": 2.8, "together": 2.0}',
    ],
    "thesis_evidence": [
        'thesis_sentence = "Though China and the US differed on their priorities on the North Korean crisis, the '
        'issue was where both sides could find common ground."',
        'thesis_sentence = "The US and China are not on the same page when it comes to North Korea policy."',
        'thesis_sentence = "The US and China are not on the same page on North Korea"',
    ],
    "agreement_evidence": [
        'agreement_sentence = "the issue was where both sides could find common ground, according to Sun '
        'Xingjie, a Korean affairs expert from Jilin University."',
        'agreement_sentence = "The United States and China are ultimately not on the same page when it comes '
        'to their North Korea policy."',
        'agreement_sentence = "China and the US differ on priorities but can find common ground on North '
        'Korea, according to Sun Xingjie."',
    ],
}

# Right answers written another way.
VARIANTS: dict[str, list[str]] = {
    "which_reading_a": [
        _dict("claims_a", [1, 2, "reading 1", "Reading 2", "NEITHER", "together"]),
        _dict("claims_a", ["same-page", "together", "1", "2", "none", 2]),
    ],
    "which_reading_b": [_dict("claims_b", ["Both", "both readings", "1 and 2", 1, "none", "2"])],
    "chronology": ['in_order = ["b", "a", "d", "c", "e"]', 'in_order = [" B", "A ", "D", "C", "E"]'],
    "dated_how": [
        'dated_how = {"same-page": "inferred from evidence", "together": "Stated"}',
        'dated_how = {"same-page": "estimated", "together": "printed"}',
    ],
    "genres": [
        'genre_of = {"same-page": "opinion piece", "together": "news report"}',
        'genre_of = {"same-page": "analysis", "together": "News"}',
    ],
    "priorities_compared": [
        'china_wants_most, us_fears_most, more_hopeful = "b", "(C)", 2',
        'china_wants_most, us_fears_most, more_hopeful = "B", "c", "together"',
    ],
    "china_rate": [
        'china_per_1000_words = {"same-page": 28.07, "together": 20}',
        'china_per_1000_words = {"same-page": 28.1, "together": 20.0}',
    ],
    "thesis_evidence": [
        'thesis_sentence = "The United States and China are ultimately not on the same page when it comes to '
        'their North Korea policy"',
        'thesis_sentence = "The United States and China are ultimately not on the same page when it comes to their '
        'North Korea policy. The United States sees a nuclear North Korea with ballistic missile capabilities as a '
        'top national and international security priority."',
    ],
    "agreement_evidence": [
        'agreement_sentence = "Though China and the US differed on their priorities on the North Korean '
        'crisis, the issue was where both sides could find common ground, according to Sun Xingjie, a Korean '
        'affairs expert from Jilin University"',
        "agreement_sentence = '\"Though China and the US differed on their priorities on the North Korean "
        "crisis, the issue was where both sides could find common ground, according to Sun Xingjie, a Korean "
        "affairs expert from Jilin University.\"'",
    ],
}

# A student who answers only from readinglab's outputs and printed metadata (readings(), figures(),
# quotes(), timeline(), mentions(), kwic(), a reading's title, parts and furniture), never reading a
# paragraph. Where an output answers a question, they use it; where none does, they guess the
# option the outputs make most likely. They must score at most 15% of the autograded points.
HELPER_ONLY: dict[str, str] = {}

# A student who read only each reading's headline, standfirst and first paragraph, and answers the
# rest from general knowledge of the 2017 crisis. They must score under 40%.
SKIMMER: dict[str, str] = {}
