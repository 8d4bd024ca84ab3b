"""Answer tables for ps2-together (reading 2, "Will North Korea crisis finally bring China and US together?"): see :mod:`tests.support.answers`."""

from __future__ import annotations

from ._code import fill_dict as _dict
from ._code import straight as _straight

# Sentences of `together` (body paragraphs, word for word), pasted by the students below.
P1 = (
    "The rising crisis over North Korea’s nuclear ambitions has forced China and the United States to work "
    "together – at least for now – but tensions remain high in the Korean Peninsula."
)
P3 = (
    "“Both nations have been continuing to coordinate on the North Korea issues after the Trump-Xi summit as there "
    "is a gap in the understanding between the two governments,” said Li Kaisheng, a researcher at the Shanghai "
    "Academy of Social Sciences."
)
P4 = (
    "“Trump is tough on North Korea and the Chinese government needs to express its own position as an unstable "
    "Korean Peninsula is the last thing Beijing wants, so frequent negotiation within a short period of time is "
    "necessary.”"
)
P5 = (
    "Though China and the US differed on their priorities on the North Korean crisis, the issue was where both "
    "sides could find common ground, according to Sun Xingjie, a Korean affairs expert from Jilin University."
)
P8 = (
    "“One of the major changes [after the Mar-a-Lago summit] is that China and the US are willing to team up in "
    "the face of the challenge from North Korea, and together draw a red line against the North,” Sun said."
)
P10 = (
    "“The US apparently is not ready for a military strike against North Korea and it still has to depend on "
    "China to reign in nuclear-armed Pyongyang and defuse the tension.”"
)
P11 = (
    "But North Korea has thus far remained defiant, raising fears that it could spark war – forcing China’s hand – "
    "if it continued on its retaliative path of launching military attacks on US facilities in the region."
)
P12 = (
    "Ties between Beijing and Pyongyang have come under renewed strain in recent months, especially after China "
    "abruptly cut off coal imports from the North in February."
)
P13 = (
    "Wu Dawei, China’s top envoy for North Korean nuclear affairs, was reportedly rebuffed when he requested to "
    "meet his North Korean counterpart, according to Bloomberg last week."
)
P14 = (
    "The snub raised questions about Beijing’s influence over the North Korean leader, Kim, and also suggested a "
    "shift in the reclusive state’s attitude towards its sole ally."
)
P15 = (
    "Just a month ago in an interview with Phoenix TV, Jang Song Chol, North Korea’s Consul General to Hong Kong, "
    "said Pyongyang would stand with Beijing and Moscow in the face of challenges from the US and South Korea."
)
P16 = "Jang also remarked that the Trump administration was still “searching in the dark” on its North Korean policy."
P17 = (
    "Huang Jing, an international relations specialist from the National University of Singapore, said Beijing "
    "knew Pyongyang desired direct dialogue and normalisation of bilateral ties with Washington, so it was in fact "
    "the US – rather than China – that had been reluctant to resolve the North Korean issue."
)
P18A = (
    "“Washington clearly saw benefits to using North Korea to tighten its grip on its key regional allies, South "
    "Korea and Japan,” Huang said."
)
SAME_PAGE_THESIS = (
    "The United States and China are ultimately not on the same page when it comes to their North Korea policy."
)
SAME_PAGE_PETROLEUM = (
    "Most recently, China has agreed to cut the influx of petroleum to North Korea, along with a few "
    "other petty concessions, as an attempt to appease the United States in its endeavor of further "
    "isolating the country from the international community and force its compliance with "
    "international norms."
)


def _set(name: str, value) -> str:
    return f"{name} = {value!r}"


def _lines(*assignments: str) -> str:
    return "\n".join(assignments)


