"""show_plot(): a plot every student can read, with or without seeing it.

JupyterLab shows a plain matplotlib plot as an image with no text alternative: a screen reader
announces nothing, or "image". ``show_plot`` shows the same picture with ``alt`` text that says what
the plot finds (not "a bar chart"), and the numbers behind it as a table that opens under it
(keyboard: Tab to "The numbers behind the chart", then Enter).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from readinglab import show_plot
    >>> counts = pd.DataFrame({"reading": ["same-page", "together"], "paragraphs": [9, 15]})
    >>> fig, ax = plt.subplots()
    >>> bars = ax.bar(counts["reading"], counts["paragraphs"])
    >>> plot = show_plot(fig, alt="together has 15 paragraphs, same-page 9.", numbers=counts)
    >>> plot.alt
    'together has 15 paragraphs, same-page 9.'

In a notebook, ``show_plot(...)`` as the last line of a cell shows the plot in place of ``plt.show()``.
Matplotlib and IPython load only when it is called.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from typing import TYPE_CHECKING

from ._arguments import require_text

if TYPE_CHECKING:
    import pandas as pd

NUMBERS_SUMMARY = "The numbers behind the chart"


class Plot:
    """A plot as Jupyter shows it: the picture with its ``alt`` text, then its ``numbers`` as a table."""

    def __init__(self, png: bytes, alt: str, numbers: pd.DataFrame, index: bool):
        self.png, self.alt, self.numbers, self._index = png, alt, numbers, index

    def _repr_html_(self) -> str:
        source = base64.b64encode(self.png).decode("ascii")
        table = self.numbers.to_html(index=self._index, border=0)
        return (
            f'<figure style="margin:0">'
            f'<img src="data:image/png;base64,{source}" alt="{html.escape(self.alt, quote=True)}" '
            'style="max-width:100%;height:auto">'
            f'<details style="margin:4px 0"><summary style="cursor:pointer">{NUMBERS_SUMMARY}</summary>'
            f"{table}</details></figure>"
        )

    def __repr__(self) -> str:
        return f"{self.alt}\n{NUMBERS_SUMMARY}:\n{self.numbers.to_string(index=self._index)}"


def show_plot(figure, alt: str, numbers: pd.DataFrame, *, index: bool = False) -> Plot:
    """Show a matplotlib ``figure`` with its text alternative ``alt`` and its ``numbers`` as a table.

    ``alt`` says the finding in a sentence or two, as you would to someone on the phone. ``numbers``
    is the DataFrame the plot was drawn from (``index=True`` shows its index too). The figure is
    closed, so Jupyter does not show it a second time without its text.
    """
    import pandas as pd

    from .errors import ArgumentTypeError

    require_text("alt", alt)
    if not isinstance(numbers, pd.DataFrame):
        raise ArgumentTypeError(
            f"`numbers` must be the pandas DataFrame the plot was drawn from, but you gave {type(numbers).__name__}."
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    if "matplotlib.pyplot" in sys.modules:  # a figure made with pyplot: close it there
        sys.modules["matplotlib.pyplot"].close(figure)
    return Plot(buffer.getvalue(), alt.strip(), numbers, index)
