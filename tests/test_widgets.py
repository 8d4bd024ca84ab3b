"""The widgets: each one reacts to what a student does (type, slide, tick, pick, click) as promised.

No browser: we change a control's value the way the front end would, and
look at the HTML, the DataFrame and the matplotlib figure the widget made.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display in the test run

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from readinglab import compare_terms, kwic, mentions, quotes, timeline  # noqa: E402
from readinglab import context as readinglab_context  # noqa: E402
from readinglab.errors import (  # noqa: E402
    ArgumentTypeError,
    ArgumentValueError,
    UnknownQuestionError,
    UnknownReadingError,
)
from readinglab.selfcheck import question  # noqa: E402
from readinglab.widgets import (  # noqa: E402
    KwicExplorer,
    MentionsChart,
    QuoteBrowser,
    ReadingViewer,
    SelfCheck,
    TermComparison,
    Timeline,
)
from readinglab.words import stopwords  # noqa: E402

# The colour-blind-safe palette of Okabe & Ito (2008), as the team brief lists it.
OKABE_ITO_RGB = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}
ANSWER_KEY = yaml.safe_load(
    (Path(__file__).with_name("selfcheck_answers") / "00-start-here.yaml").read_text(encoding="utf-8")
)


def paragraph_label(number: int) -> str:
    """How ReadingViewer labels a body paragraph in its HTML."""
    return f'title="paragraph {number}"'


def marked(html_text: str) -> list[str]:
    """The text inside every <mark> of a widget's HTML."""
    return re.findall(r"<mark[^>]*>(.*?)</mark>", html_text)


def shown_text(html_text: str) -> str:
    """What a widget's HTML shows as text: its tags left out."""
    return re.sub(r"<[^>]+>", "", html_text)


def bar_colours(ax) -> set[str]:
    return {matplotlib.colors.to_hex(patch.get_facecolor()).lower() for patch in ax.patches}


def tick_labels(ax) -> list[str]:
    return [label.get_text().replace("\n", " ") for label in ax.get_yticklabels()]


# ---- loading ---------------------------------------------------------------