# The answer cells, in the order the notebook asks them (keys of the released dictionaries in order):
# who_said / how_we_know: ¶4 unstable (Li, C), [after the Mar-a-Lago summit] (reporter, D), ¶8 red line (Sun, A),
#   ¶9 exaggerated (Sun, B), ¶10 not ready (Sun, C), ¶16 searching (Jang, A), ¶18 depriving (Huang, A); + ¶3 pasted.
# voice_of: standfirst B, ¶1 A, ¶2 B; + ¶3, ¶5 or ¶8 pasted.
# heard: A B C D G; + ¶18's first sentence pasted.
# us_or_china / whose_view: China B, US B, China A, US C, US C, US B, China E; + ¶12 pasted.
# relative_dates: 2017-02, 2017-04 (or 2017-03); + ¶15 pasted.
# beijing_reading: [12, 14], ¶14 pasted, C.   sun_reading: ¶11 pasted, B, D.


def _who(speakers, how, evidence=P3) -> str:
    return _lines(_dict("who_said", speakers), _dict("how_we_know", how), _set("paragraph_4_evidence", evidence))


WHO_RIGHT = ["Li Kaisheng", "the reporter", "Sun Xingjie", "Sun Xingjie", "Sun Xingjie", "Jang Song Chol", "Huang Jing"]
HOW_RIGHT = ["C", "D", "A", "B", "C", "A", "A"]
VOICE_RIGHT = {"the standfirst": "B", "paragraph 1": "A", "paragraph 2": "B"}
COUNTRY_RIGHT = ["China", "US", "China", "US", "US", "US", "China"]
VIEW_RIGHT = ["B", "B", "A", "C", "C", "B", "E"]


def _priorities(countries, views, sentence=P12) -> str:
    return _lines(_dict("us_or_china", countries), _dict("whose_view", views), _set("own_voice_sentence", sentence))


# A student who read only one of the two readings (here: same-page): the answers they get wrong.
# Every question but the two code tasks needs `together` itself.
ONE_READING: dict[str, str] = {
    "who_said": _who(["Rex Tillerson"] * 7, ["A"] * 7, SAME_PAGE_THESIS),
    "come_together": _lines(
        _set("voice_of", {"the standfirst": "A", "paragraph 1": "A", "paragraph 2": "A"}),
        _set("named_analyst_sentence", SAME_PAGE_THESIS),
    ),
    "voices_heard": _lines(_set("heard", ["E", "H"]), _set("washington_gains_sentence", SAME_PAGE_THESIS)),
    "priorities": _priorities(["US"] * 7, ["F"] * 7, SAME_PAGE_PETROLEUM),
    "relative_dates": _lines(
        'coal_cutoff_month = "2017-07"',
        'jang_interview_month = "2017-07"',
        _set("interview_date_sentence", SAME_PAGE_PETROLEUM),
    ),
    "beijing_reading": _lines(
        "beijing_own_voice = [1]", _set("influence_sentence", SAME_PAGE_THESIS), 'influence_rests_on = "A"'
    ),
    "sun_reading": _lines(_set("against_sun_sentence", SAME_PAGE_THESIS), 'whose_fears = "C"', 'attack_example = "A"'),
}

