"""Who a reading mentions, and how often, with every alias counted as its actor."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .corpus import Corpus


def mentions(corpus: Corpus, id: str) -> pd.DataFrame:
    """How often each actor is mentioned in a reading's body, by any of its names.

    Aliases are merged: "U.S.", "US", "United States" and "Washington" all
    count for the United States. Case matters where it carries meaning, so
    "US" counts and "us" does not. The aliases are in
    ``source_texts/annotations/actors.yaml``.

    >>> from readinglab import mentions
    >>> mentions("together").head(3)
               actor     kind  count
    0    North Korea  country     20
    1          China  country     19
    2  United States  country     12
    """
    reading = corpus.reading(id)
    registry = corpus.actors
    counts: Counter = Counter()
    for paragraph in reading.paragraphs:
        counts.update(actor_id for _, _, actor_id in registry.mention_spans(paragraph))
    rows = [
        {"actor": registry.actors[actor_id].name, "kind": registry.actors[actor_id].kind, "count": count}
        for actor_id, count in counts.items()
    ]
    table = pd.DataFrame(rows, columns=["actor", "kind", "count"])
    return table.sort_values(["count", "actor"], ascending=[False, True], ignore_index=True)
