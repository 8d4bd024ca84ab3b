"""Answer tables for ps1-same-page (reading 1, "not on the same page"): see :mod:`tests.support.answers`."""

from __future__ import annotations

from ._code import fill_dict as _dict

# Sentences a student might paste, as the texts give them (straight apostrophes: the checks compare them
# with the texts after straightening quotes, so either kind is accepted).
_P1 = (
    "Since the presidents of both the United States and China met back in April of this year, China has "
    "repeatedly indicated willingness to change its approach in dealing with North Korea and its highly "
    "controversial nuclear and ballistic missile programs."
)
_P4_ALLY = (
    "China has long been North Korea's most important ally, and maintains close ties to the Kim regime who "
    "has been in control of the country since the Korean War."
)
_P4_SANCTIONS = (
    "China has done a great deal over the years in helping the regime circumvent the full extent of the "
    "sanctions inflicted on it by the International community, resultant from North Koreans conduct in "
    "the realm of international security and vast domestic human rights violations."
)
_P5_RUMOUR = (
    "China has also been rumored to host firms that make arms exports to North Korea, along with other "
    "forms of direct material support for the regime and its military."
)
_P5_FUEL = (
    "Given that China controls close to 90 percent of North Korea's foreign trade, and also provides the "
    "country with vital aid including shipments of subsidized fuel, the expectations seem reasonable."
)
_P6 = (
    "Most recently, China has agreed to cut the influx of petroleum to North Korea, along with a few other petty "
    "concessions, as an attempt to appease the United States in its endeavor of further isolating the country "
    "from the international community and force its compliance with international norms."
)
_P8_STATUS_QUO = (
    "China, on the other hand, seeks to uphold the status quo and maintain the stability of its eastern "
    "border by not allowing the Kim regime to collapse."
)
_P8_REFUGEES = (
    "A regime collapse would leave a void in North Korea that could potentially cause a mass refugee "
    "crisis, along with significant security issues for China."
)
_P8_LOSS = (
    "The loss of one of its immediate peripheral satellite states, and its strong potential alignment with "
    "the United States and its allies, would compromise the security of China's eastern border and lead to "
    "a significant military buildup on that border as a preventive buffer strategy for China."
)
# together, for a student who read only the other reading.
_TOGETHER_COAL = (
    "Ties between Beijing and Pyongyang have come under renewed strain in recent months, especially "
    "after China abruptly cut off coal imports from the North in February."
)
_TOGETHER_STABILITY = (
    "Trump is tough on North Korea and the Chinese government needs to express its own position as "
    "an unstable Korean Peninsula is the last thing Beijing wants, so frequent negotiation within a "
    "short period of time is necessary."
)
_TOGETHER_SNUB = (
    "The snub raised questions about Beijing's influence over the North Korean leader, Kim, and also "
    "suggested a shift in the reclusive state's attitude towards its sole ally."
)

_RIGHT_SOURCES = [
    "Terry Branstad",
    "U.S. Treasury Department",
    "Trump",
    "Rex Tillerson",
    "the United States",
    "no one",
    "the writer",
    "the writer",
]


def _sources(**changes: str) -> list[str]:
    """The right `who_said` values, with some replaced: by position (_0 .. _7)."""
    values = list(_RIGHT_SOURCES)
    for key, value in changes.items():
        values[int(key.lstrip("_"))] = value
    return values


# A student who read only the other reading (together): the answers they get wrong. (They can still run the
# code of pressure_paragraphs, which needs no reading.)
ONE_READING: dict[str, str] = {
    "who_said": _dict(
        "who_said",
        [
            "Li Kaisheng",
            "Bloomberg",
            "Trump",
            "Sun Xingjie",
            "Huang Jing",
            "Bloomberg",
            "Regional observers",
            "the reporter",
        ],
    ),
    "hedged": _dict("hedged", [True] * 8),
    "true_or_false": _dict("true_or_false", [True, False, True, False, False, False, False, False]),
    "fuel_tension": f"fuel_tension = {_TOGETHER_COAL!r}",
    "against_thesis": "against_thesis = [1, 2]",
    "motive": 'motive = "A"',
    "priorities": _dict("us_or_china", ["US", "China", "China", "US", "China", "US", "China", "US"]),
    "loss_evidence": f"loss_evidence = {_TOGETHER_STABILITY!r}",
    "china_gains": 'china_gains = "A"',
    "sanctions_evidence": f"sanctions_evidence = {_TOGETHER_SNUB!r}",
}

