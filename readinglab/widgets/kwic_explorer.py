"""KwicExplorer: a live keyword-in-context table that updates as you type."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .._arguments import require_int, require_text
from ..corpus import Corpus
from ..errors import ReadingLabError
from ._shared import html_table, live_region, message_html, plural, widget_corpus

_COLUMNS = ["reading", "paragraph", "left", "keyword", "right"]
_MAX_WINDOW = 15


class KwicExplorer(widgets.VBox):
    """Find every place a word or phrase occurs, with the words around it.

    Type in the box and the table follows as you type; pick the readings to
    search and how many words of context to show either side. The count of
    matches is announced to screen readers as it changes. ``result``
    holds the table as a DataFrame, the same as ``kwic()`` gives. It reads the
    current readings, or the ``corpus`` you give it.

    >>> explorer = KwicExplorer("THAAD")
    >>> explorer.result[["reading", "paragraph", "keyword"]]
         reading  paragraph keyword
    0  same-page          3   THAAD
    >>> explorer.term_box.value = "red line"
    >>> explorer.result["reading"].tolist()
    ['together']
    """

    def __init__(
        self, term: str = "", readings: str | list[str] | None = None, window: int = 6, corpus: Corpus | None = None
    ):
        self.corpus = widget_corpus(corpus)
        require_text("term", term, allow_empty=True)
        require_int("window", window, minimum=0)
        chosen = self.corpus.resolve_ids(readings)
        self.term_box = widgets.Text(
            value=term,
            placeholder="a word or phrase, e.g. THAAD",
            continuous_update=True,
            description="Word or phrase:",
            style={"description_width": "initial"},
        )
        ids = self.corpus.ids
        self.readings_picker = widgets.SelectMultiple(
            options=ids,
            value=tuple(chosen),
            rows=min(len(ids), 6),
            description="Readings:",
            tooltip="Ctrl-click (Cmd-click on a Mac) to pick several",
            style={"description_width": "initial"},
        )
        # A number box, not a slider: ipywidgets' slider handle has no accessible name, a labelled
        # <input type="number"> has one, and the arrow keys step it.
        self.window_box = widgets.BoundedIntText(
            value=window,
            min=0,
            max=max(_MAX_WINDOW, window),
            description="Words either side:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="15em"),
            continuous_update=True,
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.result = pd.DataFrame(columns=_COLUMNS)
        for control in (self.term_box, self.readings_picker, self.window_box):
            control.observe(self._update, names="value")
        hint = widgets.HTML(
            '<span style="font-size:0.85em">Ctrl-click (Cmd-click on a Mac) to pick several readings.</span>'
        )
        super().__init__(
            [
                self.term_box,
                widgets.HBox([widgets.VBox([self.readings_picker, hint]), self.window_box]),
                self.summary,
                self.table,
            ]
        )
        self._update()

    def _update(self, change=None) -> None:
        self.table.value = ""
        # The summary sits in a live region: a screen reader announces the new count (or problem) as it comes.
        self.summary.value = live_region(self._search())

    def _search(self) -> str:
        """Search, fill ``result`` and the table, and say what came of it (HTML)."""
        term = self.term_box.value
        self.result = pd.DataFrame(columns=_COLUMNS)
        if not term.strip():
            return message_html("Type a word or phrase in the box, for example THAAD.")
        if not self.readings_picker.value:
            return message_html("Pick at least one reading in the list to search.", problem=True)
        try:
            self.result = self.corpus.kwic(
                term, readings=list(self.readings_picker.value), window=self.window_box.value
            )
        except ReadingLabError as error:
            return message_html(str(error), problem=True)
        searched = ", ".join(self.readings_picker.value)
        if self.result.empty:
            return message_html(
                f"No matches for “{term.strip()}” in {searched}. Check the spelling, try another form of the word "
                "(kwic matches whole words: “missile” does not find “missiles”), or pick more readings."
            )
        rows = [
            [
                html.escape(row.reading),
                str(row.paragraph),
                html.escape(row.left),
                f"<mark><strong>{html.escape(row.keyword)}</strong></mark>",
                html.escape(row.right),
            ]
            for row in self.result.itertuples(index=False)
        ]
        self.table.value = html_table(
            ["Reading", "¶", "Before", "Match", "After"], rows, aligns=["left", "right", "right", "center", "left"]
        )
        return message_html(f"{plural(len(self.result), 'match', 'matches')} for “{term.strip()}” in {searched}.")
