"""The lesson notebooks: their shape, their self-checks and what they cover.

Strict nbval (run by `make test`) checks that the stored outputs still come out
of the code; these tests check what a student is promised.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from readinglab.corpus import current_corpus
from readinglab.selfcheck import _questions

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]-*.ipynb"))
EXPECTED_LESSONS = [
    "00-start-here",
    "01-meet-the-readings",
    "02-actors-and-names",
    "03-voices-and-quotations",
    "04-words-and-framing",
    "05-facts-figures-and-timeline",
    "06-comparing-perspectives",
    "07-sources-and-context",
]
SELF_CHECK_CALL = re.compile(r"""(?:SelfCheck|check)\(\s*["']([\w-]+)["']""")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _all_text(path: Path) -> str:
    parts = []
    for cell in _cells(path):
        parts.append(_source(cell))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            for kind in ("text/plain", "text/html", "text/markdown"):
                parts.append("".join(output.get("data", {}).get(kind, "")))
    return "\n".join(parts)


def test_the_lessons_are_all_there_in_order():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED_LESSONS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_opens_with_time_and_objectives_and_closes_with_key_points(path):
    cells = [c for c in _cells(path) if _source(c).strip()]
    first, last = _source(cells[0]), _source(cells[-1])
    assert cells[0]["cell_type"] == "markdown" and cells[-1]["cell_type"] == "markdown"
    assert re.search(r"\*\*Time\*\*|## Time|Time:", first), "the first cell states the time"
    assert "Objectives" in first and "Prerequisites" in first and "Questions" in first
    assert "Key points" in last


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_has_three_working_self_checks(path):
    code = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "code")
    ids = set(SELF_CHECK_CALL.findall(code))
    assert len(ids) >= 3, f"{path.name} has self-checks {sorted(ids)}"
    assert ids <= set(_questions()), f"unknown question ids: {sorted(ids - set(_questions()))}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_is_stored_executed_without_errors(path):
    for cell in _cells(path):
        if cell["cell_type"] != "code" or not _source(cell).strip():
            continue
        assert cell["execution_count"] is not None, f"unexecuted cell in {path.name}: run `make notebooks`"
        tags = cell.get("metadata", {}).get("tags", [])
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                assert "raises-exception" in tags, f"{path.name} stores an error: {output.get('ename')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_plot_in_a_lesson_says_its_finding_and_holds_its_numbers(path):
    """Plots go through show_plot(): alt text a screen reader announces, and the numbers as a table."""
    for index, cell in enumerate(_cells(path)):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            assert "image/png" not in data, f"{path.name} cell {index}: a plot without alt text (use show_plot)"
            page = "".join(data.get("text/html", ""))
            for image in re.findall(r"<img [^>]*>", page):
                alt = re.search(r'alt="([^"]+)"', image)
                assert alt and len(alt.group(1).split()) >= 8, f"{path.name} cell {index}: {image[:60]} says too little"
                assert "The numbers behind the chart</summary><table" in page, f"{path.name} cell {index}: no numbers"


def test_every_actor_is_met_in_some_lesson():
    text = "\n".join(_all_text(p) for p in NOTEBOOKS)
    missing = [actor.name for actor in current_corpus().actors.actors.values() if actor.name not in text]
    assert not missing, f"actors no lesson mentions: {missing}"


def test_every_quotation_appears_in_some_lesson():
    text = "\n".join(_all_text(p) for p in NOTEBOOKS)
    corpus = current_corpus()
    missing = [
        q["quote"][:40]
        for reading_id in corpus.ids
        for q in corpus.annotations(reading_id).quotations
        if q["quote"][:40] not in text
    ]
    assert not missing, f"quotations no lesson shows: {missing}"


def test_every_figure_and_event_appears_in_some_lesson():
    text = "\n".join(_all_text(p) for p in NOTEBOOKS)
    corpus = current_corpus()
    missing = [
        item
        for reading_id in corpus.ids
        for item in [f["text"] for f in corpus.annotations(reading_id).figures]
        + [e["event"][:40] for e in corpus.annotations(reading_id).events]
        if item not in text
    ]
    assert not missing, f"figures or events no lesson shows: {missing}"
