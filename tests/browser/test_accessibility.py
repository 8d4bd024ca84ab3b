"""WCAG 2.1 AA in a real browser (issue 15): axe-core, the accessibility tree, and keyboard-only use.

Every widget is shown in JupyterLab in headless Chromium and checked as it renders: axe-core finds no
WCAG 2.0/2.1 A or AA violation in our content, each control has an accessible name, results land in a
live region. Three tasks are done with the keyboard alone (answer a self-check, search the concordance,
change the term comparison), with the focus visible at every stop and moving in reading order.

Each check is also run on a deliberately broken widget, and must report its fault: a check that could
not fail would prove nothing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

import readinglab
from readinglab.widgets import MentionsChart, ReadingViewer, TermComparison, Timeline

from .accessibility import (
    MARKDOWN,
    OUTPUTS,
    KeyboardWalk,
    axe_violations,
    describe,
    headings_out_of_order,
    tables_without_headers,
    unnamed_controls,
    vague_links,
)
from .conftest import save_screenshot
from .jupyterlab import (
    open_notebook,
    run_all,
    show_in_scratch_notebook,
    wait_until_kernel_idle,
    wait_until_widgets_rendered,
    widget_failures,
    widget_roots,
    write_scratch_notebook,
)
from .lab_server import REPO

RESPONSE_TIMEOUT = 20_000  # ms from a key press to the widget's new content

# Every widget, each in a cell of its own, showing results (so tables, highlights and charts are checked too).
EVERY_WIDGET = {
    "SelfCheck": "SelfCheck('try-it')",
    "KwicExplorer": "KwicExplorer('THAAD')",
    "ReadingViewer": "ReadingViewer('together', term='China', show_furniture=True)",
    "TermComparison": "TermComparison('same-page', 'together', top=5)",
    "MentionsChart": "MentionsChart()",
    "QuoteBrowser": "QuoteBrowser()",
    "Timeline": "Timeline(context=True)",
}
# What each widget's controls are called in the accessibility tree (role, name).
NAMED_CONTROLS = {
    "SelfCheck": [("textbox", "Your answer:"), ("button", "Check")],
    "KwicExplorer": [("textbox", "Word or phrase:"), ("listbox", "Readings:"), ("spinbutton", "Words either side:")],
    "ReadingViewer": [("textbox", "Highlight:"), ("checkbox", "Show page furniture")],
    "TermComparison": [("spinbutton", "Words per reading:"), ("checkbox", "Leave out common words")],
    "MentionsChart": [("combobox", "Show:")],
    "QuoteBrowser": [("combobox", "Speaker:"), ("combobox", "Reading:")],
    "Timeline": [],
}
# What each chart's text alternative must say: its finding, not "a chart".
CHART_FINDINGS = {
    "TermComparison": lambda: TermComparison("same-page", "together", top=5)._alt_text(),
    "MentionsChart": lambda: MentionsChart()._alt_text(),
    "Timeline": lambda: Timeline(context=True)._alt_text(),
}
# A widget that breaks every rule the checks stand for, one fault each.
BROKEN_WIDGETS = (
    "import ipywidgets as widgets\n"
    "import matplotlib.pyplot as plt\n"
    "fig, ax = plt.subplots(figsize=(3, 2))\n"
    "ax.bar(['a', 'b'], [1, 2])\n"
    "plt.show()  # a plot with no text alternative",
    "# Controls with no label. (ipywidgets gives an empty Text a zero-width-space placeholder, which axe\n"
    "# takes for a name: the accessibility-tree check catches it.)\n"
    "unlabelled = widgets.Text()\n"
    "unlabelled_choice = widgets.Dropdown(options=['a', 'b'])\n"
    "unnamed_slider = widgets.IntSlider()  # ipywidgets' slider: its handle has no name\n"
    "verdict = widgets.HTML('<p>Correct!</p>')  # a result outside any live region\n"
    "invisible_focus = widgets.HTML('<button style=\"outline:none;box-shadow:none;border:1px solid #000;"
    "background:#fff;color:#000\">Go</button>')  # focus leaves no trace\n"
    "# Shown right to left: the keyboard (DOM) order is the reverse of the visual order.\n"
    "first, second = widgets.Button(description='First'), widgets.Button(description='Second')\n"
    "backwards = widgets.HBox([second, first], layout=widgets.Layout(flex_flow='row-reverse', width='300px'))\n"
    "widgets.VBox([unlabelled, unlabelled_choice, unnamed_slider, verdict, invisible_focus, backwards])",
)


def _show_notebook(browser, lab, name: str, cells: list[str]):
    """A page (in a context of its own) showing a scratch notebook with ``cells``, run, every widget rendered."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    open_notebook(page, lab, write_scratch_notebook(lab, name, *cells))
    cells_run = run_all(page)
    errors = [output for cell in cells_run for output in cell["outputs"] if output["type"] == "error"]
    assert not errors, f"the scratch notebook raised: {errors}"
    wait_until_widgets_rendered(page)
    assert not widget_failures(page), widget_failures(page)
    return page