# Wrong answers. Round 1 holds plausible ones of the right type: they pass the visible checks.
MUTATIONS: dict[str, list[str]] = {
    "who_said": [
        # quotes() read as the answer key: the square-bracketed words given to Sun, whose quotation holds them.
        _who(
            ["Li Kaisheng", "Sun Xingjie", "Sun Xingjie", "Sun Xingjie", "Sun Xingjie", "Jang Song Chol", "Huang Jing"],
            ["C", "A", "A", "B", "C", "A", "A"],
        ),
        # "the academic" taken for a named speaker, and the run-on of paragraph 10 given to Li.
        _who(
            [
                "Li Kaisheng",
                "the reporter",
                "Sun Xingjie",
                "Sun Xingjie",
                "Li Kaisheng",
                "Jang Song Chol",
                "Huang Jing",
            ],
            ["C", "D", "A", "A", "C", "A", "A"],
        ),
        # right speakers, but the sentence pasted is paragraph 4 itself, not the one its speaker is inferred from.
        _who(WHO_RIGHT, HOW_RIGHT, P4),
    ],
    "come_together": [
        _lines(
            _set("voice_of", {"the standfirst": "B", "paragraph 1": "B", "paragraph 2": "B"}),
            _set("named_analyst_sentence", P8),
        ),
        _lines(_set("voice_of", VOICE_RIGHT), _set("named_analyst_sentence", P4)),
        _lines(
            _set("voice_of", {"the standfirst": "C", "paragraph 1": "A", "paragraph 2": "C"}),
            _set("named_analyst_sentence", P1),
        ),
    ],
    "voices_heard": [
        _lines(_set("heard", ["A", "B", "C", "D", "E", "G"]), _set("washington_gains_sentence", P18A)),
        _lines(_set("heard", ["A", "B", "C", "D"]), _set("washington_gains_sentence", P18A)),
        _lines(_set("heard", ["A", "B", "C", "D", "G"]), _set("washington_gains_sentence", P17)),
    ],
    "priorities": [
        # Huang's "rather than China" misread: China as the side that held back.
        _priorities(["China", "US", "China", "US", "China", "US", "China"], VIEW_RIGHT),
        # the coal cut-off taken for an analyst's claim (the old question's heading), with its sentence pasted.
        _priorities(COUNTRY_RIGHT, ["B", "B", "A", "C", "C", "B", "B"]),
        _priorities(COUNTRY_RIGHT, VIEW_RIGHT, P13),
    ],
    "relative_dates": [
        _lines(
            'coal_cutoff_month = "2017-02"', 'jang_interview_month = "2017-05"', _set("interview_date_sentence", P15)
        ),
        _lines(
            'coal_cutoff_month = "2016-02"', 'jang_interview_month = "2017-04"', _set("interview_date_sentence", P15)
        ),
        _lines(
            'coal_cutoff_month = "2017-02"', 'jang_interview_month = "2017-04"', _set("interview_date_sentence", P16)
        ),
    ],
    "beijing_paragraphs": [
        "beijing_paragraphs = [4, 12, 14, 15, 17]",
        "beijing_paragraphs = [3, 12, 14, 15, 17, 18]",
        'beijing_paragraphs = [int(n) for n in kwic("Beijing", "together")["paragraph"]]',
    ],
    "beijing_reading": [
        # paragraph 4 names no speaker, but it is a quotation: not the report's own voice.
        _lines("beijing_own_voice = [4, 12, 14]", _set("influence_sentence", P14), 'influence_rests_on = "C"'),
        _lines("beijing_own_voice = [12, 14]", _set("influence_sentence", P14), 'influence_rests_on = "A"'),
        _lines("beijing_own_voice = [12, 14]", _set("influence_sentence", P12), 'influence_rests_on = "C"'),
    ],
    "sun_paragraphs": [
        "sun_quote_paragraphs = [5, 6, 7, 8, 9, 10]",
        "sun_quote_paragraphs = [8, 9]",
        "sun_quote_paragraphs = [8, 9, 10, 11]",
    ],
    "sun_reading": [
        _lines(_set("against_sun_sentence", P11), 'whose_fears = "C"', 'attack_example = "D"'),
        # Sun's own hedged words, not the report's voice.
        _lines(_set("against_sun_sentence", P10), 'whose_fears = "B"', 'attack_example = "D"'),
        _lines(_set("against_sun_sentence", P11), 'whose_fears = "B"', 'attack_example = "A"'),
    ],
}

