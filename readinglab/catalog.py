"""The catalog as a table: one row per reading."""

from __future__ import annotations

import pandas as pd

from .corpus import current_corpus


def _published(entry: dict) -> str:
    published = entry.get("published") or {}
    if not isinstance(published, dict) or not published.get("date") or published.get("date") == "unknown":
        return "unknown"
    date = str(published["date"])
    return f"{date} (inferred)" if published.get("status") == "inferred" else date


def _value(entry: dict, key: str) -> str:
    value = entry.get(key)
    if isinstance(value, dict):
        value = value.get("value") or value.get("text")
    return str(value) if value else "unknown"


def readings() -> pd.DataFrame:
    """A table of the course's readings: what each one is, and how long.

    A date the text does not state, but that its own evidence supports, is
    marked "(inferred)". A title the text does not print is the course's
    working title (see ``title_status``).

    >>> readings()[["id", "published", "genre", "paragraphs"]]
              id            published              genre  paragraphs
    0  same-page  2017-07 (inferred)  analysis/opinion           9
    1   together           2017-05-01        news report          19
    """
    corpus = current_corpus()
    rows = []
    for reading_id, entry in corpus.catalog.items():
        reading = corpus.reading(reading_id)
        title = entry.get("title")
        rows.append(
            {
                "id": reading_id,
                "title": reading.title,
                "outlet": _value(entry, "outlet"),
                "published": _published(entry),
                "genre": _value(entry, "genre"),
                "paragraphs": len(reading.paragraphs),
                "words": reading.word_count,
                "title_status": title.get("status", "printed headline") if isinstance(title, dict) else "printed headline",
            }
        )
    return pd.DataFrame(rows)