@pytest.fixture(scope="module")
def every_widget(chromium_browser, lab):
    """One page showing every widget, one per cell; the tests that only look share it."""
    cells = [f"from readinglab.widgets import *\n{code}" for code in EVERY_WIDGET.values()]
    page = _show_notebook(chromium_browser, lab, "every-widget", cells)
    roots = widget_roots(page)
    expect(roots).to_have_count(len(EVERY_WIDGET))
    yield page, dict(zip(EVERY_WIDGET, (roots.nth(index) for index in range(len(EVERY_WIDGET)))))
    page.context.close()
    lab.shut_down_kernels()


@pytest.fixture(scope="module")
def broken_widget(chromium_browser, lab):
    page = _show_notebook(chromium_browser, lab, "broken-widget", list(BROKEN_WIDGETS))
    yield page, widget_roots(page).last
    page.context.close()
    lab.shut_down_kernels()


# ---- axe-core ---------------------------------------------------------------------------------


def test_axe_finds_no_wcag_a_or_aa_violation_in_any_widget(every_widget):
    page, roots = every_widget
    for root in roots.values():  # the charts' tables of numbers are checked open too
        for summary in root.locator("summary").all():
            summary.click()
    violations = axe_violations(page, OUTPUTS)
    assert not violations, "axe-core finds WCAG A/AA violations in the widgets:\n" + describe(violations)
    save_screenshot(page, "accessibility-every-widget")


def test_axe_reports_the_broken_widget_s_unlabelled_control_and_plot_without_alt_text(broken_widget):
    page, _ = broken_widget
    found = {violation["id"]: violation for violation in axe_violations(page, OUTPUTS)}
    assert "select-name" in found, "axe must report the drop-down without a label"
    assert "aria-input-field-name" in found, "axe must report the slider without a name"
    assert "image-alt" in found, "axe must report the plot without alt text"
    assert any("<img" in node["html"] for node in found["image-alt"]["nodes"])


# ---- the accessibility tree -----------------------------------------------------------------


@pytest.mark.parametrize("widget", list(EVERY_WIDGET))
def test_the_accessibility_tree_names_every_control_of_the_widget(every_widget, widget):
    _, roots = every_widget
    root = roots[widget]
    snapshot = root.aria_snapshot()
    assert not unnamed_controls(snapshot), f"{widget}: controls without a name:\n{snapshot}"
    for role, name in NAMED_CONTROLS[widget]:
        expect(root.get_by_role(role, name=re.compile(re.escape(name)))).to_have_count(1)
    if widget in CHART_FINDINGS:
        alt = CHART_FINDINGS[widget]()
        expect(root.get_by_role("img")).to_have_accessible_name(alt)
        expect(root.locator("details table")).to_have_count(1)  # the numbers behind it, as a table


