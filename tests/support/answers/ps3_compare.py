"""Answer tables for ps3-compare (the two readings together): see :mod:`tests.support.answers`."""

from __future__ import annotations

from ._code import assign as _set
from ._code import fill_dict as _dict

# Sentences the tables paste, word for word from the readings (or, for wrong answers, from elsewhere in them).
_CHINA_REQUEST = (
    "The Chinese government in sum asked the United States to remove its THAAD missile battery that is currently "
    "deployed in central South Korea, as well as requesting some leniency concerning the proposed U.S. actions "
    "regarding its trade deficit."
)
_GRACE_PERIOD = (  # same-page ¶3: what China asked for at the summit, not what its government asked the US to do
    "Earlier this year, when Trump and Xi met at Mar-a-Lago in April, China had asked for and received a 100 day "
    "grace period to modify its North Korea policy; a grant that is soon to reach expiration."
)
_AGREED_ON = (  # same-page ¶9: states the agreement; the next sentence judges it
    "The only real outcome so far is China and the U.S. having come to agreement on the need for a denuclearized "
    "Korean Peninsula."
)
_JUDGEMENT = (
    "But this broad declaration, with no specifics on how to achieve it, is just what China wants in keeping the "
    "American’s at bay for the time being."
)
_COMMON_GROUND = (
    "Though China and the US differed on their priorities on the North Korean crisis, the issue was where both "
    "sides could find common ground, according to Sun Xingjie, a Korean affairs expert from Jilin University."
)
_SAME_PAGE_1 = (
    "Since the presidents of both the United States and China met back in April of this year, China has repeatedly "
    "indicated willingness to change its approach in dealing with North Korea and its highly controversial nuclear "
    "and ballistic missile programs."
)
_TOGETHER_1 = (
    "The rising crisis over North Korea’s nuclear ambitions has forced China and the United States to work "
    "together – at least for now – but tensions remain high in the Korean Peninsula."
)
_BIGGEST_CONCERN = (
    "China’s biggest concern was a new nuclear test by Pyongyang, while the US was more worried about the North’s "
    "inter-continental missile capabilities, he added."
)
_LAST_THING = (  # together ¶4, Li Kaisheng's run-on quotation: instability, not China's "biggest concern"
    "“Trump is tough on North Korea and the Chinese government needs to express its own position as an unstable "
    "Korean Peninsula is the last thing Beijing wants, so frequent negotiation within a short period of time is "
    "necessary.”"
)
_STATUS_QUO = (  # same-page ¶8
    "China, on the other hand, seeks to uphold the status quo and maintain the stability of its eastern border by "
    "not allowing the Kim regime to collapse."
)
_SPEAKERS = {
    "same-page": ["Rex Tillerson", "United States"],
    "together": ["Huang Jing", "Jang Song Chol", "Li Kaisheng", "Sun Xingjie"],
}


# Keys, in the released order:
# claims_a: grace period ran out in July, coal, only ally, met in April, direct talks, oil, the Kims since the war
# claims_b: different priorities, vague agreement, South China Sea, sanctions "according to the US Treasury",
#           held back, war a real possibility, "an analyst warns" of war
# voices:   together ¶1, ¶2, ¶8 (brackets), ¶9, ¶14; same-page ¶2, ¶5, ¶9

# A student who read only reading 1 (same-page): the answers they get wrong. They can still run the
# code tasks and find same-page's judgement sentence.
ONE_READING: dict[str, str] = {
    "which_reading_a": _dict("claims_a", ["neither", "neither", "neither", "1", "neither", "1", "1"]),
    "which_reading_b": _dict("claims_b", ["1", "1", "neither", "neither", "neither", "1", "neither"]),
    "whose_voice": _dict("voices", ["B", "B", "C", "C", "B", "C", "D", "A"]),
    "cuts_compared": _set(same_measure="A", judging_word={"same-page": "petty", "together": "petty"}),
    "voices_missing": _set(china_heard="B", china_request_sentence=_CHINA_REQUEST, us_heard="C"),
    "china_rate_meaning": _set(
        rates_show="B", china_worry={"same-page": "D", "together": "D"}, china_worry_sentence=_STATUS_QUO
    ),
    "priorities_compared": _set(
        us_worry="C", us_strategy="containment", us_aim={"same-page": "B", "together": "B"}, more_hopeful="1"
    ),
    "agreement_evidence": f"agreement_sentence = {_JUDGEMENT!r}",
}

