"""The catalog as a table: one row per reading, saying what each one is and how long."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from .corpus import Corpus


def _value(entry: dict, key: str) -> str:
    value = entry.get(key)
    if isinstance(value, dict):
        value = value.get("value") or value.get("text")
    return str(value) if value else "unknown"


def readings(corpus: Corpus) -> pd.DataFrame:
    """A table of the course's readings: what each one is, and how long.

    A date the text does not state, but that its own evidence supports, is
    marked "(inferred)". A title the text does not print is the course's
    working title (see ``title_status``).

    >>> from readinglab import readings
    >>> readings()[["id", "published", "genre", "paragraphs"]]
              id            published              genre  paragraphs
    0  same-page  2017-07 (inferred)  analysis/opinion           9
    1   together           2017-05-01        news report          19
    """
    return pd.DataFrame([catalog_row(corpus, reading_id) for reading_id in corpus.ids])


def catalog_row(corpus: Corpus, reading: Any) -> dict[str, Any]:
    """One reading's row of :func:`readings`, as a dict, without building the others' rows.

    >>> from readinglab.corpus import current_corpus
    >>> current_corpus().catalog_row("together")["published"]
    '2017-05-01'
    """
    reading = corpus.reading(reading)
    entry = corpus.catalog[reading.id]
    title = entry.get("title")
    published = reading.published
    return {
        "id": reading.id,
        "title": reading.title,
        "outlet": _value(entry, "outlet"),
        "published": str(published) if published else "unknown",
        "genre": _value(entry, "genre"),
        "paragraphs": len(reading.paragraphs),
        "words": reading.word_count,
        "title_status": title.get("status", "printed headline") if isinstance(title, dict) else "printed headline",
    }