def test_the_accessibility_tree_shows_the_broken_widget_s_unnamed_controls(broken_widget):
    page, root = broken_widget
    unnamed = unnamed_controls(page.locator(OUTPUTS).first.aria_snapshot()) + unnamed_controls(root.aria_snapshot())
    assert any(line.startswith("- img") for line in unnamed), unnamed
    assert any(line.startswith("- textbox") for line in unnamed), unnamed
    assert any(line.startswith("- slider") for line in unnamed), unnamed
    assert any(line.startswith("- combobox") for line in unnamed), unnamed


def test_the_live_regions_hold_the_counts_as_the_widgets_show_them(every_widget):
    _, roots = every_widget
    expect(roots["KwicExplorer"].get_by_role("status")).to_have_text(re.compile(r"^1 match for “THAAD”"))
    summary = ReadingViewer("together", term="China", show_furniture=True).summary.value
    expect(roots["ReadingViewer"].get_by_role("status")).to_have_text(html.unescape(re.sub(r"<[^>]+>", "", summary)))
    expect(roots["SelfCheck"].get_by_role("status")).to_have_text("")  # there before the first verdict


def test_a_result_outside_a_live_region_is_not_found_as_one(broken_widget):
    _, root = broken_widget
    expect(root.get_by_text("Correct!")).to_be_visible()
    expect(root.get_by_role("status")).to_have_count(0)


# ---- the keyboard alone -------------------------------------------------------------------------


def _walk_from_the_notebook(page, root) -> KeyboardWalk:
    """Leave the cell editor (Escape: JupyterLab's command mode), from where Tab moves into the outputs."""
    page.keyboard.press("Escape")
    return KeyboardWalk(page, root)


def _assert_focus_seen_and_in_order(walk: KeyboardWalk, what: str) -> None:
    walk.tab()  # move on, so the last stop's unfocused look can be compared too
    assert walk.stops, f"{what}: the keyboard never reached the widget"
    assert not walk.focus_not_visible(), f"{what}: focus is not visible on {walk.focus_not_visible()}"
    assert not walk.out_of_reading_order(), f"{what}: the focus jumps against the reading order: " + "; ".join(
        walk.out_of_reading_order()
    )


def test_keyboard_only_answer_a_self_check(lab_page, lab):
    page = lab_page
    root = show_in_scratch_notebook(
        page, lab, "kb-selfcheck", "from readinglab.widgets import SelfCheck\nSelfCheck('try-it')"
    )
    walk = _walk_from_the_notebook(page, root)
    answer = root.get_by_role("textbox", name="Your answer:")
    verdict = root.get_by_role("status")

    walk.tab_to(answer)
    page.keyboard.type("steady")
    walk.tab()  # to the Check button; leaving the box sends the answer
    expect(root.get_by_role("button", name="Check")).to_be_focused()
    wait_until_kernel_idle(page)
    page.keyboard.press("Enter")
    expect(verdict).to_have_text(readinglab.check("try-it", "steady").message, timeout=RESPONSE_TIMEOUT)

    walk.tab(shift=True)  # back to the box: a new answer, then Space on the button
    page.keyboard.press("Control+A")
    page.keyboard.type("ready")
    walk.tab()
    wait_until_kernel_idle(page)
    page.keyboard.press("Space")
    right = readinglab.check("try-it", "ready")
    assert right
    expect(verdict).to_have_text(right.message, timeout=RESPONSE_TIMEOUT)
    expect(verdict).to_contain_text("Correct")
    _assert_focus_seen_and_in_order(walk, "SelfCheck")
    violations = axe_violations(page, OUTPUTS)  # with a verdict shown
    assert not violations, describe(violations)
    save_screenshot(page, "accessibility-keyboard-self-check", element=root)


