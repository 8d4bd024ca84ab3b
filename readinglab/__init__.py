"""readinglab: read, count and compare the course's news readings.

Start with::

    >>> from readinglab import *
    >>> readings()[["id", "genre"]]
              id             genre
    0  same-page  analysis/opinion
    1   together       news report

Every function takes reading ids ("same-page", "together") and returns a
pandas DataFrame you can sort, filter and plot. They read the course's own
readings; ``Corpus(folder)`` has the same functions as methods for another
folder of readings. Widgets live in
``readinglab.widgets`` and load only when you import them.
"""

from .corpus import Corpus, Reading, load, use_texts
from .errors import ReadingLabError
from .helpers import compare_terms, context, figures, kwic, mentions, quotes, readings, timeline, word_counts
from .plots import show_plot
from .quotations import find_quotes
from .selfcheck import check

__all__ = [
    "Corpus",
    "Reading",
    "ReadingLabError",
    "check",
    "compare_terms",
    "context",
    "figures",
    "find_quotes",
    "kwic",
    "load",
    "mentions",
    "quotes",
    "readings",
    "show_plot",
    "timeline",
    "use_texts",
    "word_counts",
]