def _modules_loaded_by(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'matplotlib'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_readinglab_and_using_it_loads_neither_ipywidgets_nor_matplotlib():
    loaded = _modules_loaded_by(
        "import readinglab\nfrom readinglab import *\n"
        "kwic('THAAD'); mentions('together'); compare_terms('same-page', 'together'); timeline(); check('try-it', 'x')"
    )
    assert loaded == []


def test_widgets_load_ipywidgets_and_charts_load_matplotlib():
    # The control for the test above: the probe does see these modules once they are loaded.
    assert "ipywidgets" in _modules_loaded_by("import readinglab.widgets")
    assert "matplotlib" in _modules_loaded_by("from readinglab.widgets import Timeline\nTimeline()")


def test_every_widget_is_a_vbox_with_an_example_in_its_docstring():
    import ipywidgets

    for widget_class in (ReadingViewer, KwicExplorer, TermComparison, MentionsChart, QuoteBrowser, Timeline, SelfCheck):
        assert issubclass(widget_class, ipywidgets.VBox), widget_class
        assert ">>> " in (widget_class.__doc__ or ""), widget_class


# ---- ReadingViewer -----------------------------------------------------------


def test_reading_viewer_numbers_every_body_paragraph_and_hides_furniture_by_default():
    viewer = ReadingViewer("together")
    assert (
        paragraph_label(1) in viewer.html.value
        and paragraph_label(19) in viewer.html.value
        and paragraph_label(20) not in viewer.html.value
    )
    assert "Five reasons why the US cannot attack" not in viewer.html.value
    assert viewer.highlight_count == 0 and marked(viewer.html.value) == []


def test_typing_a_word_marks_every_match_and_counts_as_kwic_does():
    viewer = ReadingViewer("same-page")
    viewer.term_box.value = "THAAD"
    assert marked(viewer.html.value) == ["THAAD"]
    assert viewer.highlight_count == 1
    viewer.term_box.value = "missile"
    assert marked(viewer.html.value) == ["missile"] * len(kwic("missile", readings="same-page"))
    assert viewer.highlight_count == len(kwic("missile", readings="same-page")) == 3
    assert "3 matches" in viewer.summary.value


def test_typing_an_actor_name_marks_all_its_names_and_counts_as_mentions_does():
    viewer = ReadingViewer("together", term="China")
    names = set(marked(viewer.html.value))
    assert {"China", "Beijing", "Chinese government"} <= names
    china = mentions("together").set_index("actor").loc["China", "count"]
    assert viewer.highlight_count == china
    assert "Beijing" in viewer.summary.value  # says which names it looked for


def test_capital_US_is_the_country_but_lowercase_us_is_only_a_word():
    viewer = ReadingViewer("together", term="US")
    assert "Washington" in marked(viewer.html.value)
    viewer.term_box.value = "us"
    assert "Washington" not in marked(viewer.html.value)
    assert set(marked(viewer.html.value)) == {"US"}


def test_furniture_toggle_shows_related_headlines_greyed_out_in_their_place():
    viewer = ReadingViewer("together")
    viewer.furniture_toggle.value = True
    page = viewer.html.value
    headline = "Five reasons why the US cannot attack North Korea like it did Syria"
    assert headline in page
    # File line 50 stands between body paragraphs 17 and 18.
    assert page.index(paragraph_label(17)) < page.index(headline) < page.index(paragraph_label(18))
    furniture_paragraph = page[page.rindex("<p", 0, page.index(headline)) : page.index(headline)]
    assert "color:#767676" in furniture_paragraph and "page furniture" in furniture_paragraph
    viewer.furniture_toggle.value = False
    assert headline not in viewer.html.value


def test_furniture_toggle_is_disabled_for_a_reading_without_furniture():
    assert ReadingViewer("same-page").furniture_toggle.disabled
    assert not ReadingViewer("together").furniture_toggle.disabled


def test_side_by_side_shows_two_readings_in_two_columns():
    viewer = ReadingViewer("same-page", term="THAAD", side_by_side="together")
    page = viewer.html.value
    assert "display:flex" in page
    assert "Will North Korea crisis finally bring China and US together?" in page
    assert "The US and China are not on the same page on North Korea" in page
    assert page.count(paragraph_label(1)) == 2
    viewer.term_box.value = "Sun"  # only in together
    assert viewer.highlight_count == mentions("together").set_index("actor").loc["Sun Xingjie", "count"]


def test_reading_viewer_escapes_what_a_student_types():
    viewer = ReadingViewer("together")
    viewer.term_box.value = "<script>alert(1)</script>"
    assert "<script>" not in viewer.summary.value + viewer.html.value
    assert "&lt;script&gt;" in viewer.summary.value
    viewer.term_box.value = "<>"  # no words at all: a different message, escaped too
    assert "<>" not in viewer.summary.value and "&lt;&gt;" in viewer.summary.value


def test_reading_viewer_rejects_bad_arguments_with_readinglab_errors():
    with pytest.raises(UnknownReadingError):
        ReadingViewer("Together")
    with pytest.raises(ArgumentTypeError):
        ReadingViewer(7)
    with pytest.raises(ArgumentTypeError):
        ReadingViewer("together", term=5)
    with pytest.raises(ArgumentTypeError):
        ReadingViewer("together", show_furniture="yes")
    with pytest.raises(UnknownReadingError):
        ReadingViewer("together", side_by_side="samepage")
    with pytest.raises(ArgumentValueError):
        ReadingViewer("together", side_by_side="together")


# ---- KwicExplorer -------------------------------------------------------------


def test_kwic_explorer_starts_with_a_friendly_prompt_and_updates_as_one_types():
    explorer = KwicExplorer()
    assert explorer.term_box.continuous_update
    assert "Type a word" in explorer.summary.value and explorer.result.empty and explorer.table.value == ""
    explorer.term_box.value = "THAAD"
    assert "1 match " in explorer.summary.value
    assert "<mark><strong>THAAD</strong></mark>" in explorer.table.value
    assert "remove its" in explorer.table.value and "same-page" in explorer.table.value
    pd.testing.assert_frame_equal(explorer.result, kwic("THAAD"))


def test_picking_readings_and_moving_the_window_box_change_the_table():
    explorer = KwicExplorer("Beijing")
    assert set(explorer.result["reading"]) == {"together"}
    explorer.term_box.value = "Korea"
    both = len(explorer.result)
    explorer.readings_picker.value = ("same-page",)
    assert set(explorer.result["reading"]) == {"same-page"}
    assert 0 < len(explorer.result) < both
    assert f"{len(explorer.result)} matches" in explorer.summary.value
    explorer.term_box.value = "THAAD"
    explorer.window_box.value = 2
    assert explorer.result.loc[0, "left"] == "remove its"
    assert explorer.result.loc[0, "right"] == "missile battery"
    assert "missile battery" in explorer.table.value and "currently deployed" not in explorer.table.value


def test_kwic_explorer_says_so_when_nothing_matches():
    explorer = KwicExplorer("zebra")
    assert "No matches" in explorer.summary.value
    assert explorer.result.empty and explorer.table.value == ""


def test_kwic_explorer_shows_bad_input_as_a_message_not_a_traceback():
    explorer = KwicExplorer()
    explorer.term_box.value = "!!!"
    assert "⚠️" in explorer.summary.value and "no words" in explorer.summary.value
    assert explorer.result.empty
    explorer.term_box.value = "THAAD"
    explorer.readings_picker.value = ()
    assert "Pick at least one reading" in explorer.summary.value and explorer.result.empty


def test_kwic_explorer_escapes_what_a_student_types():
    explorer = KwicExplorer()
    explorer.term_box.value = "<img src=x onerror=alert(1)>"
    assert "<img" not in explorer.summary.value + explorer.table.value


def test_kwic_explorer_rejects_bad_arguments_with_readinglab_errors():
    with pytest.raises(UnknownReadingError):
        KwicExplorer("THAAD", readings="nope")
    with pytest.raises(ArgumentTypeError):
        KwicExplorer(3)
    with pytest.raises(ArgumentValueError):
        KwicExplorer("THAAD", window=-1)


# ---- TermComparison -------------------------------------------------------------


def test_term_comparison_draws_one_panel_per_reading_with_the_distinctive_words():
    chart = TermComparison("same-page", "together", top=3)
    left, right = chart.figure.axes
    assert tick_labels(left) == chart.result.query("distinctive_of == 'same-page'")["word"].tolist()
    assert tick_labels(right) == chart.result.query("distinctive_of == 'together'")["word"].tolist()
    assert "same-page" in left.get_title() and "together" in right.get_title()
    assert left.get_xlabel() and chart.figure.get_suptitle()
    assert bar_colours(left) <= OKABE_ITO_RGB and bar_colours(right) <= OKABE_ITO_RGB
    assert bar_colours(left) != bar_colours(right)
    pd.testing.assert_frame_equal(chart.result, compare_terms("same-page", "together", top=3))


def test_moving_the_top_box_changes_the_bars_and_labels():
    chart = TermComparison("same-page", "together", top=3)
    old_image, old_figure = chart.image.value, chart.figure
    chart.top_box.value = 6
    left, right = chart.figure.axes
    assert len(left.patches) == 6 and len(right.patches) == 6
    assert len(chart.result) == 12
    assert tick_labels(left) == chart.result.query("distinctive_of == 'same-page'")["word"].tolist()
    assert chart.figure is not old_figure and chart.image.value != old_image


def test_unticking_stopwords_brings_common_words_back():
    chart = TermComparison("same-page", "together", top=20)
    assert not set(chart.result["word"]) & stopwords()
    chart.stopwords_toggle.value = False
    assert set(chart.result["word"]) & stopwords()
    assert "all words" in chart.figure.get_suptitle()


def test_redrawing_charts_leaves_no_pyplot_figures_behind():
    before = plt.get_fignums()
    chart = TermComparison("same-page", "together")
    for top in (2, 5, 9, 4):
        chart.top_box.value = top
    mentions_chart = MentionsChart()
    for kind in ("person", "country", "all"):
        mentions_chart.kind_picker.value = kind
    Timeline()
    assert plt.get_fignums() == before


def test_the_same_chart_is_drawn_the_same_way_every_time():
    assert TermComparison("same-page", "together").image.value == TermComparison("same-page", "together").image.value
    assert Timeline().image.value == Timeline().image.value


def test_term_comparison_rejects_bad_arguments_with_readinglab_errors():
    with pytest.raises(ArgumentValueError):
        TermComparison("together", "together")
    with pytest.raises(UnknownReadingError):
        TermComparison("same-page", "Together")
    with pytest.raises(ArgumentValueError):
        TermComparison("same-page", "together", top=0)
    with pytest.raises(ArgumentTypeError):
        TermComparison("same-page", "together", drop_stopwords="no")


# ---- MentionsChart ----------------------------------------------------------------


def test_mentions_chart_result_is_tidy_and_agrees_with_mentions():
    chart = MentionsChart()
    assert list(chart.result.columns) == ["reading", "actor", "kind", "count"]
    for reading_id in ("same-page", "together"):
        own = chart.result[chart.result["reading"] == reading_id]
        expected = mentions(reading_id)
        assert dict(zip(own["actor"], own["count"])) == dict(zip(expected["actor"], expected["count"]))


def test_mentions_chart_draws_grouped_bars_one_colour_per_reading():
    chart = MentionsChart()
    ax = chart.figure.axes[0]
    actors = tick_labels(ax)
    assert set(actors) == set(chart.result["actor"])
    assert actors[:3] == ["China", "North Korea", "United States"]  # most mentioned first
    assert len(ax.patches) == 2 * len(actors)
    assert len(bar_colours(ax)) == 2 and bar_colours(ax) <= OKABE_ITO_RGB
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert any("same-page" in entry for entry in legend) and any("together" in entry for entry in legend)
    assert ax.get_title(loc="left") and ax.get_xlabel()


def test_picking_a_kind_of_actor_keeps_only_that_kind():
    chart = MentionsChart()
    chart.kind_picker.value = "person"
    assert set(chart.result["kind"]) == {"person"}
    actors = tick_labels(chart.figure.axes[0])
    assert "Sun Xingjie" in actors and "China" not in actors
    assert "people" in chart.figure.axes[0].get_title(loc="left")
    chart.kind_picker.value = "all"
    assert "China" in tick_labels(chart.figure.axes[0])


def test_mentions_chart_of_one_reading_has_one_colour():
    chart = MentionsChart(readings="same-page")
    assert set(chart.result["reading"]) == {"same-page"}
    assert len(bar_colours(chart.figure.axes[0])) == 1


def test_mentions_chart_rejects_bad_arguments_with_readinglab_errors():
    with pytest.raises(UnknownReadingError):
        MentionsChart(readings=["together", "nope"])
    with pytest.raises(ArgumentTypeError):
        MentionsChart(readings=5)


# ---- QuoteBrowser ---------------------------------------------------------------------


def test_quote_browser_starts_with_every_quotation():
    browser = QuoteBrowser()
    assert browser.speaker_picker.options[0] == "All speakers"
    assert browser.reading_picker.options[0] == "All readings"
    assert len(browser.result) == len(quotes("same-page")) + len(quotes("together"))
    for column in ("Speaker", "Role", "Reading", "¶", "Kind", "Attribution"):
        assert f">{column}</th>" in browser.table.value


def test_quote_browser_marks_the_speakers_the_text_does_not_name_as_inferred():
    browser = QuoteBrowser()
    browser.speaker_picker.value = "Li Kaisheng"
    assert browser.result["attribution"].tolist() == ["stated", "inferred"]
    assert "<em>inferred</em>" in browser.table.value
    assert "paragraph names no speaker" in browser.summary.value
    browser.speaker_picker.value = "Huang Jing"
    assert set(browser.result["attribution"]) == {"stated"}
    assert "names no speaker" not in browser.summary.value and "<em>inferred</em>" not in browser.table.value


def test_picking_a_speaker_shows_their_quotations_and_only_those():
    browser = QuoteBrowser()
    browser.speaker_picker.value = "Sun Xingjie"
    assert set(browser.result["speaker"]) == {"Sun Xingjie"}
    assert len(browser.result) == (quotes("together")["speaker"] == "Sun Xingjie").sum()
    assert "very tense" in browser.table.value and "Korean affairs expert" in browser.table.value
    for other in ("Washington clearly saw benefits", "searching in the dark", "Both nations", "tragic"):
        assert other not in browser.table.value
    assert f"{len(browser.result)} quotations of Sun Xingjie" in browser.summary.value


def test_picking_a_reading_shows_only_its_quotations():
    browser = QuoteBrowser()
    browser.reading_picker.value = "same-page"
    assert set(browser.result["speaker"]) == {"Rex Tillerson", "United States"}
    assert "number of criminal enterprises" in browser.table.value and "very tense" not in browser.table.value


def test_a_speaker_not_quoted_in_the_picked_reading_gets_a_message():
    browser = QuoteBrowser()
    browser.speaker_picker.value = "Huang Jing"
    browser.reading_picker.value = "same-page"
    assert browser.result.empty and browser.table.value == ""
    assert "No quotations of Huang Jing in same-page" in browser.summary.value


# ---- Timeline -------------------------------------------------------------------------


def test_timeline_labels_every_event_with_its_reading_and_paragraph():
    chart = Timeline()
    pd.testing.assert_frame_equal(chart.result, timeline())
    ax = chart.figure.axes[0]
    labels = tick_labels(ax)
    assert len(labels) == len(chart.result)
    for label, event in zip(labels, chart.result.itertuples()):
        assert event.event in label and f"{event.reading} ¶{event.paragraph}" in label
    assert ax.get_title(loc="left") and ax.get_xlabel()


def test_timeline_draws_month_and_year_dates_as_spans_with_hollow_markers():
    chart = Timeline()
    ax = chart.figure.axes[0]
    vague = chart.result[chart.result["precision"].isin(["month", "year"])]
    spans = [patch for patch in ax.patches if patch.get_gid() == "event-period"]
    assert len(spans) == len(vague)
    widths = sorted(round(patch.get_width()) for patch in spans)
    assert widths[-1] >= 365 and widths[0] >= 28  # a whole year, a whole month
    hollow = [
        line
        for line in ax.lines
        if line.get_marker() not in ("None", None, "") and line.get_markerfacecolor() == "white"
    ]
    assert len(hollow) == len(vague)
    legend = " ".join(text.get_text() for text in chart.figure.legends[0].get_texts())
    assert "only the month or year" in legend


def test_timeline_gives_each_reading_its_own_marker_and_colour():
    chart = Timeline()
    ax = chart.figure.axes[0]
    style = {}
    for line in ax.lines:
        if line.get_marker() not in ("None", None, ""):
            style.setdefault(line.get_marker(), set()).add(matplotlib.colors.to_hex(line.get_markeredgecolor()).lower())
    assert len(style) == 2 and all(len(colours) == 1 for colours in style.values())
    assert set().union(*style.values()) <= OKABE_ITO_RGB
    texts = [text.get_text() for text in ax.texts]
    assert any("together published 1 May 2017" in text for text in texts)
    assert any("same-page published Jul 2017 (inferred)" in text for text in texts)


def test_timeline_leaves_outside_evidence_out_unless_asked():
    chart = Timeline()
    assert "origin" not in chart.result.columns
    legend = " ".join(text.get_text() for text in chart.figure.legends[0].get_texts())
    assert "Outside evidence" not in legend and "outside evidence" not in chart.caption.value


def test_timeline_with_context_marks_outside_events_by_shape_label_and_legend_not_colour_alone():
    chart = Timeline(context=True)
    table = chart.result
    outside = table[table["origin"] == "outside evidence"]
    assert set(table["origin"]) == {"in the reading", "outside evidence"}
    assert {"mar-a-lago-summit", "unsc-2375"} <= set(outside["context_id"])
    assert table["start"].is_monotonic_increasing
    # The readings' own events are all still there, unchanged.
    inside = table[table["origin"] == "in the reading"].drop(columns=["origin", "context_id"]).reset_index(drop=True)
    inside["paragraph"] = inside["paragraph"].astype("int64")
    pd.testing.assert_frame_equal(inside, timeline(), check_dtype=False)
    ax = chart.figure.axes[0]
    labels = tick_labels(ax)
    assert len(labels) == len(table)
    for label, row in zip(labels, table.itertuples()):
        assert ("outside evidence: context:" in label) == (row.origin == "outside evidence")
    shapes = {}
    for line in ax.lines:
        if line.get_marker() not in ("None", None, ""):
            shapes.setdefault(line.get_marker(), set()).add(
                matplotlib.colors.to_hex(line.get_markeredgecolor()).lower()
            )
    assert len(shapes) == 3, "one shape per reading and one for outside evidence"
    assert "h" in shapes and shapes["h"].isdisjoint(set().union(*(c for m, c in shapes.items() if m != "h")))
    assert set().union(*shapes.values()) <= OKABE_ITO_RGB
    assert sum(1 for line in ax.lines if line.get_marker() == "h") == len(outside)
    legend = " ".join(text.get_text() for text in chart.figure.legends[0].get_texts())
    assert "Outside evidence (context.yaml): not in either text" in legend
    assert f"{len(outside)} of them are outside evidence" in chart.caption.value


def test_timeline_draws_only_outside_events_of_the_readings_years_and_says_how_many_are_left_out():
    chart = Timeline(context=True)
    outside = chart.result[chart.result["origin"] == "outside evidence"]
    assert set(outside["start"].dt.year) <= {2016, 2017}
    assert "kim-family-rule" not in set(outside["context_id"])
    everything = len(readinglab_context())
    assert chart.left_out == everything - len(outside) > 0
    assert f"{chart.left_out} outside events from other years are not drawn" in chart.caption.value


def test_timeline_rejects_a_context_that_is_not_true_or_false():
    with pytest.raises(ArgumentTypeError, match="`context` must be True"):
        Timeline(context="yes")


# ---- SelfCheck ----------------------------------------------------------------------------


def test_self_check_shows_the_question_and_no_feedback_yet():
    box = SelfCheck("try-it")
    assert "A practice check" in box.question_text.value and question("try-it").split(":")[0] in box.question_text.value
    assert shown_text(box.feedback.value) == "" and box.result is None


@pytest.mark.parametrize("answer", ANSWER_KEY["try-it"]["wrong"])
def test_a_wrong_answer_gets_a_hint_and_never_the_answer(answer):
    box = SelfCheck("try-it")
    box.answer_box.value = answer
    box.check_button.click()
    assert "Not quite" in box.feedback.value and "Hint:" in box.feedback.value
    assert not box.result
    for right in ANSWER_KEY["try-it"]["right"]:
        assert not re.search(rf"\b{re.escape(right)}\b", box.feedback.value, flags=re.IGNORECASE)


@pytest.mark.parametrize("answer", ANSWER_KEY["try-it"]["right"])
def test_a_right_answer_shows_correct(answer):
    box = SelfCheck("try-it")
    box.answer_box.value = answer
    box.check_button.click()
    assert "Correct!" in box.feedback.value and box.result


def test_after_the_first_check_the_verdict_follows_the_answer_and_a_blank_answer_clears_it():
    box = SelfCheck("try-it")
    box.answer_box.value = "steady"
    assert shown_text(box.feedback.value) == "" and box.result is None  # nothing is checked before the first Check
    assert not box.submit()
    assert "Not quite" in box.feedback.value
    box.answer_box.value = "ready"
    assert "Correct!" in box.feedback.value and box.result
    box.answer_box.value = "ready or not"
    assert "Not quite" in box.feedback.value and not box.result
    box.answer_box.value = ""
    assert shown_text(box.feedback.value) == "" and box.result is None
    box.check_button.click()
    assert "Type an answer first" in box.feedback.value


def test_a_check_click_that_overtakes_the_last_answer_typed_still_ends_on_that_answers_verdict():
    # In the browser, ipywidgets may hold back a value update while an earlier one is unacknowledged,
    # so the kernel can see the click first, with the old answer, and the new answer after it.
    box = SelfCheck("try-it")
    box.check_button.click()  # the click arrives while the box still holds the old (empty) answer
    assert "Type an answer first" in box.feedback.value
    box.answer_box.value = "ready"  # then the answer the student typed before clicking
    assert "Correct!" in box.feedback.value and box.result


def test_self_check_rejects_an_unknown_question_when_it_is_made():
    with pytest.raises(UnknownQuestionError):
        SelfCheck("try-itt")
    with pytest.raises(ArgumentTypeError):
        SelfCheck(1)


# ---- a reading added later ---------------------------------------------------------------


def test_widgets_take_in_a_reading_added_to_the_catalog(corpus_with_made_up):
    viewer = ReadingViewer("made-up", term="Japan", show_furniture=True)
    page = viewer.html.value
    assert (
        page.index(paragraph_label(1))
        < page.index("an unrelated headline about Syria")
        < page.index(paragraph_label(2))
    )
    assert viewer.highlight_count == 1  # "Japan’s" in ¶2; the headline is not body text
    assert "made-up" in KwicExplorer("talks").readings_picker.options
    assert set(MentionsChart().result["reading"]) == {"same-page", "together", "made-up"}
    assert len(bar_colours(MentionsChart().figure.axes[0])) == 3
    browser = QuoteBrowser()
    browser.reading_picker.value = "made-up"
    assert browser.result["speaker"].tolist() == ["Jang Song Chol"]
    texts = [text.get_text() for text in Timeline().figure.axes[0].texts]
    assert any("made-up published 2 Jun 2017" in text for text in texts)


def test_every_widget_reads_the_corpus_it_is_given(texts_copy):
    """A widget given a corpus reads that one, not the current corpus (which stays the course's)."""
    from readinglab import Corpus

    from .conftest import add_made_up_reading

    add_made_up_reading(texts_copy)
    other = Corpus(texts_copy)
    assert ReadingViewer("made-up", term="Japan", corpus=other).highlight_count == 1
    assert "made-up" in KwicExplorer("talks", corpus=other).readings_picker.options
    assert set(MentionsChart(corpus=other).result["reading"]) == {"same-page", "together", "made-up"}
    browser = QuoteBrowser(corpus=other)
    browser.reading_picker.value = "made-up"
    assert browser.result["speaker"].tolist() == ["Jang Song Chol"]
    assert "made-up" in set(Timeline(corpus=other).result["reading"])
    assert "made-up" in TermComparison("made-up", "together", corpus=other).result["distinctive_of"].tolist()
    assert "made-up" not in KwicExplorer("talks").readings_picker.options  # the current corpus is untouched
    with pytest.raises(ArgumentTypeError, match="`corpus` must be a Corpus"):
        KwicExplorer("talks", corpus=str(texts_copy))


# ---- accessibility (the browser checks are in tests/browser/test_accessibility.py) --------------


def chart_alt(chart) -> str:
    """The text alternative of a chart widget's image, as a screen reader gets it."""
    found = re.fullmatch(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"[^>]*>', chart.image.value)
    assert found, f"the chart is not an <img> with alt text: {chart.image.value[:200]}"
    return html.unescape(found.group(1))


def numbers_rows(chart) -> int:
    """How many rows the table of numbers behind a chart has (folded in a <details> under it)."""
    details = re.search(r"<details.*?</details>", chart.caption.value, flags=re.DOTALL)
    assert details, "the numbers behind the chart are not under it"
    return details.group(0).count("<tr>") - 1  # the header row


def test_each_chart_says_its_finding_in_alt_text_and_holds_its_numbers_in_a_table():
    terms = TermComparison("same-page", "together", top=3)
    strongest = terms.result.sort_values("log_likelihood", ascending=False).iloc[0]
    assert f"“{strongest['word']}”" in chart_alt(terms) and "most typical of" in chart_alt(terms).lower()
    assert numbers_rows(terms) == len(terms.result)

    chart = MentionsChart()
    top = chart.result[chart.result["reading"] == "same-page"].iloc[0]
    assert f"same-page mentions {top['actor']} {top['count']} times" in chart_alt(chart)
    assert numbers_rows(chart) == len(chart.result)
    chart.kind_picker.value = "person"
    assert "(people only)" in chart_alt(chart) and numbers_rows(chart) == len(chart.result)

    timeline = Timeline(context=True)
    assert f"Timeline of {len(timeline.result)} dated events" in chart_alt(timeline)
    assert "together was published 1 May 2017" in chart_alt(timeline)
    assert numbers_rows(timeline) == len(timeline.result)


def test_results_that_follow_an_action_sit_in_a_live_region():
    def announced(html_text: str) -> str:
        found = re.fullmatch(r'<div role="status" aria-live="polite">(.*)</div>', html_text, flags=re.DOTALL)
        assert found, f"not a live region: {html_text[:200]}"
        return shown_text(found.group(1))

    box = SelfCheck("try-it")
    assert announced(box.feedback.value) == ""  # there before the first verdict, so the first one is announced
    box.answer_box.value = "steady"
    box.check_button.click()
    assert "Not quite" in announced(box.feedback.value)

    explorer = KwicExplorer()
    explorer.term_box.value = "THAAD"
    assert announced(explorer.summary.value).startswith("1 match for “THAAD”")

    viewer = ReadingViewer("together")
    viewer.term_box.value = "China"
    assert f"{viewer.highlight_count} mentions" in announced(viewer.summary.value)


def test_every_control_has_a_label_and_highlights_are_not_colour_alone():
    labelled = [
        SelfCheck("try-it").answer_box,
        *(lambda e: (e.term_box, e.readings_picker, e.window_box))(KwicExplorer()),
        *(lambda t: (t.top_box, t.stopwords_toggle))(TermComparison("same-page", "together")),
        ReadingViewer("together").term_box,
        MentionsChart().kind_picker,
        QuoteBrowser().speaker_picker,
    ]
    assert all(control.description.strip() for control in labelled)
    mark = re.search(r"<mark[^>]*>", ReadingViewer("together", term="China").html.value).group(0)
    assert "font-weight:bold" in mark and "text-decoration:underline" in mark
    assert "<mark><strong>" in KwicExplorer("THAAD").table.value


def test_the_readings_bars_differ_by_pattern_as_well_as_colour():
    ax = MentionsChart().figure.axes[0]
    by_colour = {}
    for patch in ax.patches:
        by_colour.setdefault(matplotlib.colors.to_hex(patch.get_facecolor()), set()).add(patch.get_hatch() or "")
    assert len(by_colour) == 2 and all(len(hatches) == 1 for hatches in by_colour.values())
    assert len(set().union(*by_colour.values())) == 2, f"the two readings' bars share a pattern: {by_colour}"
