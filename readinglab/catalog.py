"""The catalog as a table: one row per reading, and when each reading was published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .corpus import Corpus, current_corpus


@dataclass(frozen=True)
class Publication:
    """When a reading was published, as the ``published`` record of its catalog entry gives it.

    This is the one reader of that record: :func:`readings` shows it as text
    and the timeline chart puts it on a time axis, so the two cannot disagree
    about what an unknown, partial or inferred date is.

    >>> published = publication("same-page")
    >>> str(published), published.precision, published.start
    ('2017-07 (inferred)', 'month', Timestamp('2017-07-01 00:00:00'))
    """

    date: str  # as the catalog writes it: "2017-05-01", or "2017-07" when only the month is known
    precision: str  # "day", "month" or "year": how much of the date the evidence fixes
    status: str  # "stated" by the text, or "inferred" from its evidence

    def __str__(self) -> str:
        return f"{self.date} (inferred)" if self.status == "inferred" else self.date

    @property
    def start(self) -> pd.Timestamp | None:
        """The first day of the date's day, month or year; None if the date cannot be read as one."""
        try:
            start = pd.to_datetime(self.date, format="mixed")
        except (ValueError, TypeError):
            return None
        return None if pd.isna(start) else start


def _publication(entry: dict) -> Publication | None:
    published = entry.get("published")
    if not isinstance(published, dict) or not published.get("date") or str(published["date"]) == "unknown":
        return None
    # YAML reads an unquoted 2017-05-01 as a date and 2017-07 as text: str() gives both as written.
    return Publication(
        str(published["date"]), str(published.get("precision", "day")), str(published.get("status", "stated"))
    )


def publication(reading: Any) -> Publication | None:
    """When a reading (an id or a :class:`~readinglab.reading.Reading`) was published; None if unknown."""
    corpus = current_corpus()
    return _publication(corpus.catalog[corpus.resolve_id(reading)])


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
    return pd.DataFrame([_row(corpus, reading_id) for reading_id in corpus.catalog])


def catalog_row(reading: Any) -> dict[str, Any]:
    """One reading's row of :func:`readings`, as a dict, without building the others' rows.

    >>> catalog_row("together")["published"]
    '2017-05-01'
    """
    corpus = current_corpus()
    return _row(corpus, corpus.resolve_id(reading))


def _row(corpus: Corpus, reading_id: str) -> dict[str, Any]:
    entry = corpus.catalog[reading_id]
    reading = corpus.reading(reading_id)
    title = entry.get("title")
    published = _publication(entry)
    return {
        "id": reading_id,
        "title": reading.title,
        "outlet": _value(entry, "outlet"),
        "published": str(published) if published else "unknown",
        "genre": _value(entry, "genre"),
        "paragraphs": len(reading.paragraphs),
        "words": reading.word_count,
        "title_status": title.get("status", "printed headline") if isinstance(title, dict) else "printed headline",
    }