def test_keyboard_only_run_a_kwic_search(lab_page, lab):
    page = lab_page
    root = show_in_scratch_notebook(page, lab, "kb-kwic", "from readinglab.widgets import KwicExplorer\nKwicExplorer()")
    walk = _walk_from_the_notebook(page, root)

    walk.tab_to(root.get_by_role("textbox", name="Word or phrase:"))
    page.keyboard.type("THAAD")
    line = readinglab.kwic("THAAD").iloc[0]
    expect(root.get_by_role("status")).to_have_text(re.compile(r"^1 match for “THAAD”"), timeout=RESPONSE_TIMEOUT)
    cells = root.locator("table tbody tr td")
    expect(cells).to_have_text([line.reading, str(line.paragraph), line.left, line.keyword, line.right])

    walk.tab_to(root.get_by_role("spinbutton", name="Words either side:"))
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # 6 -> 8 words either side
    wider = readinglab.kwic("THAAD", window=8).iloc[0]
    expect(cells.nth(2)).to_have_text(wider.left, timeout=RESPONSE_TIMEOUT)
    expect(cells.nth(4)).to_have_text(wider.right)
    _assert_focus_seen_and_in_order(walk, "KwicExplorer")
    save_screenshot(page, "accessibility-keyboard-kwic", element=root)


def test_keyboard_only_change_a_term_comparison_setting(lab_page, lab):
    page = lab_page
    root = show_in_scratch_notebook(
        page,
        lab,
        "kb-terms",
        "from readinglab.widgets import TermComparison\nTermComparison('same-page', 'together', top=3)",
    )
    walk = _walk_from_the_notebook(page, root)
    caption = root.locator(".widget-html").last

    walk.tab_to(root.get_by_role("checkbox", name=re.compile("Leave out common words")))
    page.keyboard.press("Space")  # keep the common words
    with_stopwords = readinglab.compare_terms("same-page", "together", top=3, drop_stopwords=False)
    for word in with_stopwords["word"]:
        expect(caption).to_contain_text(word, timeout=RESPONSE_TIMEOUT)
    expect(root.get_by_role("img")).to_have_accessible_name(
        re.compile(re.escape(f"“{with_stopwords['word'].iloc[0]}”")), timeout=RESPONSE_TIMEOUT
    )

    walk.tab_to(root.get_by_role("group").locator("summary"))
    page.keyboard.press("Enter")  # open the numbers behind the chart
    expect(root.locator("details table tbody tr")).to_have_count(len(with_stopwords))
    expect(root.locator("details table")).to_be_visible()
    _assert_focus_seen_and_in_order(walk, "TermComparison")
    save_screenshot(page, "accessibility-keyboard-term-comparison", element=root)


def test_the_keyboard_checks_report_invisible_focus_and_a_backwards_order(broken_widget):
    page, root = broken_widget
    page.locator(".jp-NotebookPanel .jp-Cell").last.click(position={"x": 5, "y": 5})  # start in that cell
    walk = _walk_from_the_notebook(page, root)
    walk.tab_to(root.get_by_role("button", name="Second"))
    walk.tab()
    invisible = walk.focus_not_visible()
    assert any("Go</button>" in html for html in invisible), f"the button whose focus leaves no trace: {invisible}"
    backwards = walk.out_of_reading_order()
    assert any("Second" in pair and "First" in pair for pair in backwards), walk.stops


# ---- the lessons --------------------------------------------------------------------------------

LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
OUR_CONTENT = f"{OUTPUTS}, {MARKDOWN}"


def stored_plot_alts(lesson) -> list[str]:
    """The alt text of every picture in the lesson's stored outputs, in order (charts in HTML outputs)."""
    notebook = nbformat.read(lesson, as_version=4)
    alts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            page = output.get("data", {}).get("text/html", "")
            alts += [html.unescape(alt) for alt in re.findall(r'<img [^>]*alt="([^"]*)"', page)]
            assert "image/png" not in output.get("data", {}), f"{lesson.name}: a plot shown without show_plot()"
    return alts


