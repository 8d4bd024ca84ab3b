"""readinglab: read, count and compare the course's news readings.

Start with::

    >>> from readinglab import *
    >>> readings()[["id", "genre"]]
              id             genre
    0  same-page  analysis/opinion
    1   together       news report

Every function takes reading ids ("same-page", "together") and returns a
pandas DataFrame you can sort, filter and plot. Widgets live in
``readinglab.widgets`` and load only when you import them.
"""

from .catalog import readings
from .concordance import kwic
from .corpus import Reading, load, use_texts
from .errors import ReadingLabError
from .figures import figures
from .mentions import mentions
from .quotations import find_quotes, quotes
from .selfcheck import check
from .timeline import timeline
from .words import compare_terms, word_counts

__all__ = [
    "Reading",
    "ReadingLabError",
    "check",
    "compare_terms",
    "figures",
    "find_quotes",
    "kwic",
    "load",
    "mentions",
    "quotes",
    "readings",
    "timeline",
    "use_texts",
    "word_counts",
]
