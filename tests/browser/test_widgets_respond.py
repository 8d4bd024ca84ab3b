"""Each kind of widget answers a person in a real browser: typing, picking, sliding and clicking change what it shows.

Each test writes a small notebook that displays one widget, runs it in
JupyterLab and acts on the widget as a student would. What the widget should
show is computed here with readinglab itself, so the tests follow the readings.
"""

from __future__ import annotations

import re
import sys

import pandas as pd
from playwright.sync_api import expect

import readinglab
from readinglab.widgets import ReadingViewer

from .conftest import save_screenshot
from .jupyterlab import (
    open_notebook,
    run_all,
    show_in_scratch_notebook,
    wait_until_kernel_idle,
    write_scratch_notebook,
)

RESPONSE_TIMEOUT = 20_000  # ms from the person's action to the widget's new content


def test_kernel_runs_the_venv_python_on_the_copied_readings(lab_page, lab):
    """The lessons' kernel is this venv's Python, and reads the readings from the server's copy, not the repository."""
    page = lab_page
    open_notebook(
        page,
        lab,
        write_scratch_notebook(
            lab,
            "kernel-environment",
            "import sys\nfrom readinglab.corpus import default_texts_folder\n"
            "print('python:', sys.prefix)\nprint('texts:', default_texts_folder())",
        ),
    )
    cells = run_all(page)
    assert [output["type"] for output in cells[0]["outputs"]] == ["stream"]
    printed = page.locator(".jp-OutputArea-output").first.inner_text()
    assert f"python: {sys.prefix}" in printed
    assert f"texts: {lab.root / 'source_texts'}" in printed


def test_kwic_explorer_shows_the_concordance_line_for_a_typed_word(lab_page, lab):
    page = lab_page
    root = show_in_scratch_notebook(page, lab, "kwic", "from readinglab.widgets import KwicExplorer\nKwicExplorer()")
    expect(root.locator("table")).to_have_count(0)  # nothing typed yet, so no concordance

    root.locator(".widget-text input").first.press_sequentially("THAAD")

    line = readinglab.kwic("THAAD").iloc[0]
    row = root.locator("table tbody tr")
    expect(row).to_have_count(1, timeout=RESPONSE_TIMEOUT)
    cells = row.locator("td")
    expect(cells).to_have_text([line.reading, str(line.paragraph), line.left, line.keyword, line.right])
    expect(root.locator("mark")).to_have_text(["THAAD"])
    save_screenshot(page, "widget-kwic-explorer", element=root)


def test_reading_viewer_highlights_every_name_of_a_typed_actor(lab_page, lab):
    page = lab_page
    root = show_in_scratch_notebook(
        page, lab, "viewer", "from readinglab.widgets import ReadingViewer\nReadingViewer('together')"
    )
    expect(root.locator("mark")).to_have_count(0)

    root.locator(".widget-text input").first.press_sequentially("Beijing")

    expected = ReadingViewer("together", term="Beijing").highlight_count
    assert expected > 1, "Beijing names China; China is mentioned in together under several names"
    marks = root.locator("mark")
    expect(marks).to_have_count(expected, timeout=RESPONSE_TIMEOUT)
    marked_names = set(marks.all_inner_texts())
    assert {"Beijing", "China"} <= marked_names, (
        f"every name of China is marked, not just the typed one: {marked_names}"
    )
    save_screenshot(page, "widget-reading-viewer", element=root)


def test_term_comparison_redraws_the_chart_when_the_number_of_words_changes(lab_page, lab):
    page = lab_page
    root = show_in_scratch_notebook(
        page,
        lab,
        "terms",
        "from readinglab.widgets import TermComparison\nTermComparison('same-page', 'together', top=5)",
    )
    chart = root.locator("img")
    expect(chart).to_have_count(1)
    before = chart.get_attribute("src")
    number = root.get_by_role("spinbutton", name="Words per reading:")
    expect(number).to_have_value("5")

    number.fill("8")
    number.press("Enter")

    expect(chart).not_to_have_attribute("src", before, timeout=RESPONSE_TIMEOUT)
    # The caption lists the words the chart shows: more of them now.
    words = readinglab.compare_terms("same-page", "together", top=8)["word"]
    expect(root.locator(".widget-html").last).to_contain_text(words.iloc[-1], timeout=RESPONSE_TIMEOUT)
    save_screenshot(page, "widget-term-comparison", element=root)


def test_quote_browser_shows_only_the_picked_speakers_quotations(lab_page, lab):
    page = lab_page
    root = show_in_scratch_notebook(page, lab, "quotes", "from readinglab.widgets import QuoteBrowser\nQuoteBrowser()")
    everyone = pd.concat([readinglab.quotes(reading_id) for reading_id in ("same-page", "together")])
    speaker = "Sun Xingjie"
    wanted = everyone[everyone["speaker"] == speaker]
    assert 0 < len(wanted) < len(everyone)
    rows = root.locator("table tbody tr")
    expect(rows).to_have_count(len(everyone))

    root.locator(".widget-dropdown select").first.select_option(label=speaker)

    expect(rows).to_have_count(len(wanted), timeout=RESPONSE_TIMEOUT)
    expect(rows.locator("td:first-child")).to_have_text([speaker] * len(wanted))
    shown = rows.locator("td:nth-child(3)").all_inner_texts()
    for quote in wanted["quote"]:
        assert any(quote in text for text in shown), f"{speaker}'s quotation is missing: {quote!r}"
    save_screenshot(page, "widget-quote-browser", element=root)


def test_self_check_gives_a_hint_for_a_wrong_answer_and_says_correct_for_the_right_one(lab_page, lab):
    page = lab_page
    root = show_in_scratch_notebook(
        page, lab, "selfcheck", "from readinglab.widgets import SelfCheck\nSelfCheck('try-it')"
    )
    answer_box = root.locator(".widget-text input")
    check_button = root.get_by_role("button", name="Check")
    feedback = root.locator(".widget-html").last

    # The answer box sends its value when it loses focus (as the Check click does) or on Enter, so the
    # click cannot overtake the typing; we still wait for idle so each step starts from a quiet kernel.
    answer_box.fill("steady")
    wait_until_kernel_idle(page)
    check_button.click()
    wrong = readinglab.check("try-it", "steady")
    assert not wrong
    expect(feedback).to_have_text(wrong.message, timeout=RESPONSE_TIMEOUT)
    expect(feedback).to_contain_text("Hint")
    save_screenshot(page, "widget-self-check-hint", element=root)

    answer_box.fill("")
    answer_box.press("Enter")
    expect(feedback).to_have_text("", timeout=RESPONSE_TIMEOUT)  # a blank answer clears the verdict
    wait_until_kernel_idle(page)
    answer_box.fill("ready")
    wait_until_kernel_idle(page)
    check_button.click()
    right = readinglab.check("try-it", "ready")
    assert right
    expect(feedback).to_have_text(right.message, timeout=RESPONSE_TIMEOUT)
    expect(feedback).to_contain_text(re.compile("Correct"))
    save_screenshot(page, "widget-self-check-correct", element=root)
