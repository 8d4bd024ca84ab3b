"""QuoteBrowser: every annotated quotation, filtered by speaker and reading."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ..corpus import Corpus
from ._shared import html_table, live_region, message_html, plural, widget_corpus

ALL_SPEAKERS = "All speakers"
ALL_READINGS = "All readings"
_COLUMNS = ["reading", "paragraph", "speaker", "role", "quote", "kind", "cue", "attribution"]
_INFERRED_NOTE = (
    "“inferred”: the quotation's paragraph names no speaker; it runs on from an earlier quotation, "
    "and the speaker is worked out from the paragraphs before it."
)


class QuoteBrowser(widgets.VBox):
    """Browse who is quoted, saying what, where: pick a speaker, a reading, or both.

    "direct" marks a quoted statement, "partial" a quoted phrase inside the
    writer's own sentence. The Attribution column says whether the text
    names the speaker ("stated") or the course works it out ("inferred"),
    as in :func:`readinglab.quotes`. ``result`` holds the quotations shown.

    >>> browser = QuoteBrowser()
    >>> browser.speaker_picker.value = "Sun Xingjie"
    >>> browser.result[["paragraph", "speaker", "kind", "attribution"]]
       paragraph      speaker     kind attribution
    0          8  Sun Xingjie   direct      stated
    1          9  Sun Xingjie  partial      stated
    2          9  Sun Xingjie  partial      stated
    3         10  Sun Xingjie   direct    inferred
    """

    def __init__(self, corpus: Corpus | None = None):
        self.corpus = widget_corpus(corpus)
        ids = self.corpus.ids
        tables = [self.corpus.quotes(reading_id).assign(reading=reading_id) for reading_id in ids]
        self._all = pd.concat(tables, ignore_index=True)[_COLUMNS]
        speakers = sorted(set(self._all["speaker"]))
        self.speaker_picker = widgets.Dropdown(
            options=[ALL_SPEAKERS, *speakers],
            value=ALL_SPEAKERS,
            description="Speaker:",
            style={"description_width": "initial"},
        )
        self.reading_picker = widgets.Dropdown(
            options=[ALL_READINGS, *ids],
            value=ALL_READINGS,
            description="Reading:",
            style={"description_width": "initial"},
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.result = self._all
        for picker in (self.speaker_picker, self.reading_picker):
            picker.observe(self._update, names="value")
        super().__init__([widgets.HBox([self.speaker_picker, self.reading_picker]), self.summary, self.table])
        self._update()

    def _update(self, change=None) -> None:
        speaker, reading = self.speaker_picker.value, self.reading_picker.value
        table = self._all
        if speaker != ALL_SPEAKERS:
            table = table[table["speaker"] == speaker]
        if reading != ALL_READINGS:
            table = table[table["reading"] == reading]
        self.result = table.reset_index(drop=True)
        who = "anyone" if speaker == ALL_SPEAKERS else speaker
        where = "any reading" if reading == ALL_READINGS else reading
        if self.result.empty:
            self.summary.value = live_region(
                message_html(f"No quotations of {who} in {where}. Pick another speaker or reading.")
            )
            self.table.value = ""
            return
        summary = f"{plural(len(self.result), 'quotation')} of {who} in {where}."
        if (self.result["attribution"] == "inferred").any():
            summary += " " + _INFERRED_NOTE
        self.summary.value = live_region(message_html(summary))
        rows = [
            [
                f"<strong>{html.escape(row.speaker)}</strong>",
                html.escape(row.role),
                f"“{html.escape(row.quote)}”",
                html.escape(row.reading),
                str(row.paragraph),
                html.escape(row.kind),
                f"<em>{html.escape(row.attribution)}</em>"
                if row.attribution == "inferred"
                else html.escape(row.attribution),
            ]
            for row in self.result.itertuples(index=False)
        ]
        self.table.value = html_table(
            ["Speaker", "Role", "Quotation", "Reading", "¶", "Kind", "Attribution"],
            rows,
            aligns=["left", "left", "left", "left", "right", "left", "left"],
        )
