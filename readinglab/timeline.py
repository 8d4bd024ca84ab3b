"""The dated events of every reading, on one timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .corpus import Corpus


def timeline(corpus: Corpus) -> pd.DataFrame:
    """Every dated event in every reading, earliest first.

    ``precision`` says how exact the date is (year, month or day), and
    ``basis`` how we know it: "stated" in the text, "relative" (worked out
    from "last week" and the like against the publication date) or
    "inferred" from the text's own evidence. ``start`` is the first day of
    the period, for plotting.

    >>> from readinglab import timeline
    >>> timeline()[["date", "reading", "paragraph"]].head(2)
       date    reading  paragraph
    0  2016  same-page          2
    1  2017  same-page          3
    """
    rows = [
        {
            "date": event["date"],
            "precision": event["precision"],
            "event": event["event"],
            "reading": reading_id,
            "paragraph": event["paragraph"],
            "basis": event["basis"],
            "evidence": event["evidence"],
        }
        for reading_id in corpus.ids
        for event in corpus.annotations(reading_id).events
    ]
    table = pd.DataFrame(rows, columns=["date", "precision", "event", "reading", "paragraph", "basis", "evidence"])
    table["start"] = pd.to_datetime(table["date"], format="mixed")
    return table.sort_values(["start", "reading", "paragraph"], ignore_index=True)