# Wrong answers. Round 1 holds plausible ones of the right type: they pass the visible checks.
MUTATIONS: dict[str, list[str]] = {
    "which_reading_a": [
        # The grace period's end in July is the course's inference (timeline()), not same-page's claim:
        # it says only that the grant is "soon to reach expiration".
        _dict("claims_a", ["1", "2", "2", "1", "2", "1", "1"]),
        _dict("claims_a", ["both"] * 7),
        # "only ally" and "met in April" for both: a reading that says "most important ally" and a report
        # that names the summit without a month do not make those claims.
        _dict("claims_a", ["neither", "2", "both", "both", "2", "1", "1"]),
    ],
    "which_reading_b": [
        # same-page's claim about sanctions (¶4) given to the Treasury, its source for the deficit only (¶2).
        _dict("claims_b", ["both", "1", "2", "1", "2", "1", "neither"]),
        # together ¶11's fears of war are the reporter's own words, not an analyst's.
        _dict("claims_b", ["both", "1", "2", "neither", "2", "1", "2"]),
        _dict("claims_b", ["1"] * 7),
    ],
    "whose_voice": [
        # "[after the Mar-a-Lago summit]" as Sun Xingjie's own words: the report added them.
        _dict("voices", ["B", "D", "C", "C", "B", "C", "D", "A"]),
        # Branstad's reported words (same-page ¶2) as the writer's own.
        _dict("voices", ["B", "D", "B", "C", "B", "A", "D", "A"]),
        _dict("voices", ["A"] * 8),
    ],
    "cuts_compared": [
        _set(same_measure="A", judging_word={"same-page": "petty", "together": "abruptly"}),
        _set(same_measure="C", judging_word={"same-page": "recently", "together": "abruptly"}),
        _set(same_measure="C", judging_word={"same-page": "petty", "together": "petty abruptly"}),
    ],
    "speakers": [
        # Wu Dawei's request is reported (from Bloomberg), not a quotation.
        _set(quoted_speakers={**_SPEAKERS, "together": [*_SPEAKERS["together"], "Wu Dawei"]}),
        _set(quoted_speakers={**_SPEAKERS, "same-page": ["Rex Tillerson", "Terry Branstad", "United States"]}),
        'quoted_speakers = {r: sorted(quotes(r)["speaker"]) for r in ["same-page", "together"]}',
    ],
    "voices_missing": [
        # "China's side is not heard at all": what quotes() alone suggests.
        _set(china_heard="C", china_request_sentence=_CHINA_REQUEST, us_heard="D"),
        _set(china_heard="B", china_request_sentence=_GRACE_PERIOD, us_heard="D"),
        _set(china_heard="B", china_request_sentence=_CHINA_REQUEST, us_heard="A"),
        # Cut off at "U.S.", whose full stop ends no sentence: it once passed as a whole sentence.
        _set(china_heard="B", china_request_sentence=_CHINA_REQUEST.split(" actions")[0], us_heard="D"),
    ],
    "china_rate": [
        _set(
            china_word_rate={"same-page": 20.0, "together": 28.1},
            china_mention_rate={"same-page": 29.4, "together": 31.7},
        ),
        # The word rate given for the actor: the mistake issue 13 found in the old question.
        _set(
            china_word_rate={"same-page": 28.1, "together": 20.0},
            china_mention_rate={"same-page": 28.1, "together": 20.0},
        ),
        _set(china_word_rate={"same-page": 21, "together": 12}, china_mention_rate={"same-page": 22, "together": 19}),
    ],
    "china_rate_meaning": [
        # "A higher rate means it says more about China", either way round.
        _set(rates_show="C", china_worry={"same-page": "D", "together": "A"}, china_worry_sentence=_BIGGEST_CONCERN),
        _set(rates_show="B", china_worry={"same-page": "D", "together": "D"}, china_worry_sentence=_BIGGEST_CONCERN),
        # Li Kaisheng's "last thing Beijing wants" is about instability, not China's biggest concern.
        _set(rates_show="B", china_worry={"same-page": "D", "together": "A"}, china_worry_sentence=_LAST_THING),
    ],
    "priorities_compared": [
        # A new nuclear test is China's concern in together ¶7, not the United States'.
        _set(us_worry="B", us_strategy="containment", us_aim={"same-page": "B", "together": "D"}, more_hopeful="2"),
        _set(us_worry="C", us_strategy="deterrence", us_aim={"same-page": "B", "together": "D"}, more_hopeful="2"),
        _set(us_worry="C", us_strategy="containment", us_aim={"same-page": "D", "together": "B"}, more_hopeful="1"),
    ],
    "weighing_evidence": [
        f"judgement_sentence = {_AGREED_ON!r}",
        'judgement_sentence = "This broad declaration is just what China wants, to keep the Americans at bay."',
        'judgement_sentence = "this broad declaration, with no specifics on how to achieve it"',
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
        _dict("claims_a", ["none", 2, "Reading 2", "reading 1", "together", "same-page", 1]),
        _dict("claims_a", ["Neither", "2", 2, 1, "2", "one", "1"]),
    ],
    "which_reading_b": [
        _dict("claims_b", ["Both", "same-page", "together", "none", 2, 1, "NEITHER"]),
        _dict("claims_b", ["both readings", "1", "2", "neither", "Reading 2", "reading 1", "none"]),
    ],
    "whose_voice": [
        _dict("voices", ["b", "(D)", " B ", "C)", "b", "c", "D", "a"]),
        _dict("voices", ["B", "D", "B", "C", "B", "C", "D", "A"]),
    ],
    "cuts_compared": [
        _set(same_measure="c", judging_word={"same-page": "Petty", "together": "abruptly."}),
        _set(same_measure="(C)", judging_word={"same-page": "petty concessions", "together": "abruptly cut off"}),
    ],
    "speakers": [
        _set(quoted_speakers={"together": _SPEAKERS["together"], "same-page": _SPEAKERS["same-page"]}),
        'quoted_speakers = {r: sorted(quotes(r)["speaker"].unique()) for r in ("together", "same-page")}',
    ],
    "voices_missing": [
        _set(china_heard="b", china_request_sentence=_CHINA_REQUEST.rstrip("."), us_heard="(d)"),
        _set(china_heard="B)", china_request_sentence=f"“{_CHINA_REQUEST}”", us_heard="D"),
    ],
    "china_rate": [
        # Unrounded rates, and a whole number where the rate is one.
        _set(
            china_word_rate={"same-page": 21 / 748 * 1000, "together": 20},
            china_mention_rate={"same-page": 22 / 748 * 1000, "together": 19 / 600 * 1000},
        ),
        _set(
            china_word_rate={"same-page": 28.07, "together": 20.0},
            china_mention_rate={"same-page": 29.41, "together": 31.67},
        ),
    ],
    "china_rate_meaning": [
        _set(
            rates_show="b",
            china_worry={"same-page": "d", "together": "(a)"},
            china_worry_sentence=_BIGGEST_CONCERN.replace("’", "'").rstrip("."),
        ),
        _set(
            rates_show="(B)",
            china_worry={"together": "A", "same-page": "D"},
            china_worry_sentence=f"“{_BIGGEST_CONCERN}”",
        ),
    ],
    "priorities_compared": [
        _set(
            us_worry="c",
            us_strategy="a form of containment",
            us_aim={"same-page": "b", "together": "d"},
            more_hopeful=2,
        ),
        _set(
            us_worry="C)",
            us_strategy="Containment.",
            us_aim={"same-page": "B", "together": "D"},
            more_hopeful="together",
        ),
    ],
    "weighing_evidence": [
        f"judgement_sentence = {_JUDGEMENT.rstrip('.').replace('’', chr(39))!r}",
        f"judgement_sentence = {_AGREED_ON + ' ' + _JUDGEMENT!r}",
    ],
    "agreement_evidence": [
        f"agreement_sentence = {_COMMON_GROUND.rstrip('.')!r}",
        f"agreement_sentence = {chr(34) + _COMMON_GROUND + chr(34)!r}",
    ],
}

