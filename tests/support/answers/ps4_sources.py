"""Answer tables for ps4-sources (sourcing, context and corroboration): see :mod:`tests.support.answers`."""

from __future__ import annotations

from ._code import assign as _set
from ._code import fill_dict as _dict
from ._code import straight as _straight

# Sentences the tables paste, word for word from the readings (or, for wrong answers, from elsewhere in them).
_TITLE_SLIP = (  # same-page ¶5: "secretary" in lower case, "State" with a capital
    "The U.S. secretary of State, Rex Tillerson, pointed out that he hopes China will do its part in helping to put "
    "an end to a “number of criminal enterprises” that enable North Korea to earn foreign currency in order to "
    "sustain itself."
)
_DEFICIT = (  # same-page ¶2, second sentence: another slip ("Trumps run"), but no job title
    "The United States 2016 trade deficit with China was close to $347 billion, according to the U.S. Treasury "
    "Department, and this deficit was a major campaign element during Trumps run for the presidency in 2016."
)
_BRANSTAD = (  # same-page ¶2, first sentence
    "The new U.S. ambassador to China, Terry Branstad, has said that stopping the threat posed by North Korea will "
    "be a top priority for the United States under the Trump administration, along with resolving the long-existing "
    "disparity in the U.S. current account with China."
)
_SOON_AFTER = (  # same-page ¶3, first sentence: about the summit, not the ambassador
    "Soon after their meeting, Trump said that he had told Chinese President Xi that China would get a better trade "
    "deal if it did more to help with mitigating the North Korean threat."
)
_GRACE = (  # same-page ¶3, last sentence
    "Earlier this year, when Trump and Xi met at Mar-a-Lago in April, China had asked for and received a 100 day "
    "grace period to modify its North Korea policy; a grant that is soon to reach expiration."
)
_MET_IN_APRIL = (  # same-page ¶1
    "Since the presidents of both the United States and China met back in April of this year, China has repeatedly "
    "indicated willingness to change its approach in dealing with North Korea and its highly controversial nuclear "
    "and ballistic missile programs."
)
_THESIS = "The United States and China are ultimately not on the same page when it comes to their North Korea policy."
_PRIORITY = (  # same-page ¶7, second sentence
    "The United States sees a nuclear North Korea with ballistic missile capabilities as a top national and "
    "international security priority."
)
_COAL = (  # together ¶12
    "Ties between Beijing and Pyongyang have come under renewed strain in recent months, especially after China "
    "abruptly cut off coal imports from the North in February."
)
_SNUB = (  # together ¶13: names a time ("last week"), but no month
    "Wu Dawei, China’s top envoy for North Korean nuclear affairs, was reportedly rebuffed when he requested to "
    "meet his North Korean counterpart, according to Bloomberg last week."
)
_TOGETHER_1 = (
    "The rising crisis over North Korea’s nuclear ambitions has forced China and the United States to work "
    "together – at least for now – but tensions remain high in the Korean Peninsula."
)


# Keys, in the released order:
# shown_by: first published 1 May (text), SCMP (outside), republished (outside), updated next day (text),
#           reporter in Hong Kong (neither), Wu rebuffed in the last week of April (neither), Bloomberg before (text)
# verdicts: met in April (holds), $347 billion (cannot), grace period (contested), Kims since the war
#           (contradicted, or contested), Wu Dawei rebuffed (cannot)
SHOWN_BY_RIGHT = ["text", "outside", "outside", "text", "neither", "neither", "text"]
VERDICTS_RIGHT = ["holds", "cannot be checked", "contested", "contradicted", "cannot be checked"]
IN_SUMMER = (
    "events_after_together = list(events[(events['start'] > '2017-05-01') & (events['start'] <= '2017-07-31')]['id'])"
)

# A student who read only same-page (and the context table), never together: the answers they get wrong.
ONE_READING: dict[str, str] = {
    # The time stamps and the outlet they could not have seen; they guess from what news pages usually show.
    "page_or_outside": _dict("shown_by", ["text", "neither", "neither", "text", "neither", "text", "text"]),
    "slips": _set(title_slip_sentence=_TITLE_SLIP, together_slip="tough", slips_show="B"),
    "corroborate": _dict("verdicts", VERDICTS_RIGHT)
    + "\n"
    + _set(corroborated_sentence=_MET_IN_APRIL, corroborating_event="mar-a-lago-summit"),
}

