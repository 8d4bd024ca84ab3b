"""Loading readings: body paragraphs, the catalog, checksums and a third reading."""

from __future__ import annotations

from pathlib import Path

import pytest

import readinglab
from readinglab import load, readings
from readinglab.errors import CatalogError, TextChangedError, UnknownReadingError

from .conftest import SOURCE_TEXTS


def _nonblank_lines(name: str) -> list[str]:
    return [line for line in (SOURCE_TEXTS / name).read_text(encoding="utf-8").split("\n") if line.strip()]


def test_same_page_body_is_every_line_of_the_text():
    assert load("same-page").paragraphs == tuple(_nonblank_lines("same-page.txt"))


def test_together_body_leaves_out_headline_timestamps_and_furniture():
    lines = _nonblank_lines("together.txt")
    reading = load("together")
    assert len(reading.paragraphs) == 19
    assert reading.paragraphs[0].startswith("The rising crisis over North Korea’s nuclear ambitions")
    assert reading.paragraphs[-1].startswith("The six-party talks are multilateral negotiations")
    not_body = {
        "North Korea nuclear crisis",
        "Will North Korea crisis finally bring China and US together?",
        "PUBLISHED : Monday, 01 May, 2017, 10:01pm",
        "Opinion: a look at how China truly views potential war, as tensions rise over North Korea",
        "Five reasons why the US cannot attack North Korea like it did Syria",
    }
    assert not not_body & set(reading.paragraphs)
    assert set(reading.paragraphs) | set(reading.furniture) | set(sum(reading.parts.values(), ())) == set(lines)


def test_together_marks_related_headlines_as_furniture():
    furniture = load("together").furniture
    assert len(furniture) == 4
    assert furniture[0].startswith("‘China’s starting to do something on North Korea’")


def test_texts_are_the_seeds_byte_for_byte():
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the seed folder {seeds} is not beside this checkout")
    assert (SOURCE_TEXTS / "same-page.txt").read_bytes() == (seeds / "000_16ac148c6c40c8c7.txt").read_bytes()
    assert (SOURCE_TEXTS / "together.txt").read_bytes() == (seeds / "003_06f572408046bb83.txt").read_bytes()


def test_text_keeps_its_missing_final_newline_and_curly_quotes():
    text = load("together").text
    assert not text.endswith("\n")
    assert "“Both nations" in text


def test_reading_exposes_id_title_meta_and_sentences():
    reading = load("same-page")
    assert reading.id == "same-page"
    assert reading.meta["title"]["status"] == "working title"
    assert reading.meta["published"]["status"] == "inferred"
    assert reading.sentences[0].startswith("Since the presidents")
    assert "same-page" in repr(reading)


def test_unknown_id_lists_the_valid_ids():
    with pytest.raises(UnknownReadingError) as caught:
        load("same_page")
    assert "'same-page'" in str(caught.value) and "'together'" in str(caught.value)


def test_readings_table_has_one_row_per_reading():
    table = readings()
    assert list(table.columns[:7]) == ["id", "title", "outlet", "published", "genre", "paragraphs", "words"]
    assert table["id"].tolist() == ["same-page", "together"]
    row = table.set_index("id").loc["together"]
    assert row["published"] == "2017-05-01" and row["genre"] == "news report" and row["outlet"] == "unknown"
    assert table.set_index("id").loc["same-page", "title_status"] == "working title"


def test_changed_text_is_caught_by_its_checksum(texts_copy):
    path = texts_copy / "together.txt"
    path.write_bytes(path.read_bytes().replace(b"Sun Xingjie", b"Sun Xinjie"))
    readinglab.use_texts(texts_copy)
    with pytest.raises(TextChangedError, match="together.*sha256"):
        load("together")
    assert load("same-page").id == "same-page"  # the other reading still loads


def test_catalog_with_a_bad_structure_line_names_the_file_and_line(texts_copy):
    catalog = texts_copy / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("furniture: [16,", "furniture: [15,"), encoding="utf-8")
    readinglab.use_texts(texts_copy)
    with pytest.raises(CatalogError, match=r"catalog.yaml, line \d+: `structure.furniture` names line 15"):
        load("together")


def test_unparseable_catalog_names_the_line(texts_copy):
    (texts_copy / "catalog.yaml").write_text("readings:\n  - id: [unclosed\n", encoding="utf-8")
    readinglab.use_texts(texts_copy)
    with pytest.raises(CatalogError, match=r"line \d+, column \d+"):
        load("together")


def test_missing_readings_folder_says_how_to_point_at_one(tmp_path):
    with pytest.raises(CatalogError, match="catalog.yaml"):
        readinglab.use_texts(tmp_path)


def test_paragraph_accessor_counts_from_one():
    reading = load("same-page")
    assert reading.paragraph(1) == reading.paragraphs[0]
    with pytest.raises(UnknownReadingError, match="paragraphs 1 to 9"):
        reading.paragraph(10)


def test_a_third_reading_works_with_every_function(corpus_with_made_up):
    reading = load("made-up")
    assert reading.paragraphs == (
        "Officials from Tokyo and Washington met on Friday. “We will keep talking,” said Jang Song Chol.",
        "Japan’s envoy said the 3 days of talks cost $2 million. The U.S. team left early.",
    )
    assert "made-up" in readings()["id"].tolist()
    assert readinglab.word_counts("made-up").set_index("word").loc["japan", "count"] == 1  # the headline's "Japan" is not body
    assert readinglab.kwic("talks", readings="made-up")["paragraph"].tolist() == [2]
    assert set(readinglab.compare_terms("made-up", "together", top=3)["distinctive_of"]) == {"made-up", "together"}
    counted = readinglab.mentions("made-up").set_index("actor")["count"]
    assert counted["United States"] == 2  # "Washington" and "U.S."
    assert readinglab.quotes("made-up")["speaker"].tolist() == ["Jang Song Chol"]
    assert readinglab.figures("made-up")["value"].tolist() == [2000000]
    assert "made-up" in set(readinglab.timeline()["reading"])
    assert len(reading.sentences) == 4


def test_a_third_reading_without_annotations_still_works(texts_copy):
    from .conftest import add_made_up_reading

    add_made_up_reading(texts_copy, with_annotations=False)
    readinglab.use_texts(texts_copy)
    assert readinglab.quotes("made-up").empty
    assert readinglab.figures("made-up").empty
    assert len(readinglab.mentions("made-up")) > 0