# Wrong answers. Round 1 holds plausible ones of the right type: they pass the visible checks.
MUTATIONS: dict[str, list[str]] = {
    "who_said": [
        # The arms-export firms handed to Tillerson, whose quotation shares their paragraph (quotes() alone).
        _dict("who_said", _sources(_5="Rex Tillerson")),
        # "tragic" given to a person, where the text names none.
        _dict("who_said", _sources(_4="Trump")),
        # The sanctions claim, which the writer makes, taken for an unsourced rumour.
        _dict("who_said", _sources(_6="no one")),
    ],
    "hedged": [
        # "Predictions are hedged": but "would leave a void" is stated flatly, unlike "could potentially cause".
        _dict("hedged", [True, True, False, True, True, True, False, True]),
        # The flat sanctions claim taken for a hedged one.
        _dict("hedged", [True, False, False, True, True, True, True, True]),
        _dict("hedged", [True] * 8),
    ],
    "true_or_false": [
        # Coal: in the news of 2017 and in the other reading, not in this one.
        _dict("true_or_false", [True, False, True, True, False, True, False, False]),
        # The regime-change aim of paragraph 7 denied, as US officials did.
        _dict("true_or_false", [False, False, True, False, False, True, False, False]),
        _dict("true_or_false", [False] * 8),
    ],
    "fuel_tension": [
        f"fuel_tension = {_P5_FUEL!r}",  # the fuel sentence itself, not the one that pulls against it
        "fuel_tension = 'China has agreed to cut the influx of petroleum to North Korea, along with a few other petty "
        "concessions'",  # part of the right sentence only
        f"fuel_tension = {_TOGETHER_COAL!r}",
    ],
    "against_thesis": [
        "against_thesis = [1, 3]",  # the grace period instead of the step China agreed to
        "against_thesis = [1, 4, 6]",
        "against_thesis = [6]",
    ],
    "motive": ['motive = "C"', 'motive = "B"', 'motive = "A"'],
    "priorities": [
        # The six-party talks: what China is known to want, not what this text says.
        _dict("us_or_china", ["US", "China", "China", "US", "China", "neither", "neither", "US"]),
        # A halt to the exercises: China's wish in the news of 2017, not in this text.
        _dict("us_or_china", ["US", "China", "neither", "US", "China", "neither", "China", "US"]),
        _dict("us_or_china", ["US", "China", "neither", "US", "China", "neither", "neither", "neither"]),
    ],
    "loss_evidence": [
        f"loss_evidence = {_P8_REFUGEES!r}",  # paragraph 8, but the refugees the question sets aside
        f"loss_evidence = {_P8_STATUS_QUO!r}",
        f"loss_evidence = {_TOGETHER_STABILITY!r}",
    ],
    "china_gains": ['china_gains = "B"', 'china_gains = "A"', 'china_gains = "D"'],
    "pressure_paragraphs": [
        'pressure_paragraphs = kwic("sanctions", "same-page")["paragraph"].tolist()',  # one term only
        "pressure_paragraphs = [4, 6, 9]",
        'pressure_paragraphs = kwic("isolating", "same-page")["paragraph"].tolist()',
    ],
    "sanctions_evidence": [
        f"sanctions_evidence = {_P4_ALLY!r}",  # the right paragraph, the wrong sentence
        f"sanctions_evidence = {_P5_RUMOUR!r}",
        f"sanctions_evidence = {_P6!r}",
    ],
}

