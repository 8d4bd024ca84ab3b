"""Interactive widgets for the lessons: read, search, compare and check yourself.

Importing this package loads ipywidgets and matplotlib; ``import readinglab``
alone does not. Each widget shows itself when it is the last line of a cell:

    >>> from readinglab.widgets import KwicExplorer
    >>> explorer = KwicExplorer("THAAD")
    >>> len(explorer.result)
    1

Widgets take the same reading ids as the rest of readinglab, and wrong ids or
types raise the same errors (``readinglab.errors``).
"""

from .kwic_explorer import KwicExplorer
from .mentions_chart import MentionsChart
from .quote_browser import QuoteBrowser
from .reading_viewer import ReadingViewer
from .self_check import SelfCheck
from .term_comparison import TermComparison
from .timeline_chart import Timeline

__all__ = ["KwicExplorer", "MentionsChart", "QuoteBrowser", "ReadingViewer", "SelfCheck", "TermComparison", "Timeline"]
