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
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("furniture: [16,", "furniture: [15,"), encoding="utf-8"
    )
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
    assert (
        readinglab.word_counts("made-up").set_index("word").loc["japan", "count"] == 1
    )  # the headline's "Japan" is not body
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


# ---- one owner of the readings: a Corpus, and the helpers as delegates to the current one ----


def test_a_corpus_of_another_folder_answers_for_it_and_leaves_the_current_one_alone(texts_copy):
    from readinglab import Corpus

    from .conftest import add_made_up_reading

    add_made_up_reading(texts_copy)
    other = Corpus(texts_copy)
    assert other.ids == ["same-page", "together", "made-up"]
    assert other.kwic("talks", readings="made-up")["paragraph"].tolist() == [2]
    assert other.quotes("made-up")["speaker"].tolist() == ["Jang Song Chol"]
    assert "made-up" in set(other.timeline()["reading"])
    assert other.readings()["published"].tolist()[-1] == "2017-06-02"
    # The helpers still read the course's own readings: nothing global changed.
    assert readinglab.readings()["id"].tolist() == ["same-page", "together"]
    with pytest.raises(UnknownReadingError, match="no reading called 'made-up'"):
        readinglab.kwic("talks", readings="made-up")


def test_each_helper_is_its_corpus_method_run_on_the_current_corpus():
    import inspect

    from readinglab.corpus import Corpus, current_corpus

    for name in ("readings", "kwic", "word_counts", "compare_terms", "mentions", "quotes", "figures", "timeline"):
        helper, method = getattr(readinglab, name), getattr(Corpus, name)
        assert helper.__doc__ == method.__doc__, name  # one docstring, written once
        parameters = list(inspect.signature(method).parameters)
        assert parameters[0] == "corpus" and list(inspect.signature(helper).parameters) == parameters[1:], name
    assert readinglab.mentions("together").equals(current_corpus().mentions("together"))


def test_the_corpus_resolves_reading_ids_once_for_every_helper():
    from readinglab.corpus import current_corpus
    from readinglab.errors import ArgumentTypeError, ArgumentValueError

    corpus = current_corpus()
    assert corpus.resolve_ids(None) == ["same-page", "together"]
    assert corpus.resolve_ids("together") == ["together"]
    assert corpus.resolve_ids(load("together")) == ["together"]
    assert corpus.resolve_ids(("together", "same-page")) == ["together", "same-page"]
    with pytest.raises(ArgumentValueError, match="`readings` is empty"):
        corpus.resolve_ids([])
    with pytest.raises(ArgumentTypeError, match="you gave int"):
        corpus.resolve_ids(3)
    with pytest.raises(UnknownReadingError, match="The ids are: 'same-page', 'together'"):
        corpus.resolve_ids(["together", "Together"])


def test_the_publication_date_is_read_once_when_the_reading_is_loaded():
    from readinglab.publication import Publication

    together, same_page = load("together"), load("same-page")
    assert together.published == Publication("2017-05-01", "day", "stated")
    assert same_page.published == Publication("2017-07", "month", "inferred")
    assert readings().set_index("id")["published"].to_dict() == {
        "same-page": "2017-07 (inferred)",
        "together": "2017-05-01",
    }


def test_an_unknown_publication_date_is_none_and_shown_as_unknown(texts_copy):
    from readinglab import Corpus

    catalog = texts_copy / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert text.count("date: 2017-05-01") == 1
    catalog.write_text(text.replace("date: 2017-05-01", "date: unknown"), encoding="utf-8")
    corpus = Corpus(texts_copy)
    assert corpus.reading("together").published is None
    assert corpus.catalog_row("together")["published"] == "unknown"