# Right answers written another way. who_said holds the right answers issue 13 found refused: "Trump
# administration" (the course's actors.yaml counts it as the United States), "US Treasury Dept." and
# "President Donald J. Trump".
VARIANTS: dict[str, list[str]] = {
    "who_said": [
        _dict(
            "who_said",
            [
                "Ambassador Terry Branstad",
                "US Treasury Dept.",
                "President Donald J. Trump",
                "Secretary of State Rex Tillerson",
                "Trump administration",
                "nobody (it is only rumored)",
                "the writer (no source given)",
                "the author",
            ],
        ),
        _dict(
            "who_said",
            [
                "Branstad",
                "the U.S. Treasury Department",
                "Donald Trump",
                "Tillerson",
                "the U.S. government",
                "no one",
                "writer",
                "the writer's own voice",
            ],
        ),
        _dict(
            "who_said",
            [
                "terry branstad",
                "Treasury",
                "trump",
                "rex tillerson",
                "the Trump administration",
                "a rumour: no one named",
                "Writer",
                "the analysis",
            ],
        ),
    ],
    "fuel_tension": [
        f"fuel_tension = {_P6.replace('China has', chr(10) + '    China   has')!r}",
        f"fuel_tension = {chr(0x201C) + _P6 + chr(0x201D)!r}",
        f"fuel_tension = {_P6[:-1]!r}",
    ],
    "against_thesis": ["against_thesis = [6, 1]", "against_thesis = [1, 3, 6]", "against_thesis = [3, 6, 1]"],
    "motive": ['motive = "d"', 'motive = " (D) "', 'motive = "D)"'],
    "priorities": [
        _dict("us_or_china", ["U.S.", "china", "NEITHER", "United States", " China ", "neither", "Neither", "us"]),
        _dict("us_or_china", ["US", "CHINA", "Neither", "united states", "china", " neither ", "neither", "U.S"]),
    ],
    "loss_evidence": [
        f"loss_evidence = {_P8_LOSS.replace(chr(39), chr(0x2019))!r}",
        f"loss_evidence = {'  ' + _P8_LOSS.replace(', and', ',   and') + '  '!r}",
        f"loss_evidence = {_P8_LOSS[:-1]!r}",
    ],
    "china_gains": ['china_gains = "c"', 'china_gains = "(C)"', 'china_gains = " C "'],
    "pressure_paragraphs": [
        "pressure_paragraphs = [4, 6]",
        'pressure_paragraphs = sorted({p for term in ("sanctions", "isolating", "international community") '
        'for p in kwic(term, "same-page")["paragraph"].tolist()})',
        # a set of a column holds plain ints too
        'pressure_paragraphs = sorted(set(kwic("sanctions", "same-page")["paragraph"]) '
        '| set(kwic("isolating", "same-page")["paragraph"]))',
    ],
    "sanctions_evidence": [
        f"sanctions_evidence = {_P4_SANCTIONS.replace(' the sanctions', chr(10) + 'the sanctions')!r}",
        f"sanctions_evidence = {_P4_SANCTIONS[:-1]!r}",
        f"sanctions_evidence = {chr(0x201C) + _P4_SANCTIONS + chr(0x201D)!r}",
    ],
}