# A student who answers only from readinglab's outputs and printed metadata, never reading a paragraph:
# readings() (titles, genres, dates with "(inferred)"), a reading's .parts (headline, standfirst) and
# .furniture, figures() (each figure's "what" and its sentence), quotes() (speakers, roles, the quotations
# themselves: a third of together), timeline() (events with their evidence), mentions(), word_counts(),
# compare_terms() and the actors' roles. They run the code tasks as asked. kwic() they use in code
# tasks only: searching every option's words with kwic and reading the lines it prints is reading the
# text, a phrase at a time. Where no output answers, they take the option the outputs make most likely,
# and they are test-wise (they use what the options themselves say). At most 15% of the points.
HELPER_ONLY: dict[str, str] = {
    # timeline() lists "The 100-day grace period expires" in 2017-07 under same-page, taken at face value (the
    # date is the course's inference; the text says only "soon to reach expiration"). timeline(): the coal
    # cut-off (together) and the April meeting (same-page only). China's role: "North Korea's most important
    # ally (same-page) and 'sole ally' (together)". Talks with Washington: Huang's quotations are about
    # Washington and Pyongyang, so together (a lucky guess). Oil: timeline() gives the coal cut to together,
    # so the petroleum of question 3's options is same-page's. No output mentions the Kims or the Korean War.
    # Fails on the grace period and the Kims.
    "which_reading_a": _dict("claims_a", ["1", "2", "2", "1", "2", "1", "neither"]),
    # The same-page title and together's standfirst ("Despite differences in priorities"): both. Keeping the
    # Americans away sounds like the reading that is hard on China: same-page (a lucky guess). A comparison of
    # issues sounds like an analyst's: together. figures(): the U.S. Treasury Department is same-page's source,
    # so a Treasury claim is same-page's. quotes(): Huang on Washington stalling the six-party talks. quotes():
    # the United States' "tragic" in same-page ¶9. An analyst on war: together has the analysts (and a
    # related headline on war). Fails on the Treasury and the analyst.
    "which_reading_b": _dict("claims_b", ["both", "1", "2", "1", "2", "1", "2"]),
    # Not in quotes(): the reporter's own (¶1, ¶14) or the writer's (same-page ¶2, ¶9). The standfirst's
    # "analysts say" for ¶2; "rumored" for same-page ¶5. quotes() gives ¶9's "should not be exaggerated" to Sun
    # Xingjie, and the bracketed words of ¶8 too. Fails on ¶8 and same-page ¶2.
    "whose_voice": _dict("voices", ["B", "D", "C", "C", "B", "A", "D", "A"]),
    # timeline(): the coal was imported from North Korea, and the options say the petroleum went into it, so
    # C. timeline()'s evidence has "abruptly"; the only word for China's fuel in any output is "subsidized"
    # (figures(), same-page ¶5). Fails on same-page's word.
    "cuts_compared": _set(same_measure="C", judging_word={"same-page": "subsidized", "together": "abruptly"}),
    "speakers": (
        'quoted_speakers = {reading_id: sorted(set(quotes(reading_id)["speaker"]))\n'
        '                   for reading_id in ["same-page", "together"]}'
    ),
    # quotes(): no Chinese speaker in same-page, but figures() shows China "had asked for and received" a grace
    # period, so B; the only whole sentence about a Chinese request in any output is that one. quotes(): no US
    # speaker in together, and the furniture is not the report, so D. Fails on the sentence.
    "voices_missing": (
        'china_heard = "B"\n'
        'grace = figures("same-page")\n'
        'china_request_sentence = str(grace[grace["text"] == "100 day"]["sentence"].iloc[0])\n'
        'us_heard = "D"'
    ),
    "china_rate": (
        'words = readings().set_index("id")["words"]\n'
        "china_word_rate, china_mention_rate = {}, {}\n"
        'for reading_id in ["same-page", "together"]:\n'
        "    counts = word_counts(reading_id)\n"
        "    actors = mentions(reading_id)\n"
        "    n_words = int(words[reading_id])\n"
        '    china_word_rate[reading_id] = round(int(counts[counts["word"] == "china"]["count"].sum()) / n_words * 1000, 1)\n'
        '    china_mention_rate[reading_id] = round(int(actors[actors["actor"] == "China"]["count"].sum()) / n_words * 1000, 1)'
    ),
    # Their own rates disagree, and word_counts() shows "beijing" seven times in together: B. On what China
    # fears, quotes() has only Li Kaisheng's "an unstable Korean Peninsula is the last thing Beijing wants",
    # nearest to a collapse: D for both, and that quotation is the only whole sentence on it in any output.
    # Fails on together's letter and the sentence.
    "china_rate_meaning": (
        'rates_show = "B"\n'
        'china_worry = {"same-page": "D", "together": "D"}\n'
        'li = quotes("together")\n'
        'china_worry_sentence = str(li[li["paragraph"] == 4]["quote"].iloc[0])'
    ),
    # Missiles: the likeliest US worry among the options. No output names a US strategy; the United States'
    # role says it "presses China to rein in North Korea". quotes(): Huang on Washington and its allies (together);
    # same-page's title and the "tragic" war leave B. The titles: reading 2 is the hopeful one. Fails on the word.
    "priorities_compared": _set(
        us_worry="C", us_strategy="pressure", us_aim={"same-page": "B", "together": "D"}, more_hopeful="2"
    ),
    # No output holds same-page ¶9's last sentences; readings() has the working title.
    "weighing_evidence": 'judgement_sentence = str(readings().set_index("id").loc["same-page", "title"])',
    # quotes(): Sun Xingjie's ¶8 quotation looks like the agreement (team up, a red line); ¶5 is reported speech.
    "agreement_evidence": (
        'sun = quotes("together")\nagreement_sentence = str(sun[sun["speaker"] == "Sun Xingjie"]["quote"].iloc[0])'
    ),
}

