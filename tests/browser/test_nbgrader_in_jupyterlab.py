"""nbgrader's JupyterLab screens work with this course: a student fetches and submits, an instructor sees the formgrader."""

from __future__ import annotations

import subprocess

import nbformat
import pytest
from playwright.sync_api import expect

from readinglab.instructor.course import Course

from ..support.course_copy import ASSIGNMENTS
from .conftest import save_screenshot
from .lab_server import VENV_BIN

RELEASED = "ps1-same-page"
EXCHANGE_TIMEOUT = 30_000  # ms for a fetch, a submit or a list to come back from the server


@pytest.fixture(scope="module")
def course_id(lab) -> str:
    """The course's id, as its own nbgrader_config.py names it (the exchange keeps the course under it)."""
    return Course.open(lab.root / "course").course_id


@pytest.fixture(scope="module")
def released(lab, course_id):
    """The instructor has generated and released ps1-same-page into the server's exchange."""
    for step in ("generate_assignment", "release_assignment"):
        result = subprocess.run(
            [str(VENV_BIN / "nbgrader"), step, RELEASED],
            cwd=lab.root / "course",
            env=lab.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"nbgrader {step} failed:\n{result.stdout}\n{result.stderr}"
    assert (lab.exchange / course_id / "outbound" / RELEASED / f"{RELEASED}.ipynb").is_file()
    return RELEASED


def open_from_nbgrader_menu(page, lab, item: str) -> None:
    page.goto(lab.lab_url())
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=item).first.click()


def test_student_fetches_opens_and_submits_the_released_assignment(lab_page, lab, released, course_id):
    page = lab_page
    open_from_nbgrader_menu(page, lab, "Assignment List")

    released_list = page.locator("#released_assignments_list")
    row = released_list.locator(".list_item", has_text=released)
    expect(row).to_be_visible(timeout=EXCHANGE_TIMEOUT)
    expect(row).to_contain_text(course_id)
    row.get_by_role("button", name="Fetch").click()

    downloaded = page.locator("#fetched_assignments_list > .list_item", has_text=released)
    expect(downloaded).to_be_visible(timeout=EXCHANGE_TIMEOUT)
    expect(released_list.locator(".list_item", has_text=released)).to_have_count(0)
    assert (lab.root / released / f"{released}.ipynb").is_file(), "Fetch puts the notebook in the student's folder"
    save_screenshot(page, "nbgrader-student-fetched")

    # Open the notebook from the list, as a student would, and see it in a tab of its own.
    downloaded.locator("a.assignment-notebooks-link").click()
    downloaded.locator(".nested_list_item a", has_text=released).click()
    notebook_tab = page.locator(".lm-TabBar-tab", has_text=f"{released}.ipynb")
    expect(notebook_tab).to_be_visible(timeout=EXCHANGE_TIMEOUT)
    expect(page.locator(".jp-NotebookPanel:visible .jp-Cell").first).to_be_visible()

    page.locator(".lm-TabBar-tab", has_text="Assignments").click()
    downloaded.get_by_role("button", name="Submit").click()
    submitted = page.locator("#submitted_assignments_list > .list_item", has_text=released)
    expect(submitted).to_be_visible(timeout=EXCHANGE_TIMEOUT)
    save_screenshot(page, "nbgrader-student-submitted")

    inbound = sorted((lab.exchange / course_id / "inbound").glob(f"*+{released}+*"))
    assert len(inbound) == 1, f"one submission of {released} in the exchange, found {[p.name for p in inbound]}"
    handed_in = nbformat.read(inbound[0] / f"{released}.ipynb", as_version=4)
    fetched = nbformat.read(lab.root / released / f"{released}.ipynb", as_version=4)
    assert [cell.source for cell in handed_in.cells] == [cell.source for cell in fetched.cells]


def test_instructor_formgrader_opens_from_the_menu_and_lists_every_assignment(lab_page, lab):
    page = lab_page
    open_from_nbgrader_menu(page, lab, "Formgrader")

    formgrader = page.frame_locator("iframe").first
    table = formgrader.locator("table")
    for assignment in ASSIGNMENTS:
        expect(table.get_by_text(assignment, exact=True)).to_be_visible(timeout=EXCHANGE_TIMEOUT)
    save_screenshot(page, "nbgrader-instructor-formgrader")