# A student who answers only from readinglab's outputs and printed metadata (readings(), figures(),
# quotes(), timeline(), mentions(), kwic(), a reading's title, parts, meta and furniture, the actors and
# their roles, and lesson 03's table of reported speech from the annotations), never reading a paragraph.
# Where an output answers a question, they use it; where none does, they guess the option the outputs make
# most likely. They must score at most 15% of the autograded points. kwic they use for the code task, as
# asked (its windows show a few words either side, never a whole sentence).
HELPER_ONLY: dict[str, str] = {
    # Right (1 point): the reported-speech table names Branstad, the Treasury, Trump and "the U.S." (quotes()
    # adds Tillerson); its rumour row has no speaker ("has also been rumored"); a claim with no row at all is
    # the writer's.
    "who_said": _dict(
        "who_said",
        [
            "Terry Branstad",
            "U.S. Treasury Department",
            "Donald Trump",
            "Rex Tillerson",
            "United States",
            "no one",
            "the writer",
            "the writer",
        ],
    ),
    # The rumour's cue, the "seem" of figures()'s sentence and the "close to" of its `what` show three hedges.
    # For the rest they go by the claim's kind: predictions and judgements hedged, facts stated flatly. That
    # misses the flat "would leave a void" beside "could potentially cause" in paragraph 8.
    "hedged": _dict("hedged", [True, True, False, True, True, True, False, True]),
    # Coal is together's (timeline), the trade share has no source (figures), THAAD was China's request and
    # only Americans are quoted (reported speech, quotes), fuel is still supplied (figures' sentence). Nothing
    # shows the regime-change aim, the human rights, or the terms of the agreement: they answer False.
    "true_or_false": _dict("true_or_false", [False, False, True, False, False, False, False, False]),
    # The only sentence any output gives about fuel is figures()'s own, in paragraph 5.
    "fuel_tension": 'fuel_tension = figures("same-page")["sentence"].iloc[2]',
    # timeline(): paragraph 1 (the meeting) and paragraph 3 (China "asks for and receives a 100-day grace period
    # to modify its North Korea policy"); paragraph 6 is in no output.
    "against_thesis": "against_thesis = [1, 3]",
    # The reported-speech table ties China's help to "a better trade deal" (Trump, paragraph 3).
    "motive": 'motive = "C"',
    # The reported-speech table gives the trade leniency (China); together's gives Huang Jing on the six-party
    # talks and the US "grip" on its allies, so those two are "neither"; no output has the rest, which they
    # guess from the actors' roles: a halt to US exercises sounds like China's wish.
    "priorities": _dict("us_or_china", ["US", "China", "neither", "US", "China", "neither", "China", "US"]),
    # No output gives paragraph 8; the nearest is China's reported-speech row in paragraph 9 (not a whole sentence).
    "loss_evidence": 'loss_evidence = "China has long advocated for a diplomatic solution to the crisis"',
    # Tillerson hopes "China will do its part" (reported speech, paragraph 5).
    "china_gains": 'china_gains = "A"',
    # Right (1 point): the code task is a helper's job.
    "pressure_paragraphs": (
        "found = []\n"
        'for term in ["sanctions", "isolating", "international community"]:\n'
        '    found += kwic(term, "same-page")["paragraph"].tolist()\n'
        "pressure_paragraphs = sorted(set(found))"
    ),
    # kwic's window around "sanctions": a few words either side, not the sentence.
    "sanctions_evidence": (
        'sanctions_evidence = " ".join(kwic("sanctions", "same-page").iloc[0][["left", "keyword", "right"]])'
    ),
}

# A student who read only each reading's headline, standfirst and first paragraph (same-page has no
# headline: the course's working title, "not on the same page", and paragraph 1), and answers the rest from
# general knowledge of the 2017 crisis. They must score under 40%.
SKIMMER: dict[str, str] = {
    # Names from the news of 2017: the Commerce Department's trade figures, Mattis's "tragic", the Treasury's
    # sanctions on Chinese firms, UN experts' reports on sanctions-busting.
    "who_said": _dict(
        "who_said",
        [
            "Rex Tillerson",
            "US Commerce Department",
            "Trump",
            "Rex Tillerson",
            "James Mattis",
            "US Treasury Department",
            "UN panel of experts",
            "the writer",
        ],
    ),
    # Guessed from how such claims are usually made: a figure is exact, a rumour and a forecast are hedged.
    "hedged": _dict("hedged", [True, True, False, False, False, True, True, True]),
    # The news: China cut off coal in February; US officials said they did not seek regime change; sanctions
    # were over the nuclear and missile tests; a figure usually has a source.
    "true_or_false": _dict("true_or_false", [True, True, True, False, False, False, False, False]),
    # Paragraph 1 is the only sentence they have read.
    "fuel_tension": f"fuel_tension = {_P1!r}",
    # Paragraph 1 pulls against the title's verdict; the grace period agreed at Mar-a-Lago is the likeliest other.
    "against_thesis": "against_thesis = [1, 3]",
    # Trump said in April 2017 that China would get a better trade deal if it helped on North Korea.
    "motive": 'motive = "C"',
    # China is known to want the six-party talks back and a halt to the exercises; the "grip on allies" sounds
    # like the US; reunification is not US policy as officials stated it.
    "priorities": _dict("us_or_china", ["US", "China", "China", "US", "China", "US", "China", "neither"]),
    "loss_evidence": f"loss_evidence = {_P1!r}",
    # Right (1 point): the option that fits the title's verdict best.
    "china_gains": 'china_gains = "C"',
    # A guess: they have not read the paragraphs and use no helper.
    "pressure_paragraphs": "pressure_paragraphs = [4, 5]",
    "sanctions_evidence": f"sanctions_evidence = {_P1!r}",
}