# Right answers written another way. who_said holds the three that issue 13 found refused
# ("Sun Xingjie, Korean affairs expert at Jilin University"; "Li Kaisheng, a researcher";
# "Jang Song Chol, North Korea's Consul General").
VARIANTS: dict[str, list[str]] = {
    "who_said": [
        _who(
            [
                "Li Kaisheng, a researcher",
                "the reporter's own words",
                "Sun Xingjie, Korean affairs expert at Jilin University",
                "Sun",
                "probably Sun Xingjie",
                "Jang Song Chol, North Korea's Consul General",
                "Huang Jing",
            ],
            ["c", "(D)", " A ", "b.", "C)", "a", "A"],
            _straight(P3),
        ),
        _who(
            [
                "Li Kaisheng (inferred)",
                "the journalist",
                "Professor Sun Xingjie",
                "Mr Sun",
                "Sun Xingjie (most likely)",
                "Jang",
                "Dr Huang Jing",
            ],
            ["C", "D", "A", "B", "C", "A", "A"],
            P3.removesuffix("."),
        ),
        _who(
            [
                "li kaisheng",
                "The report (an editorial insertion)",
                "SUN XINGJIE",
                "the academic Sun Xingjie",
                "Sun Xingjie, the academic",
                "Jang Song Chol, North Korea’s Consul General to Hong Kong",
                "Huang Jing, an international relations specialist",
            ],
            ["C", "D", "A", "B", "C", "A", "A"],
            f"“{P3}”",
        ),
    ],
    "come_together": [
        _lines(
            _set("voice_of", {"the standfirst": "b", "paragraph 1": "(a)", "paragraph 2": "B."}),
            _set("named_analyst_sentence", P3),
        ),
        _lines(_set("voice_of", VOICE_RIGHT), _set("named_analyst_sentence", _straight(P5))),
        _lines(_set("voice_of", VOICE_RIGHT), _set("named_analyst_sentence", _straight(P8))),
    ],
    "voices_heard": [
        _lines(_set("heard", ["g", "d", "c", "b", "a"]), _set("washington_gains_sentence", _straight(P18A))),
        _lines(_set("heard", ["(A)", "B", "C", "D", "G", "A"]), _set("washington_gains_sentence", P18A)),
    ],
    "priorities": [
        _priorities(
            ["china", "U.S.", "CHINA", "United States", "us", "US", "China"],
            ["b", "(B)", "a", "C.", "c", "B", "e"],
            _straight(P12),
        ),
    ],
    "relative_dates": [
        _lines(
            'coal_cutoff_month = "February 2017"',
            'jang_interview_month = "April 2017"',
            _set("interview_date_sentence", _straight(P15)),
        ),
        _lines(
            'coal_cutoff_month = "2017-2"',
            'jang_interview_month = "2017-03"',
            _set("interview_date_sentence", P15.removesuffix(".")),
        ),
        _lines(
            'coal_cutoff_month = "Feb 2017"', 'jang_interview_month = "Apr. 2017"', _set("interview_date_sentence", P15)
        ),
    ],
    "beijing_reading": [
        _lines("beijing_own_voice = [12, 14]", _set("influence_sentence", _straight(P14)), 'influence_rests_on = "c"'),
        _lines(
            "beijing_own_voice = [12, 14]",
            _set("influence_sentence", P14.removesuffix(".")),
            'influence_rests_on = "(C)"',
        ),
    ],
    "sun_reading": [
        _lines(_set("against_sun_sentence", _straight(P11)), 'whose_fears = "b"', 'attack_example = "(D)"'),
        _lines(_set("against_sun_sentence", P11.removesuffix(".")), 'whose_fears = "B."', 'attack_example = "d"'),
    ],
}