# Wrong answers. Round 1 holds plausible ones of the right type: they pass the visible checks.
MUTATIONS: dict[str, list[str]] = {
    "page_or_outside": [
        # "According to Bloomberg last week" read as the week of the snub itself.
        _dict("shown_by", ["text", "outside", "outside", "text", "neither", "text", "text"]),
        # The outlet taken for something the page shows.
        _dict("shown_by", ["text", "text", "outside", "text", "neither", "neither", "text"]),
        # The outlet's home taken for where the reporter wrote.
        _dict("shown_by", ["text", "outside", "outside", "text", "outside", "neither", "text"]),
    ],
    "slips": [
        # The slip is right and the sentence too, but slips read as a sign of false claims.
        _set(title_slip_sentence=_TITLE_SLIP, together_slip="reign", slips_show="A"),
        # The sentence with "Trumps run": a slip lesson 07 named, but no job title.
        _set(title_slip_sentence=_DEFICIT, together_slip="reign", slips_show="B"),
        # The word the report meant, not the word it prints.
        _set(title_slip_sentence=_TITLE_SLIP, together_slip="rein", slips_show="B"),
    ],
    "date_bounds": [
        # THAAD, "currently deployed" (¶3), is past, but not the latest past event.
        _set(
            lower_bound="thaad-operational",
            lower_bound_sentence=_BRANSTAD,
            upper_bound="hundred-day-plan-ends",
            upper_bound_sentence=_GRACE,
        ),
        # An event of July the text never mentions, taken for the upper bound.
        _set(
            lower_bound="branstad-confirmed",
            lower_bound_sentence=_BRANSTAD,
            upper_bound="hwasong-14-test",
            upper_bound_sentence=_GRACE,
        ),
        # The sentence about the summit for the ambassador's.
        _set(
            lower_bound="branstad-confirmed",
            lower_bound_sentence=_SOON_AFTER,
            upper_bound="hundred-day-plan-ends",
            upper_bound_sentence=_GRACE,
        ),
        # The April meeting's sentence for the grace period's.
        _set(
            lower_bound="branstad-arrives",
            lower_bound_sentence=_BRANSTAD,
            upper_bound="hundred-day-plan-ends",
            upper_bound_sentence=_MET_IN_APRIL,
        ),
    ],
    "petroleum": [
        # The August resolution, which set no limit on petroleum.
        _set(contradicting_event="unsc-2371", writer_reason="B", best_conclusion="C"),
        # The UN's reason, read into the writer's.
        _set(contradicting_event="unsc-2375", writer_reason="C", best_conclusion="C"),
        # The outside date taken as settling it.
        _set(contradicting_event="unsc-2375", writer_reason="B", best_conclusion="A"),
    ],
    "events_after_together": [
        # "After 1 May" taken to include 1 May, the day THAAD reached its initial capability.
        "events_after_together = list(events[(events['start'] >= '2017-05-01') & (events['start'] <= '2017-07-31')]['id'])",
        # Stopped at the end of the 100-day plan, not at 31 July.
        "events_after_together = ['branstad-confirmed', 'branstad-arrives', 'hwasong-14-test', 'hundred-day-plan-ends']",
    ],
    "silence": [
        # The trade talks of July: same-page never mentions them either, but they are not the ¶7 priority.
        _set(silent_event="comprehensive-economic-dialogue", priority_sentence=_PRIORITY, silence_shows="C"),
        # The thesis for the priority.
        _set(silent_event="hwasong-14-test", priority_sentence=_THESIS, silence_shows="C"),
        # Silence taken as proof.
        _set(silent_event="hwasong-14-test", priority_sentence=_PRIORITY, silence_shows="A"),
    ],
    "corroborate": [
        # The writer's "grace period" taken as the sources' 100-day plan.
        _dict("verdicts", ["holds", "cannot be checked", "holds", "contradicted", "cannot be checked"])
        + "\n"
        + _set(corroborated_sentence=_COAL, corroborating_event="china-suspends-coal-imports"),
        # A figure no entry gives, taken as confirmed; the Bloomberg report taken as refuted.
        _dict("verdicts", ["holds", "holds", "contested", "contradicted", "contradicted"])
        + "\n"
        + _set(corroborated_sentence=_COAL, corroborating_event="china-suspends-coal-imports"),
        # The snub's sentence, which names no month.
        _dict("verdicts", VERDICTS_RIGHT)
        + "\n"
        + _set(corroborated_sentence=_SNUB, corroborating_event="china-suspends-coal-imports"),
        # The coal ban of August for the suspension of February.
        _dict("verdicts", VERDICTS_RIGHT) + "\n" + _set(corroborated_sentence=_COAL, corroborating_event="unsc-2371"),
    ],
}

