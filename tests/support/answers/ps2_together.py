"""Answer tables for ps2-together (reading 2, "Will North Korea crisis finally bring China and US together?"): see :mod:`tests.support.answers`."""

from __future__ import annotations

from ._code import fill_dict as _dict

# A student who read only one of the two readings: the answers they get wrong.
ONE_READING: dict[str, str] = {
    "published_on": 'published_on = "2017-07-01"',
    "who_said": "who_said = {key: 'Rex Tillerson' for key in who_said}",
    "priorities": "us_or_china = {key: 'US' for key in us_or_china}",
    "coal_evidence": (
        'coal_evidence = "Most recently, China has agreed to cut the influx of petroleum to North Korea, '
        'along with a few other petty concessions, as an attempt to appease the United States in its '
        'endeavor of further isolating the country from the international community and force its '
        'compliance with international norms."'
    ),
}

# Wrong answers. Round 1 holds plausible ones of the right type: they pass the visible checks.
MUTATIONS: dict[str, list[str]] = {
    "published_on": ['published_on = "2017-05-02"', 'published_on = "2017-01-05"', 'published_on = "1 June 2017"'],
    "relative_dates": [
        'coal_cutoff_month, jang_interview_month = "2016-02", "2017-04"',
        'coal_cutoff_month, jang_interview_month = "2017-02", "2017-05"',
        'coal_cutoff_month, jang_interview_month = "February", "April"',
    ],
    "who_said": [
        _dict("who_said", ["Li Kaisheng", "Li Kaisheng", "Sun Xingjie", "Sun Xingjie", "Li Kaisheng",
                           "Jang Song Chol", "Huang Jing"]),
        _dict("who_said", ["Li Kaisheng", "Sun Xingjie", "Sun Xingjie", "Sun Xingjie", "Sun Xingjie",
                           "Jang Song Chol", "Huang Jing"]),
        _dict("who_said", ["Li Kaisheng", "Li Kaisheng", "Sun Xingjie", "Huang Jing", "Sun Xingjie", "Kim",
                           "Huang Jing"]),
    ],
    "who_is_who": [
        _dict("role_of", ["E", "D", "C", "A", "B"]),
        _dict("role_of", ["A"] * 5),
        _dict("role_of", ["C", "D", "E", "B", "A"]),
    ],
    "snub": [
        'rebuffed_envoy, snub_reported_by, north_korean_leader = "Kim", "Bloomberg", "Kim"',
        'rebuffed_envoy, snub_reported_by, north_korean_leader = "Wu Dawei", "Phoenix TV", "Kim"',
        'rebuffed_envoy, snub_reported_by, north_korean_leader = "Wu Dawei", "Bloomberg", "Jang Song Chol"',
    ],
    "six_party": [
        'six_party_members = ["China", "Japan", "North Korea", "Mongolia", "South Korea", "US"]',
        'six_party_members = ["China", "Japan", "North Korea", "Russia", "South Korea", "United Kingdom"]',
        'six_party_members = ["China", "China", "North Korea", "Russia", "South Korea", "US"]',
    ],
    "jang": [
        'jang_interview_channel, pyongyang_stands_with = "Bloomberg", ["China", "Russia"]',
        'jang_interview_channel, pyongyang_stands_with = "Phoenix TV", ["China", "Japan"]',
        'jang_interview_channel, pyongyang_stands_with = "Phoenix TV", ["US", "South Korea"]',
    ],
    "priorities": [
        _dict("us_or_china", ["US", "China", "China", "US", "US", "US", "China"]),
        _dict("us_or_china", ["China"] * 7),
        _dict("us_or_china", ["China", "US", "China", "US", "US", "US", "US"]),
    ],
    "beijing_paragraphs": [
        "beijing_paragraphs = [4, 12, 14, 15, 17]",
        "beijing_paragraphs = [3, 12, 14, 15, 17, 18]",
        'beijing_paragraphs = [int(n) for n in kwic("Beijing", "together")["paragraph"]]',
    ],
    "sun_paragraphs": [
        "sun_quote_paragraphs = [5, 6, 7, 8, 9, 10]",
        "sun_quote_paragraphs = [8, 9]",
        "sun_quote_paragraphs = [8, 9, 10, 11]",
    ],
    "furniture": [
        'other_articles = ["B", "C", "E"]',
        'other_articles = ["A", "B", "C", "D", "E", "F"]',
        'other_articles = ["B", "C", "D", "E", "F"]',
    ],
    "coal_evidence": [
        'coal_evidence = "China abruptly cut off coal imports from the North in February"',
        'coal_evidence = "Most recently, China has agreed to cut the influx of petroleum to North Korea, along with '
        'a few other petty concessions, as an attempt to appease the United States in its endeavor of further '
        'isolating the country from the international community and force its compliance with international norms."',
        'coal_evidence = "Ties between Beijing and Pyongyang have been strained since China cut off coal imports in February."',
    ],
}

# Right answers written another way.
VARIANTS: dict[str, list[str]] = {
    "published_on": ['published_on = "1 May 2017"', 'published_on = "May 1, 2017"',
                     'published_on = "Monday, 01 May, 2017"'],
    "relative_dates": [
        'coal_cutoff_month, jang_interview_month = "February 2017", "April 2017"',
        'coal_cutoff_month, jang_interview_month = "2017-2", "2017-03"',
        'coal_cutoff_month, jang_interview_month = "Feb 2017", "Apr. 2017"',
    ],
    "who_said": [
        _dict("who_said", ["Li", "Mr Li", "Sun", "Sun", "Professor Sun Xingjie", "Jang", "Huang"]),
        _dict("who_said", ["Kaisheng Li", "li kaisheng", "Xingjie Sun", "Dr Sun", "SUN XINGJIE",
                           "Jang Song Chol (North Korea's Consul General)", "Dr Huang Jing"]),
    ],
    "who_is_who": [_dict("role_of", ["d", "(e)", " C ", "a.", "B)"])],
    "snub": [
        'rebuffed_envoy, snub_reported_by, north_korean_leader = "Mr Wu", "Bloomberg News", "Kim Jong Un"',
        'rebuffed_envoy, snub_reported_by, north_korean_leader = "Wu", "bloomberg", "kim"',
    ],
    "six_party": [
        'six_party_members = ["the United States", "Republic of Korea", "Russian Federation", "DPRK", "Japan", "PRC"]',
        'six_party_members = ["US", "South Korea", "Russia", "North Korea", "Japan", "China"]',
    ],
    "jang": [
        'jang_interview_channel, pyongyang_stands_with = "Phoenix Television", ["Beijing", "Moscow"]',
        'jang_interview_channel, pyongyang_stands_with = "phoenix tv", ["Russia", "China"]',
    ],
    "priorities": [_dict("us_or_china", ["china", "U.S.", "CHINA", "United States", "us", "US", "China"])],
    "furniture": ['other_articles = ["f", "e", "c", "b"]', 'other_articles = ["(B)", "C", "E", "F"]'],
    "coal_evidence": [
        'coal_evidence = "“Ties between Beijing and Pyongyang have come under renewed strain in recent months, '
        'especially after China abruptly cut off coal imports from the North in February.”"',
        'coal_evidence = """Ties between Beijing and Pyongyang have come under renewed strain in recent months,\n'
        'especially after China abruptly cut off coal imports from the North in February"""',
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