# A student who read only each reading's headline, standfirst and first paragraph (same-page has neither
# headline nor standfirst, only the working title the notebook gives), and answers the rest from general
# knowledge of 2017 and of how news is written. They are test-wise too. Under 40% of the points.
SKIMMER: dict[str, str] = {
    # The grace period (from the news) ran out in July, when same-page was written; same-page ¶1 names the
    # April meeting, and a report from after it surely does too; well-known facts (coal, the alliance) they
    # expect both to mention; talks with Washington sound like an analyst's; a later cut in oil, after both
    # readings; the Kims ruled before the war, so no reading says "since the war". Fails.
    "which_reading_a": _dict("claims_a", ["1", "both", "both", "both", "2", "neither", "neither"]),
    # Title and standfirst: both differ. The rest guessed from the stances of the title and the standfirst;
    # an analyst on war sounds like together's analysts.
    "which_reading_b": _dict("claims_b", ["both", "1", "2", "1", "neither", "both", "2"]),
    # ¶1 read; the standfirst's "analysts say"; square brackets mark words a writer adds; words in quotation
    # marks are someone's; the "will be" of same-page ¶2 sounds like an official's statement; "rumored";
    # "likely going to hamper" is a judgement. All right: the skimmer's one full question.
    "whose_voice": _dict("voices", ["B", "D", "B", "C", "B", "C", "D", "A"]),
    # General knowledge of both measures; the two words are unread, so guessed.
    "cuts_compared": _set(same_measure="C", judging_word={"same-page": "minor", "together": "sudden"}),
    # No helper: the speakers guessed from the news of the day.
    "speakers": _set(
        quoted_speakers={"same-page": ["Donald Trump", "Rex Tillerson"], "together": ["Donald Trump", "Xi Jinping"]}
    ),
    # same-page ¶1 summarises China's signals: B; it pastes that sentence. A news report quotes officials: C.
    "voices_missing": _set(china_heard="B", china_request_sentence=_SAME_PAGE_1, us_heard="C"),
    "china_rate": _set(
        china_word_rate={"same-page": 25.0, "together": 25.0}, china_mention_rate={"same-page": 30.0, "together": 30.0}
    ),
    # Knows that counts are not content; knows China's fear of a collapse, and expects both to say it; pastes
    # the only sentence of together it read.
    "china_rate_meaning": _set(
        rates_show="B", china_worry={"same-page": "D", "together": "D"}, china_worry_sentence=_TOGETHER_1
    ),
    # Missiles; the 2017 name of the US policy; regime change and a strike from the year's headlines; the
    # titles give the hopeful reading.
    "priorities_compared": _set(
        us_worry="C", us_strategy="maximum pressure", us_aim={"same-page": "C", "together": "A"}, more_hopeful="2"
    ),
    "weighing_evidence": f"judgement_sentence = {_SAME_PAGE_1!r}",
    "agreement_evidence": f"agreement_sentence = {_TOGETHER_1!r}",
}