# Right answers written another way: each must earn full marks.
VARIANTS: dict[str, list[str]] = {
    "page_or_outside": [
        _dict("shown_by", ["Text", "Outside evidence", "outside", "the text", "Neither", "nothing", "text itself"]),
        _dict("shown_by", ["TEXT.", "found outside", "Outside", "text", "none", "neither", "in the text"]),
    ],
    "slips": [
        _set(title_slip_sentence=_straight(_TITLE_SLIP), together_slip="reign in", slips_show="(b)"),
        _set(title_slip_sentence=f"“{_TITLE_SLIP}”", together_slip="Reign", slips_show="b"),
    ],
    "date_bounds": [
        _set(
            lower_bound="context:branstad-arrives",
            lower_bound_sentence=_straight(_BRANSTAD),
            upper_bound="Hundred-Day-Plan-Ends",
            upper_bound_sentence=_GRACE.rstrip("."),
        ),
        _set(
            lower_bound=" branstad-confirmed ",
            lower_bound_sentence=f'"{_BRANSTAD}"',
            upper_bound="context:hundred-day-plan-ends",
            upper_bound_sentence=_straight(_GRACE),
        ),
    ],
    "petroleum": [
        _set(contradicting_event="UNSC-2375", writer_reason="b", best_conclusion="(C)"),
        _set(contradicting_event="context:unsc-2375", writer_reason="B)", best_conclusion="c"),
    ],
    "events_after_together": [
        "events_after_together = [i for i, d in zip(context()['id'], context()['start']) if '2017-05-01' < str(d)[:10] <= '2017-07-31']",
        "events_after_together = sorted('context:' + i for i in events[events['start'].between('2017-05-02', '2017-07-31')]['id'])",
    ],
    "silence": [
        _set(silent_event="context:hwasong-14-test", priority_sentence=_straight(_PRIORITY), silence_shows="c"),
        _set(silent_event="Hwasong-14-Test", priority_sentence=f"“{_PRIORITY}”", silence_shows="C."),
    ],
    "corroborate": [
        _dict("verdicts", ["Holds", "CANNOT BE CHECKED", "Contested", "contested", "cannot  be checked"])
        + "\n"
        + _set(corroborated_sentence=_straight(_COAL), corroborating_event="context:china-suspends-coal-imports"),
        _dict("verdicts", ["holds.", "cannot be checked", "contested", "contradicted.", "cannot be checked"])
        + "\n"
        + _set(corroborated_sentence=f'"{_COAL}"', corroborating_event="China-Suspends-Coal-Imports"),
    ],
}