def _open_the_numbers_tables(page) -> None:
    """Open every "The numbers behind the chart" under a plot, so axe checks those tables as shown."""
    page.evaluate(
        "selector => document.querySelectorAll(selector).forEach(d => { d.open = true; })", f"{OUTPUTS} details"
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.stem for lesson in LESSONS])
def test_lesson_passes_axe_and_its_markdown_has_headings_tables_and_links_in_order(lab_page, lab, lesson):
    page = lab_page
    open_notebook(page, lab, f"notebooks/{lesson.name}")
    cells = run_all(page)
    assert not [output for cell in cells for output in cell["outputs"] if output["type"] == "error"]
    wait_until_widgets_rendered(page)
    _open_the_numbers_tables(page)

    violations = axe_violations(page, OUR_CONTENT)
    assert not violations, f"{lesson.name}: axe-core finds WCAG A/AA violations:\n" + describe(violations)
    assert not headings_out_of_order(page), f"{lesson.name}: {headings_out_of_order(page)}"
    assert not tables_without_headers(page, OUR_CONTENT), f"{lesson.name}: {tables_without_headers(page, OUR_CONTENT)}"
    assert not vague_links(page, OUR_CONTENT), (
        f"{lesson.name}: links that do not say where they go: {vague_links(page, OUR_CONTENT)}"
    )
    # JupyterLab gives an <img> without alt in an HTML output alt="Image", which satisfies axe: so each plot's
    # alt text must be the sentence the lesson stored (nbval keeps those in step with the code), and say something.
    shown = page.locator(f'{OUTPUTS}[data-mime-type="text/html"] img').evaluate_all(
        "images => images.map(image => image.getAttribute('alt'))"
    )
    assert shown == stored_plot_alts(lesson), f"{lesson.name}: the plots' alt texts are not the lesson's"
    assert all(len((alt or "").split()) >= 8 for alt in shown), (
        f"{lesson.name}: a plot's alt text says too little: {shown}"
    )


# A lesson that breaks each rule once: the checks must find every fault.
BROKEN_LESSON_MARKDOWN = [
    "# A lesson\n\nSee [here](https://example.org/a-page) for more.",
    "# A second top-level heading\n\n#### A heading that skips two levels",
    "<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>",
]


