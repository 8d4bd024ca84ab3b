"""The context file (source_texts/context.yaml): outside events, each checked and cited, and references to them.

Each rule of the validator is pinned by a broken copy of the file that it must name, with the file and line.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import readinglab
from readinglab.context import CONTEXT_KINDS, context_references
from readinglab.corpus import Corpus
from readinglab.errors import ContextError
from readinglab.validate import validate

CANDIDATES = {  # issue 14's candidates that the stored pages confirmed
    "mar-a-lago-summit",
    "hundred-day-plan-agreed",
    "hundred-day-plan-ends",
    "branstad-confirmed",
    "branstad-arrives",
    "hwasong-14-test",
    "unsc-2371",
    "unsc-2375",
    "china-suspends-coal-imports",
    "six-party-talks-last-round",
    "north-korea-quits-six-party-talks",
    "thaad-operational",
    "kim-family-rule",
    "korean-war-begins",
}


def _edit(folder, file, old, new):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder):
    return validate(Corpus(folder))


# ---- the course's own file ---------------------------------------------------------------


def test_every_context_entry_is_cited_and_the_course_file_is_valid():
    assert validate() == []
    table = readinglab.context()
    assert CANDIDATES <= set(table["id"])
    assert table["id"].is_unique
    assert list(table.columns) == ["date", "precision", "start", "kind", "line", "sources", "id", "note"]
    assert table["start"].is_monotonic_increasing
    assert set(table["kind"]) <= set(CONTEXT_KINDS)
    for entry in readinglab.corpus.current_corpus().context_entries:
        assert entry["citations"], entry["id"]
        for citation in entry["citations"]:
            assert citation["url"].startswith(("http://", "https://")) and citation["outlet"] and citation["title"]


def test_context_is_a_helper_beside_the_corpus_method_like_timeline():
    assert "context" in readinglab.__all__
    pd.testing.assert_frame_equal(readinglab.context(), Corpus(readinglab.corpus.default_texts_folder()).context())


def test_resolution_2375_caps_petroleum_and_2371_bans_coal():
    lines = readinglab.context().set_index("id")["line"]
    assert "coal" in lines["unsc-2371"] and "petroleum" not in lines["unsc-2371"]
    assert "refined petroleum" in lines["unsc-2375"] and "2 million barrels" in lines["unsc-2375"]


def test_the_catalog_names_the_summit_entry_and_the_reading_gets_its_citations():
    [summit] = readinglab.load("same-page").meta["published"]["outside_evidence"]
    assert summit["context"] == "mar-a-lago-summit"
    [entry] = [e for e in readinglab.corpus.current_corpus().context_entries if e["id"] == "mar-a-lago-summit"]
    assert [s["url"] for s in summit["sources"]] == [c["url"] for c in entry["citations"]]


def test_a_folder_without_a_context_file_has_an_empty_table(texts_copy):
    (texts_copy / "context.yaml").unlink()
    for name in ("catalog.yaml",):
        path = texts_copy / name
        path.write_text(re.sub(r"context:[a-z0-9-]+", "(gone)", path.read_text(encoding="utf-8")), encoding="utf-8")
    for name in ("actors.yaml", "same-page.yaml"):
        path = texts_copy / "annotations" / name
        path.write_text(re.sub(r"context:[a-z0-9-]+", "(gone)", path.read_text(encoding="utf-8")), encoding="utf-8")
    _edit(
        texts_copy,
        "catalog.yaml",
        "context: mar-a-lago-summit",
        "sources: [{outlet: AP, date: '2017-03-30', url: 'https://example.org'}]",
    )
    assert _problems(texts_copy) == []
    assert Corpus(texts_copy).context().empty


# ---- each rule, seen failing -------------------------------------------------------------


def test_a_duplicate_id_is_named_with_file_and_line(texts_copy):
    _edit(texts_copy, "context.yaml", "- id: korean-war-armistice", "- id: korean-war-begins")
    problems = _problems(texts_copy)
    assert any(
        re.search(
            r"context\.yaml, line \d+, context entry 3 \('korean-war-begins'\): the id 'korean-war-begins' is used twice",
            p,
        )
        for p in problems
    ), problems


def test_an_id_that_is_not_lowercase_words_and_hyphens_is_named(texts_copy):
    _edit(texts_copy, "context.yaml", "- id: unsc-2375", "- id: UNSC 2375")
    assert any("`id` is 'UNSC 2375'; write lowercase words joined by hyphens" in p for p in _problems(texts_copy))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'date: "2017-09-11"\n    precision: day',
            'date: "2017-09"\n    precision: day',
            "`date` is '2017-09'; with precision 'day'",
        ),
        ('date: "2017-09-11"\n    precision: day', 'date: "2017-02-30"\n    precision: day', "`date` is '2017-02-30'"),
        ('date: "1948"\n    precision: year', 'date: "1948"\n    precision: decade', "`precision` is 'decade'"),
        (
            'date: "2017-09-11"\n    precision: day',
            "date: 2017-09-11\n    precision: day",
            "datetime.date(2017, 9, 11); with precision 'day' write a real date in quotes",
        ),
    ],
)
def test_a_date_that_does_not_match_its_precision_or_does_not_exist_is_named(texts_copy, old, new, message):
    _edit(texts_copy, "context.yaml", old, new)
    problems = _problems(texts_copy)
    assert any("context.yaml, line" in p and message in p for p in problems), problems


def test_an_unknown_kind_is_named(texts_copy):
    _edit(texts_copy, "context.yaml", "kind: missile test", "kind: missile")
    assert any("`kind` is 'missile'; it must be one of:" in p for p in _problems(texts_copy))


def test_an_entry_without_citations_is_named(texts_copy):
    _edit(
        texts_copy, "context.yaml", "    citations:\n      - outlet: Abilene", "    cited_by:\n      - outlet: Abilene"
    )
    problems = _problems(texts_copy)
    assert any("context entry 2 ('korean-war-begins'): an outside fact needs `citations`" in p for p in problems), (
        problems
    )
    assert any("unknown field(s) 'cited_by'" in p for p in problems)


@pytest.mark.parametrize("field", ["outlet", "title", "date", "url"])
def test_a_citation_without_each_required_field_is_named(texts_copy, field):
    path = texts_copy / "context.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    citations:", text.index("  - id: unsc-2371"))
    block = re.sub(rf"\b{field}: [^\n]+", f'{field}: ""', text[start:], count=1)  # the first citation's
    path.write_text(text[:start] + block, encoding="utf-8")
    problems = _problems(texts_copy)
    assert any(
        re.search(
            rf"context\.yaml, line \d+, context entry \d+ \('unsc-2371'\), citation 1: a citation needs {field}", p
        )
        for p in problems
    ), problems


def test_a_citation_date_that_is_not_a_date_is_named(texts_copy):
    _edit(texts_copy, "context.yaml", 'date: "2016-07-27"', 'date: "27 July 2016"')
    assert any("write the page's date in quotes" in p for p in _problems(texts_copy))


def test_a_citation_address_that_is_not_a_web_address_is_named(texts_copy):
    _edit(texts_copy, "context.yaml", "url: https://usun.state.gov", "url: usun.state.gov")
    assert any("it must be an http:// or https:// address" in p for p in _problems(texts_copy))


def test_broken_yaml_in_the_context_file_names_the_line(texts_copy):
    (texts_copy / "context.yaml").write_text("events:\n  - id: [unclosed\n", encoding="utf-8")
    problems = _problems(texts_copy)
    assert any("context.yaml, line" in p and "not valid YAML" in p for p in problems), problems
    with pytest.raises(ContextError):
        Corpus(texts_copy).context()


# ---- references from elsewhere ---------------------------------------------------------


def test_references_are_found_with_their_lines():
    assert context_references("a context:unsc-2375, b\nwith context: spaced\nx-context:no") == [(1, "unsc-2375")]


def test_an_annotation_that_names_an_unknown_entry_is_named_with_its_line(texts_copy):
    _edit(texts_copy, "annotations/same-page.yaml", "context:mar-a-lago-summit", "context:mar-a-lago-sumit")
    problems = _problems(texts_copy)
    assert any(
        re.search(
            r"same-page\.yaml, line \d+: `context:mar-a-lago-sumit` names no entry of context\.yaml\. Did you mean 'mar-a-lago-summit'\?",
            p,
        )
        for p in problems
    ), problems


def test_a_catalog_fact_that_names_an_unknown_entry_is_named(texts_copy):
    _edit(texts_copy, "catalog.yaml", "context: mar-a-lago-summit", "context: mar-a-lago")
    problems = _problems(texts_copy)
    assert any(
        "catalog.yaml, line" in p and "outside_evidence entry 1: `context:mar-a-lago` names no entry" in p
        for p in problems
    ), problems


def test_a_lesson_or_question_that_names_an_unknown_entry_is_named(texts_copy):
    course = texts_copy.parent
    (course / "notebooks").mkdir()
    lesson = {"cells": [{"cell_type": "markdown", "source": ["See context:unsc-2375 and context:unsc-2376."]}]}
    (course / "notebooks" / "07-sources-and-context.ipynb").write_text(json.dumps(lesson, indent=1), encoding="utf-8")
    (course / "readinglab" / "selfchecks").mkdir(parents=True)
    (course / "readinglab" / "selfchecks" / "07.yaml").write_text(
        "hint: read context:six-party-talks\n", encoding="utf-8"
    )
    problems = _problems(texts_copy)
    assert any(
        "07-sources-and-context.ipynb, line" in p and "`context:unsc-2376` names no entry" in p for p in problems
    ), problems
    assert any("07.yaml, line 1: `context:six-party-talks` names no entry" in p for p in problems), problems
    assert not any("unsc-2375`" in p for p in problems)


def test_the_catalog_records_togethers_outlet_found_outside_beside_what_the_text_shows():
    """Issue 14: the text names no outlet (the value says so); the outlet found outside sits beside it, cited."""
    outlet = readinglab.load("together").meta["outlet"]
    assert outlet["value"] == "unknown"
    facts = outlet["outside_evidence"]
    assert any("South China Morning Post" in fact["fact"] for fact in facts)
    urls = [source["url"] for fact in facts for source in fact["sources"]]
    assert any("scmp.com" in url and "2091450" in url for url in urls)
