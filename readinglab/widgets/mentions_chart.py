"""MentionsChart: who each reading mentions, and how often, as grouped bars."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ..corpus import Corpus
from ._shared import (
    MUTED_GREY,
    chart_image,
    chart_style,
    figure_png,
    new_figure,
    numbers_table,
    reading_colour,
    reading_hatch,
    show_chart,
    widget_corpus,
)

KINDS = {"all": "All kinds", "country": "Countries", "person": "People", "organisation": "Organisations"}
_COLUMNS = ["reading", "actor", "kind", "count"]


class MentionsChart(widgets.VBox):
    """Compare how often each reading mentions each actor: one colour per reading.

    Every name of an actor counts for it ("US", "U.S." and "Washington" all
    count for the United States). Pick a kind of actor to see only
    countries, people or organisations. ``result`` is a tidy table with one
    row per reading and actor mentioned.

    >>> chart = MentionsChart()
    >>> chart.result.head(2)
         reading        actor     kind  count
    0  same-page        China  country     22
    1  same-page  North Korea  country     18
    >>> chart.kind_picker.value = "organisation"
    >>> sorted(set(chart.result["kind"]))
    ['organisation']
    """

    def __init__(self, readings: str | list[str] | None = None, corpus: Corpus | None = None):
        self.corpus = corpus = widget_corpus(corpus)
        self.reading_ids = corpus.resolve_ids(readings)
        self._word_counts = {reading_id: corpus.reading(reading_id).word_count for reading_id in self.reading_ids}
        tables = [corpus.mentions(reading_id).assign(reading=reading_id) for reading_id in self.reading_ids]
        self._all = pd.concat(tables, ignore_index=True)[_COLUMNS]
        self.kind_picker = widgets.Dropdown(
            options=[(label, kind) for kind, label in KINDS.items()],
            value="all",
            description="Show:",
            style={"description_width": "initial"},
        )
        self.figure = None
        self.result = self._all
        self.image = chart_image()
        self.caption = widgets.HTML()
        self.kind_picker.observe(self._update, names="value")
        super().__init__([self.kind_picker, self.image, self.caption])
        self._update()

    def _update(self, change=None) -> None:
        kind = self.kind_picker.value
        table = self._all if kind == "all" else self._all[self._all["kind"] == kind]
        self.result = table.reset_index(drop=True)
        self.figure = self._draw()
        show_chart(self.image, figure_png(self.figure), self._alt_text())
        self.caption.value = self._caption()

    def _draw(self):
        counts = (
            self.result.groupby(["actor", "reading"])["count"]
            .sum()
            .unstack(fill_value=0)
            .reindex(columns=self.reading_ids, fill_value=0)
        )
        counts = counts.assign(total=counts.sum(axis=1)).rename_axis(columns=None).reset_index()
        counts = counts.sort_values(["total", "actor"], ascending=[False, True])
        actors = counts["actor"].tolist()
        group = len(self.reading_ids)
        bar = 0.8 / group
        from matplotlib.ticker import MaxNLocator

        with chart_style():
            figure = new_figure(10, 1.6 + max(len(actors), 2) * (0.15 + 0.16 * group))
            ax = figure.subplots()
            largest = int(counts[self.reading_ids].to_numpy().max()) if actors else 1
            for index, reading_id in enumerate(self.reading_ids):
                positions = [row + (index - (group - 1) / 2) * bar for row in range(len(actors))]
                values = counts[reading_id].tolist() if actors else []
                ax.barh(
                    positions,
                    values,
                    height=bar * 0.95,
                    color=reading_colour(self.corpus, reading_id),
                    hatch=reading_hatch(self.corpus, reading_id),  # a pattern too: never colour alone
                    edgecolor="black",
                    linewidth=0.4,
                    label=f"{reading_id} ({self._word_counts[reading_id]} words)",
                )
                for y, value in zip(positions, values):
                    # A grey 0 says "never mentioned here", rather than leaving a gap that looks like missing data.
                    ax.text(
                        value + largest * 0.01,
                        y,
                        str(value),
                        va="center",
                        fontsize=9.5,
                        color="black" if value else MUTED_GREY,
                    )
            ax.set_yticks(range(len(actors)), actors)
            ax.set_ylim(max(len(actors), 1) - 0.5, -0.5)  # most mentioned at the top
            ax.set_xlim(0, max(largest, 1) * 1.12)
            ax.set_xlabel("Mentions in the article body (every name of an actor counts)")
            ax.set_ylabel("Actor")
            ax.grid(axis="x", color="#e5e5e5")
            ax.set_axisbelow(True)
            if not actors:
                ax.text(0.5, 0.5, "No actors of this kind are mentioned", transform=ax.transAxes, ha="center")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts are whole numbers
            # Above the bars, so a tall chart's key is seen first; one row of entries.
            ax.legend(
                loc="lower left",
                bbox_to_anchor=(0, 1.0),
                ncol=len(self.reading_ids),
                frameon=False,
                borderaxespad=0.3,
                handlelength=1.5,
            )
            which = "" if self.kind_picker.value == "all" else f" ({KINDS[self.kind_picker.value].lower()})"
            ax.set_title(f"Who is mentioned, and how often?{which}", loc="left", pad=30)
        return figure

    def _alt_text(self) -> str:
        """What the chart shows, in words: who each reading mentions most."""
        which = "" if self.kind_picker.value == "all" else f" ({KINDS[self.kind_picker.value].lower()} only)"
        parts = []
        for reading_id in self.reading_ids:
            rows = self.result[self.result["reading"] == reading_id].head(3)
            most = ", ".join(f"{actor} {count} times" for actor, count in zip(rows["actor"], rows["count"]))
            parts.append(f"{reading_id} mentions {most or 'none of this kind'}")
        return (
            f"Bar chart of how often each reading mentions each actor{which}. Most mentioned: " + "; ".join(parts) + "."
        )

    def _caption(self) -> str:
        lines = []
        for reading_id in self.reading_ids:
            rows = self.result[self.result["reading"] == reading_id].head(3)
            most = (
                ", ".join(f"{actor} ({count})" for actor, count in zip(rows["actor"], rows["count"]))
                or "none of this kind"
            )
            lines.append(f"Most mentioned in {reading_id}: {most}.")
        rows = [
            [html.escape(row.reading), html.escape(row.actor), html.escape(row.kind), str(row.count)]
            for row in self.result.itertuples(index=False)
        ]
        table = numbers_table(
            "The numbers behind the chart",
            ["Reading", "Actor", "Kind", "Mentions"],
            rows,
            aligns=["left"] * 3 + ["right"],
        )
        return (
            '<p style="margin:4px 0;font-size:0.95em">'
            + "<br>".join(html.escape(line) for line in lines)
            + "</p>"
            + table
        )
