"""Every lesson runs in a real JupyterLab: Run All, no errors, and every widget it shows is on the page."""

from __future__ import annotations

import pytest

from .conftest import save_screenshot
from .jupyterlab import (
    WIDGET_VIEW,
    error_outputs,
    open_notebook,
    run_all,
    stored_widget_count,
    wait_until_widgets_rendered,
    widget_failures,
    widget_roots,
)
from .lab_server import REPO

LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_lessons_to_run():
    assert len(LESSONS) >= 7, f"expected the course's lessons in notebooks/, found {[p.name for p in LESSONS]}"


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.stem for lesson in LESSONS])
def test_lesson_runs_all_cells_without_errors_and_shows_every_widget(lab_page, lab, lesson):
    page = lab_page
    open_notebook(page, lab, f"notebooks/{lesson.name}")
    cells = run_all(page)

    unrun = [cell["index"] for cell in cells if cell["executionCount"] is None]
    errors = [
        f"cell {cell['index']}: {output['ename']}: {output['evalue']}"
        for cell in cells
        for output in cell["outputs"]
        if output["type"] == "error"
    ]
    assert not errors, f"{lesson.name} raised when run in JupyterLab: {errors}"
    assert not unrun, f"{lesson.name}: cells {unrun} (counting from 0, code and markdown) did not run"
    assert error_outputs(page).count() == 0, f"{lesson.name} shows a traceback"

    wait_until_widgets_rendered(page)
    # Outputs only: lesson 00's troubleshooting table quotes "Error displaying widget" on purpose.
    failures = widget_failures(page)
    assert not failures, f"{lesson.name}: widgets did not render: {failures}"

    expected = stored_widget_count(lesson)
    produced = sum(WIDGET_VIEW in output["mimes"] for cell in cells for output in cell["outputs"])
    assert produced == expected, f"{lesson.name} displayed {produced} widgets when run, its saved outputs {expected}"
    roots = widget_roots(page)
    assert roots.count() == expected, f"{lesson.name}: {roots.count()} widgets on the page, expected {expected}"
    hidden = [index for index in range(expected) if not roots.nth(index).is_visible()]
    assert not hidden, f"{lesson.name}: widgets number {hidden} (counting from 0) are on the page but not visible"
    empty = [
        index
        for index in range(expected)
        if not roots.nth(index).inner_text().strip() and roots.nth(index).locator("img").count() == 0
    ]
    assert not empty, f"{lesson.name}: widgets number {empty} (counting from 0) show nothing"

    if expected:
        roots.last.scroll_into_view_if_needed()  # the screenshot shows the lesson's last widget
    save_screenshot(page, f"lesson-{lesson.stem}")
