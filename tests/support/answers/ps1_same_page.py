"""Answer tables for ps1-same-page (reading 1, "not on the same page"): see :mod:`tests.support.answers`."""

from __future__ import annotations

from ._code import fill_dict as _dict

# A student who read only one of the two readings: the answers they get wrong.
ONE_READING: dict[str, str] = {
    "who_said": (
        "who_said = {key: name for key, name in zip(who_said, "
        "['Sun Xingjie', 'Li Kaisheng', 'Trump', 'Huang Jing', 'Jang Song Chol'])}"
    ),
    "true_or_false": "true_or_false = {key: True for key in true_or_false}",
    "dating": 'when_written = "B"',
    "dating_evidence": (
        'dating_evidence = "Regional observers say the two powers have come together '
        'in an effort to deal with North Korea."'
    ),
}

# Wrong answers. Round 1 holds plausible ones of the right type: they pass the visible checks.
MUTATIONS: dict[str, list[str]] = {
    "deficit": ["deficit_billion_usd = 374", "deficit_billion_usd = '347 million'", "deficit_billion_usd = [347]"],
    "trade_share": ["trade_share_percent = 9", "trade_share_percent = '100%'", "trade_share_percent = True"],
    "grace_period": ["grace_period_days = 90", "grace_period_days = '100 weeks'", "grace_period_days = 100.5"],
    "who_said": [
        _dict("who_said", ["Rex Tillerson", "U.S. Treasury Department", "Trump", "Terry Branstad", "the United States"]),
        _dict("who_said", ["Terry Branstad", "U.S. Treasury Department", "Trump", "Rex Tillerson", "Donald Trump"]),
        _dict("who_said", ["Terry Branstad", "Terry Branstad", "Trump", "Rex Tillerson", "US"]),
    ],
    "priorities": [
        _dict("us_or_china", ["US", "China", "US", "China", "US", "China", "US"]),
        _dict("us_or_china", ["US"] * 7),
        _dict("us_or_china", ["China", "China", "US", "China", "China", "China", "US"]),
    ],
    "true_or_false": [
        _dict("true_or_false", [True, False, True, True, True, False, True, True]),
        _dict("true_or_false", [True] * 8),
        _dict("true_or_false", [False, False, True, False, True, False, True, True]),
    ],
    "dating": ['when_written = "B"', 'when_written = "A"', 'when_written = "D"'],
    "dating_evidence": [
        'dating_evidence = "Earlier this year, when Trump and Xi met at Mar-a-Lago in April, China had asked for '
        'and received a 100 day grace period to modify its North Korea policy"',
        'dating_evidence = "China got a 100 day grace period at Mar-a-Lago, a grant that is soon to reach expiration."',
        'dating_evidence = "Regional observers say the two powers have come together in an effort to deal with North Korea."',
    ],
    "people": [
        'people = ["Donald Trump", "Xi Jinping"]',
        'people = mentions("same-page")["actor"].tolist()',
        'people = ["Donald Trump", "Xi Jinping", "Rex Tillerson", "Terry Branstad", "China"]',
    ],
    "country_mentions": [
        "country_mentions = 57",
        'country_mentions = int(mentions("same-page")["count"].sum())',
        'country_mentions = "58"',
    ],
}

# Right answers written another way.
VARIANTS: dict[str, list[str]] = {
    "deficit": [
        "deficit_billion_usd = '$347 billion'",
        "deficit_billion_usd = 'close to 347 billion US dollars'",
        "deficit_billion_usd = 347.0",
    ],
    "trade_share": ["trade_share_percent = '90%'", "trade_share_percent = '90 percent'", "trade_share_percent = 0.9"],
    "grace_period": ["grace_period_days = '100 days'", "grace_period_days = 100.0", "grace_period_days = '100-day'"],
    "who_said": [
        _dict("who_said", ["Ambassador Terry Branstad", "the U.S. Treasury Department", "President Trump",
                           "Secretary of State Rex Tillerson", "US"]),
        _dict("who_said", ["Branstad", "Treasury", "Donald Trump", "Tillerson", "the U.S. government"]),
        _dict("who_said", ["terry branstad", "US Treasury", "trump", "rex tillerson", "United States of America"]),
    ],
    "priorities": [_dict("us_or_china", ["U.S.", "china", "United States", " China ", "CHINA", "China", "us"])],
    "dating": ['when_written = "c"', 'when_written = " (C) "'],
    "dating_evidence": [
        'dating_evidence = """Earlier this year, when Trump and Xi met at Mar-a-Lago in April,\n    China had asked '
        'for and received a 100 day grace period   to modify its North Korea policy; a grant that is soon to reach '
        'expiration."""',
        "dating_evidence = '\"Earlier this year, when Trump and Xi met at Mar-a-Lago in April, China had asked for "
        "and received a 100 day grace period to modify its North Korea policy; a grant that is soon to reach "
        "expiration.\"'",
        'dating_evidence = "Earlier this year, when Trump and Xi met at Mar-a-Lago in April, China had asked for '
        'and received a 100 day grace period to modify its North Korea policy; a grant that is soon to reach '
        'expiration"',
    ],
    "people": [
        'people = ["Terry Branstad", "Rex Tillerson", "Xi Jinping", "Donald Trump"]',
        'people = ["donald trump", "xi jinping", "rex tillerson", "terry branstad"]',
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
