"""Figures: the numbers that carry meaning, with their units and sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .corpus import Corpus


def figures(corpus: Corpus, id: str) -> pd.DataFrame:
    """Every meaningful number in a reading, with its unit, the sentence and paragraph.

    ``text`` is the figure as printed, ``value`` as a number, and ``what`` says
    what it measures.

    >>> from readinglab import figures
    >>> figures("same-page")[["text", "value", "unit"]].head(3)
               text         value        unit
    0  $347 billion  347000000000  US dollars
    1       100 day           100        days
    2    90 percent            90     percent
    """
    reading = corpus.reading(id)
    rows = []
    for figure in corpus.annotations(reading.id).figures:
        paragraph = figure["paragraph"]
        sentence = next(
            (s for p, s in reading.sentence_rows if p == paragraph and figure["text"] in s),
            reading.paragraphs[paragraph - 1],
        )
        rows.append(
            {
                "text": figure["text"],
                "value": figure["value"],
                "unit": figure["unit"],
                "what": figure["what"],
                "sentence": sentence,
                "paragraph": paragraph,
            }
        )
    return pd.DataFrame(rows, columns=["text", "value", "unit", "what", "sentence", "paragraph"])