# A student who answers only from readinglab's outputs and printed metadata (readings(), figures(),
# quotes(), timeline(), mentions(), kwic(), the annotations' speakers and cues, a reading's title,
# parts and furniture), never reading a paragraph. Where an output answers a question, they use it;
# where none does, they guess the option the outputs make most likely. They must score at most 15%
# of the autograded points.
#
# This is the strongest such student: they look rows up by the words a question gives (in the
# `quote` column of quotes(), the annotations' reported speech), read kwic's lines at its default
# window of six words, use the `attribution` column, and infer "the reporter's own voice" for a
# paragraph with no quotation and no reported speech. So they get every part of a question that
# asks only whose words something is. What they cannot do is paste a whole sentence of the report:
# no output holds one for these questions (a quotation's text stops before its "said Li Kaisheng",
# a timeline's evidence or reported speech's text starts or ends mid-sentence, a kwic line is a
# window), and every question but the two code tasks asks for one. They paste the nearest thing an
# output gives them. Copying an annotation's retold text whole, or widening kwic's window to a
# paragraph, would be reading the paragraph, which this student does not do.
_VOICES = (
    "from readinglab.corpus import current_corpus\n"
    "said = quotes('together')\n"
    "retold = current_corpus().annotations('together').reported_speech\n"
    "voiced = set(said['paragraph']) | {entry['paragraph'] for entry in retold}\n"
)
HELPER_ONLY: dict[str, str] = {
    # quotes() gives every speaker and stated/inferred; kwic("academic") finds "the academic said" in ¶9;
    # the question's option D sends them looking for square brackets in the quote column. All right but the
    # pasted sentence: the ¶3 quotation without "said Li Kaisheng..." is not a whole sentence.
    "who_said": (
        "said = quotes('together')\n"
        "pointer = set(kwic('academic', 'together')['paragraph'])\n"
        "def row_of(words):\n"
        "    return said[said['quote'].str.contains(words, regex=False)].iloc[0]\n"
        "def speaker(words):\n"
        "    return 'the reporter' if '[' + words + ']' in row_of(words)['quote'] else row_of(words)['speaker']\n"
        "def how(words):\n"
        "    row = row_of(words)\n"
        "    if '[' + words + ']' in row['quote']:\n"
        "        return 'D'\n"
        "    if row['attribution'] == 'inferred':\n"
        "        return 'C'\n"
        "    return 'B' if row['paragraph'] in pointer else 'A'\n"
        "who_said = {key: speaker(key) for key in who_said}\n"
        "how_we_know = {key: how(key) for key in how_we_know}\n"
        "paragraph_4_evidence = said[said['paragraph'] == 3]['quote'].iloc[0]"
    ),
    # The standfirst ends "analysts say" (printed metadata); ¶2's reported speech has no speaker; ¶1 has no
    # voice at all. The sentence: Sun's ¶8 quotation as quotes() gives it, without "Sun said.".
    "come_together": (
        _VOICES + "unnamed = {entry['paragraph'] for entry in retold if entry['speaker'] is None}\n"
        "def voice(paragraph):\n"
        "    return 'B' if paragraph in unnamed else 'A' if paragraph not in voiced else 'C'\n"
        "standfirst = 'B' if load('together').parts['standfirst'][0].endswith('analysts say') else 'A'\n"
        "voice_of = {'the standfirst': standfirst, 'paragraph 1': voice(1), 'paragraph 2': voice(2)}\n"
        "named_analyst_sentence = said[said['paragraph'] == 8]['quote'].iloc[0]"
    ),
    # Every speaker's role is in quotes() and the annotations (Bloomberg for the outlet): all right. The sentence:
    # Huang's first ¶18 quotation without "Huang said.".
    "voices_heard": (
        _VOICES + "speakers = set(said['speaker']) | {entry['speaker'] for entry in retold if entry['speaker']}\n"
        "letters = {'Li Kaisheng': 'A', 'Sun Xingjie': 'B', 'Huang Jing': 'C', 'Jang Song Chol': 'D',\n"
        "           'bloomberg': 'G', 'Bloomberg': 'G'}\n"
        "heard = sorted({letters[s] for s in speakers if s in letters})\n"
        "washington_gains_sentence = said[said['quote'].str.contains('tighten its grip')]['quote'].iloc[0]"
    ),
    # Countries from kwic's window around each sentence's key word ("China’s biggest concern", "the US was more
    # worried", "last thing Beijing wants", "Washington clearly saw benefits", "the US – rather than China –
    # that had been reluctant", "has to depend on China", "China abruptly cut off coal"); speakers by looking
    # the words up; the coal sentence is in no quotation or reported speech, so the reporter's. All right but
    # the pasted sentence: the timeline's evidence for the coal cut-off starts mid-sentence.
    "priorities": (
        _dict("us_or_china", COUNTRY_RIGHT) + "\n" + _dict("whose_view", VIEW_RIGHT) + "\n"
        "events = timeline()\n"
        "own_voice_sentence = events[events['event'].str.contains('coal')]['evidence'].iloc[0]"
    ),
    # timeline() resolves both relative dates; its evidence for the interview stops at "Jang Song Chol".
    "relative_dates": (
        "events = timeline()\n"
        "mine = events[events['reading'] == 'together']\n"
        "coal_cutoff_month = mine[mine['event'].str.contains('coal')]['date'].iloc[0]\n"
        "jang_interview_month = mine[mine['event'].str.contains('Phoenix TV')]['date'].iloc[0]\n"
        "interview_date_sentence = mine[mine['event'].str.contains('Phoenix TV')]['evidence'].iloc[0]"
    ),
    "beijing_paragraphs": (
        'lines = kwic("Beijing", "together")\n'
        'beijing_paragraphs = sorted(set(int(number) for number in lines["paragraph"]))'
    ),
    # The paragraphs with no voice are the reporter's; kwic's line in ¶14 reads "The snub raised questions about
    # Beijing’s influence over the North Korean leader", and ¶13's reported speech is Bloomberg's: so C. The
    # sentence: that kwic line, a window, not the sentence.
    "beijing_reading": (
        _VOICES + "lines = kwic('Beijing', 'together')\n"
        "beijing_own_voice = sorted(set(int(n) for n in lines['paragraph']) - voiced)\n"
        "row = lines[lines['paragraph'] == 14].iloc[0]\n"
        "influence_sentence = ' '.join([row['left'], row['keyword'], row['right']])\n"
        "influence_rests_on = 'C'"
    ),
    "sun_paragraphs": (
        'table = quotes("together")\n'
        'sun_rows = table[table["speaker"] == "Sun Xingjie"]\n'
        'sun_quote_paragraphs = sorted(set(int(number) for number in sun_rows["paragraph"]))'
    ),
    # kwic("fears") names no one who fears; kwic("attacks") finds the word in ¶11 only: B and D, both right.
    # No output leads to the sentence that pulls against Sun; the nearest is kwic's window around "fears".
    "sun_reading": (
        "row = kwic('fears', 'together').iloc[0]\n"
        "against_sun_sentence = ' '.join([row['left'], row['keyword'], row['right']])\n"
        "whose_fears = 'B'\n"
        "attack_example = 'D'"
    ),
}