def test_the_lesson_checks_find_two_h1s_a_skipped_level_a_headerless_table_a_vague_link_and_a_plot_without_alt(
    lab_page, lab
):
    page = lab_page
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text) for text in BROKEN_LESSON_MARKDOWN] + [
        nbformat.v4.new_code_cell(BROKEN_WIDGETS[0])
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    (lab.root / "scratch").mkdir(exist_ok=True)
    nbformat.write(notebook, lab.root / "scratch" / "broken-lesson.ipynb")
    open_notebook(page, lab, "scratch/broken-lesson.ipynb")
    run_all(page)

    problems = " ".join(headings_out_of_order(page))
    assert "2 top-level headings" in problems and "h1 is followed by h4" in problems, problems
    assert len(tables_without_headers(page, OUR_CONTENT)) == 1
    assert vague_links(page, OUR_CONTENT) == ["here"]
    assert "image-alt" in {violation["id"] for violation in axe_violations(page, OUR_CONTENT)}


# ---- feedback pages and the grade report ------------------------------------------------------------

FEEDBACK_ASSIGNMENT = "ps1-same-page"
FEEDBACK_STUDENTS = ["solution", "one_reading", "blank"]


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """A copy of the course with three students graded, their feedback pages and the grade report written."""
    import os
    import subprocess
    import sys

    from ..support.course_copy import COURSE, copy_course
    from ..support.students import build_class

    work = tmp_path_factory.mktemp("feedback-pages")
    course = copy_course(COURSE, work / "course")
    bin_folder = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}", "TWO_READINGS_EXCHANGE": str(work)}

    def run(*command: str, program: str = "course") -> None:
        prefix = [str(bin_folder / "course"), "--course", str(course)] if program == "course" else [program]
        done = subprocess.run([*prefix, *command], cwd=course, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    run("release", FEEDBACK_ASSIGNMENT)
    build_class(course, FEEDBACK_ASSIGNMENT, FEEDBACK_STUDENTS)
    # Students of our own making: the sandbox is not what these tests are about.
    run("grade", FEEDBACK_ASSIGNMENT, "--jobs", "1", "--timeout", "20", "--unsafe-no-sandbox")
    # nbgrader's own template, without the course's exporter (the counter-check below)...
    page = course / "feedback" / "blank" / FEEDBACK_ASSIGNMENT / f"{FEEDBACK_ASSIGNMENT}.html"
    nbgrader = str(bin_folder / "nbgrader")
    student = "--CourseDirectory.student_id=blank"
    plain = "--GenerateFeedback.exporter_class=nbconvert.exporters.HTMLExporter"
    run("generate_feedback", FEEDBACK_ASSIGNMENT, student, "--force", plain, program=nbgrader)
    nbgraders_own = work / "nbgraders-own.html"
    nbgraders_own.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    # ... the formgrader's "Generate Feedback" button: nbgrader's command with the course config ...
    run("generate_feedback", FEEDBACK_ASSIGNMENT, student, "--force", program=nbgrader)
    button_page = work / "formgrader-button.html"
    button_page.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    # ... then ours.
    run("feedback", FEEDBACK_ASSIGNMENT)
    run("report", FEEDBACK_ASSIGNMENT)
    pages = {
        f"feedback for {student}": course / "feedback" / student / FEEDBACK_ASSIGNMENT / f"{FEEDBACK_ASSIGNMENT}.html"
        for student in FEEDBACK_STUDENTS
    }
    pages["grade report"] = course / "reports" / FEEDBACK_ASSIGNMENT / "report.html"
    pages["feedback from the formgrader's button"] = button_page
    return {"pages": pages, "nbgraders_own": nbgraders_own}


@pytest.fixture
def plain_page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "which",
    [
        *(f"feedback for {student}" for student in FEEDBACK_STUDENTS),
        "feedback from the formgrader's button",
        "grade report",
    ],
)
def test_feedback_pages_and_the_grade_report_pass_axe_with_ordered_headings(graded_course, plain_page, which):
    page = plain_page
    page.goto(graded_course["pages"][which].as_uri())
    violations = axe_violations(page, "html")
    assert not violations, f"{which}: axe-core finds WCAG A/AA violations:\n" + describe(violations)
    assert not headings_out_of_order(page, "body"), f"{which}: {headings_out_of_order(page, 'body')}"
    assert not tables_without_headers(page, "body") and not vague_links(page, "body")
    for image in page.locator("img").all():  # the report's plots: alt text that says something
        assert len((image.get_attribute("alt") or "").split()) >= 8
    if which == "grade report":  # the numbers behind the plots, beside them
        expect(page.get_by_role("link", name=re.compile("grades.csv"))).to_have_attribute("href", "grades.csv")
        expect(page.get_by_role("link", name=re.compile("questions.csv"))).to_have_attribute("href", "questions.csv")


def test_the_checks_find_what_nbgraders_own_feedback_template_gets_wrong(graded_course, plain_page):
    page = plain_page
    page.goto(graded_course["nbgraders_own"].as_uri())
    found = {violation["id"] for violation in axe_violations(page, "html")}
    assert {"html-has-lang", "color-contrast", "link-in-text-block"} <= found, found
    assert any("not the h1" in problem for problem in headings_out_of_order(page, "body"))


# ---- the assignments' own text -------------------------------------------------------------------

ASSIGNMENTS = sorted(path.name for path in (REPO / "course" / "source").iterdir() if path.is_dir())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_markdown_passes_axe_with_ordered_headings(lab_page, lab, assignment):
    """The problem sets as a student opens them (markdown rendered, nothing run yet)."""
    page = lab_page
    open_notebook(page, lab, f"course/source/{assignment}/{assignment}.ipynb")
    expect(page.locator(MARKDOWN).first).to_be_visible()
    violations = axe_violations(page, MARKDOWN)
    assert not violations, f"{assignment}: axe-core finds WCAG A/AA violations:\n" + describe(violations)
    assert not headings_out_of_order(page), f"{assignment}: {headings_out_of_order(page)}"
    assert not tables_without_headers(page, MARKDOWN) and not vague_links(page, MARKDOWN)