# A student who answers only from readinglab's outputs and printed metadata, never reading a paragraph
# (see ps3_compare.HELPER_ONLY for the outputs), here with context() too: its lines and notes, which
# name the paragraphs of same-page they bear on. Where no output answers, they take the option the
# outputs make most likely, and they are test-wise. At most 15% of the points.
HELPER_ONLY: dict[str, str] = {
    # .parts: the two time stamps (text). A reading's meta: the outlet found outside (the South China
    # Morning Post) and the site that republished it; with the Hong Kong of Jang Song Chol's role (actors),
    # the reporter's place looks shown outside too. timeline() dates Wu Dawei's rebuff to April 2017, from
    # ¶13: taken as the text's.
    # Fails on the reporter and on the rebuff.
    "page_or_outside": _dict("shown_by", ["text", "outside", "outside", "text", "outside", "text", "text"]),
    # quotes(): Sun Xingjie's run-on quotation of ¶10 has "reign in", a slip a careful eye spots in the
    # output. No output holds the sentence with Tillerson's title (quotes() has only "number of criminal
    # enterprises"); the nearest whole sentence of ¶5 in any output is figures()' 90 percent. B is the
    # hedged option. Fails on the sentence.
    "slips": (
        'numbers = figures("same-page")\n'
        'title_slip_sentence = str(numbers[numbers["paragraph"] == 5]["sentence"].iloc[0])\n'
        'together_slip = "reign"\n'
        'slips_show = "B"'
    ),
    # context(): Branstad (an actor of same-page) confirmed in May; the notes tie the 100-day plan to
    # same-page ¶3, and figures() gives ¶3's whole sentence with "100 day". No output holds ¶2's first
    # sentence; figures() has its second ($347 billion). Fails on the lower bound's sentence.
    "date_bounds": (
        'lower_bound = "branstad-confirmed"\n'
        'numbers = figures("same-page")\n'
        'lower_bound_sentence = str(numbers[numbers["text"] == "$347 billion"]["sentence"].iloc[0])\n'
        'upper_bound = "hundred-day-plan-ends"\n'
        'upper_bound_sentence = str(numbers[numbers["text"] == "100 day"]["sentence"].iloc[0])'
    ),
    # context(): resolution 2375 is the petroleum cap, and its note and 2371's point to same-page ¶6. A cap
    # set by the Security Council reads as the reason for the cut: C. The hedged conclusion is C. Fails on
    # the writer's reason.
    "petroleum": _set(contradicting_event="unsc-2375", writer_reason="C", best_conclusion="C"),
    "events_after_together": IN_SUMMER,
    # Of the summer's events, the missile test fits a "security priority". No output holds ¶7's second
    # sentence; readings() has the working title, taken from ¶7. C is the hedged option. Fails on the sentence.
    "silence": (
        'silent_event = "hwasong-14-test"\n'
        'priority_sentence = str(readings().set_index("id").loc["same-page", "title"])\n'
        'silence_shows = "C"'
    ),
    # context()'s notes give four verdicts away (the grace period's terms, the Kims before the war); the
    # figure and the snub are in no entry. timeline() has the coal cut-off of February, but its evidence
    # is the end of ¶12's sentence, not the whole. Fails on the sentence.
    "corroborate": _dict("verdicts", VERDICTS_RIGHT)
    + "\n"
    + (
        "events_in_text = timeline()\n"
        'corroborated_sentence = str(events_in_text[events_in_text["paragraph"] == 12]["evidence"].iloc[0])\n'
        'corroborating_event = "china-suspends-coal-imports"'
    ),
}

# A student who read only each reading's headline, standfirst, time stamps and first paragraph (same-page
# has only the working title and ¶1), knows the news of 2017 in general, and uses no helper, so never
# sees an id of context(). Test-wise. Under 40% of the points.
SKIMMER: dict[str, str] = {
    # The stamps are read; the outlet is not on the page they read; "last week" unread.
    "page_or_outside": _dict("shown_by", ["text", "neither", "neither", "text", "neither", "text", "text"]),
    "slips": _set(title_slip_sentence=_MET_IN_APRIL, together_slip="their", slips_show="B"),
    # Ids guessed from the news of the day.
    "date_bounds": _set(
        lower_bound="trump-xi-summit",
        lower_bound_sentence=_MET_IN_APRIL,
        upper_bound="grace-period-ends",
        upper_bound_sentence=_MET_IN_APRIL,
    ),
    # The UN's September cap, from the news, as an id they guess; the UN's reason for the writer's.
    "petroleum": _set(contradicting_event="unsc-resolution-2375", writer_reason="C", best_conclusion="C"),
    "events_after_together": "events_after_together = ['north-korea-icbm-test', 'g20-summit']",
    "silence": _set(silent_event="north-korea-icbm-test", priority_sentence=_MET_IN_APRIL, silence_shows="C"),
    "corroborate": _dict("verdicts", ["holds", "holds", "holds", "holds", "cannot be checked"])
    + "\n"
    + _set(corroborated_sentence=_TOGETHER_1, corroborating_event="china-coal-ban"),
}