# A student who read only each reading's headline, standfirst and first paragraph, and answers the
# rest from general knowledge of the 2017 crisis. They must score under 40%.
#
# They know the standfirst's "analysts say" and ¶1's unattributed "forced ... to work together", the
# publication date printed under the standfirst, and from the news of 2017 that China stopped North
# Korean coal in February. They have never seen the report's analysts, diplomat or outlet, so they
# cannot name who says what beyond the standfirst, and the only sentence they can paste is ¶1's.
SKIMMER: dict[str, str] = {
    "who_said": _who(["an analyst"] * 7, ["A"] * 7, P1),
    "come_together": _lines(_set("voice_of", VOICE_RIGHT), _set("named_analyst_sentence", P1)),
    # A report on the two powers "coming together", they expect, quotes both governments and some analysts.
    "voices_heard": _lines(_set("heard", ["A", "B", "C", "E", "H"]), _set("washington_gains_sentence", P1)),
    # Countries from general knowledge (China the one that held back, as much of the 2017 news had it); the
    # claims they take for the reporter's, or a US official's.
    "priorities": _priorities(
        ["China", "US", "China", "US", "China", "US", "China"], ["E", "F", "E", "E", "E", "F", "E"], P1
    ),
    "relative_dates": _lines(
        'coal_cutoff_month = "2017-02"', 'jang_interview_month = "2017-04"', _set("interview_date_sentence", P1)
    ),
    "beijing_paragraphs": "beijing_paragraphs = [1, 2]",
    "beijing_reading": _lines("beijing_own_voice = [1]", _set("influence_sentence", P1), 'influence_rests_on = "A"'),
    "sun_paragraphs": "sun_quote_paragraphs = [2, 3]",
    # ¶1's "tensions remain high" is the only sentence of the reporter's they have read.
    "sun_reading": _lines(_set("against_sun_sentence", P1), 'whose_fears = "C"', 'attack_example = "A"'),
}
