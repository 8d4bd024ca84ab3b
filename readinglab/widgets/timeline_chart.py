"""Timeline: the dated events of every reading on one time axis, as precisely as the texts date them."""

from __future__ import annotations

import html
import textwrap

import ipywidgets as widgets
import pandas as pd

from ..corpus import Corpus
from ..errors import ArgumentTypeError
from ..palette import OKABE_ITO
from ._shared import (
    MUTED_GREY,
    chart_image,
    chart_style,
    figure_png,
    new_figure,
    numbers_table,
    reading_colour,
    reading_marker,
    show_chart,
    widget_corpus,
)

_PERIOD = {"day": pd.DateOffset(days=1), "month": pd.DateOffset(months=1), "year": pd.DateOffset(years=1)}
_BASIS = {"stated": "date stated", "relative": "date worked out", "inferred": "date inferred"}
# Outside evidence (source_texts/context.yaml) is told apart by three cues, never by colour alone: its own
# marker shape (a hexagon, which no reading uses), its own label and a legend entry; and a palette colour.
OUTSIDE = "outside evidence"
OUTSIDE_COLOUR = OKABE_ITO["reddish purple"]
OUTSIDE_MARKER = "h"


class Timeline(widgets.VBox):
    """Every dated event in the readings on one time axis, one colour and marker per reading.

    An event the text dates only to a month or a year is drawn as a bar
    over that whole month or year, with a hollow marker in its middle: the
    text does not say which day. Each label gives the reading, the
    paragraph and how the date is known (stated, worked out from "last
    week" and the like, or inferred). Dotted lines show when each reading
    was published (a shaded band where only the month is known).

    ``Timeline(context=True)`` adds the dated events from outside the texts
    (``context()``, from ``source_texts/context.yaml``) that fall in the years
    the readings' own events cover, each marked as outside evidence: a
    hexagon, "outside evidence" in its label, and a legend entry. ``result``
    then has an ``origin`` column ("in the reading" or "outside evidence")
    and a ``context_id`` column.

    >>> chart = Timeline()
    >>> chart.result[["date", "precision", "reading"]].head(2)
       date precision    reading
    0  2016      year  same-page
    1  2017      year  same-page
    >>> outside = Timeline(context=True).result
    >>> outside[outside["origin"] == "outside evidence"][["date", "context_id"]].head(2)
             date           context_id
    3  2017-02-18  china-suspends-coal-imports
    9  2017-04-06            mar-a-lago-summit
    """

    def __init__(self, corpus: Corpus | None = None, context: bool = False):
        if not isinstance(context, bool):
            raise ArgumentTypeError(
                f"`context` must be True (show the outside events too) or False, but you gave "
                f"{type(context).__name__} {context!r}."
            )
        self.corpus = widget_corpus(corpus)
        self.context = context
        self.left_out = 0  # outside events before or after the years the chart covers
        self.result = self._with_context(self.corpus.timeline()) if context else self.corpus.timeline()
        self.image = chart_image()
        self.caption = widgets.HTML()
        self.figure = self._draw()
        show_chart(self.image, figure_png(self.figure), self._alt_text())
        self.caption.value = self._caption()
        super().__init__([self.image, self.caption])

    def _publications(self) -> list[tuple[str, tuple]]:
        """(reading id, (start, precision, status)) for each reading whose publication date is known."""
        publications = []
        for reading_id in self.corpus.ids:  # the catalog's dates, read by its own reader; an unknown one is left off
            published = self.corpus.reading(reading_id).published
            start = published.start if published else None
            if start is not None:
                publications.append((reading_id, (start, published.precision, published.status)))
        return publications

    def _with_context(self, events: pd.DataFrame) -> pd.DataFrame:
        """The readings' events and the outside events of the same years, earliest first, each row saying which."""
        outside = self.corpus.context()
        starts = list(events["start"]) + [p[0] for _, p in self._publications()]
        if starts and len(outside):
            first, last = min(starts).year, max(starts).year
            within = (outside["start"] >= pd.Timestamp(first, 1, 1)) & (outside["start"] < pd.Timestamp(last + 1, 1, 1))
            self.left_out = int((~within).sum())
            outside = outside[within]
        rows = pd.DataFrame(
            {
                "date": outside["date"],
                "precision": outside["precision"],
                "event": outside["line"],
                "reading": None,
                "paragraph": None,
                "basis": None,
                "evidence": outside["sources"],
                "start": outside["start"],
                "origin": OUTSIDE,
                "context_id": outside["id"],
            }
        )
        inside = events.assign(origin="in the reading", context_id=None)
        table = pd.concat([inside, rows], ignore_index=True) if len(rows) else inside
        table["paragraph"] = table["paragraph"].astype(object)
        return table.sort_values(["start", "origin", "reading", "paragraph"], ignore_index=True, na_position="last")

    def _draw(self):
        import matplotlib.dates as mdates
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        events = self.result
        ids = self.corpus.ids
        with chart_style():
            figure = new_figure(11, 2.6 + 0.62 * max(len(events), 2))
            ax = figure.subplots()
            is_outside = [getattr(event, "origin", None) == OUTSIDE for event in events.itertuples(index=False)]
            for row, event in enumerate(events.itertuples(index=False)):
                if is_outside[row]:
                    colour, marker = OUTSIDE_COLOUR, OUTSIDE_MARKER
                else:
                    colour = reading_colour(self.corpus, event.reading)
                    marker = reading_marker(self.corpus, event.reading)
                start = event.start
                if event.precision == "day":
                    size = 12 if is_outside[row] else 10  # a hexagon looks smaller than a circle of the same size
                    ax.plot(mdates.date2num(start), row, marker=marker, markersize=size, color=colour, linestyle="none")
                    continue
                end = start + _PERIOD[event.precision]
                left, right = mdates.date2num(start), mdates.date2num(end)
                ax.barh(
                    row,
                    right - left,
                    left=left,
                    height=0.5,
                    color=colour,
                    alpha=0.3,
                    edgecolor=colour,
                    linewidth=1.5,
                    hatch="//" if is_outside[row] else None,
                    gid="outside-period" if is_outside[row] else "event-period",
                )
                ax.plot(
                    (left + right) / 2,
                    row,
                    marker=marker,
                    markersize=10,
                    markerfacecolor="white",
                    markeredgecolor=colour,
                    markeredgewidth=2,
                    linestyle="none",
                )
            labels = [
                # An outside event's line can be long: two lines of it, then where to read the rest.
                textwrap.fill(textwrap.shorten(event.event, 100, placeholder=" …") if outside else event.event, 54)
                + (
                    f"\n(outside evidence: context:{event.context_id})"
                    if outside
                    else f"\n({event.reading} ¶{event.paragraph}, {_BASIS.get(event.basis, event.basis)})"
                )
                for event, outside in zip(events.itertuples(index=False), is_outside)
            ]
            ax.set_yticks(range(len(events)), labels, fontsize=10)
            for label, outside in zip(ax.get_yticklabels(), is_outside):
                if outside:
                    label.set_fontstyle("italic")
            publications = self._publications()
            # One line of labels per publication above the first event, so labels never overlap.
            label_rows = [-0.8 - 0.5 * k for k in range(len(publications))]
            ax.set_ylim(len(events) - 0.4, (label_rows[-1] if label_rows else -0.4) - 0.4)
            periods = [
                (event.start, event.start + _PERIOD[event.precision]) for event in events.itertuples(index=False)
            ]
            periods += [(p[0], p[0] + _PERIOD.get(p[1], _PERIOD["day"])) for _, p in publications]
            first = min(start for start, _ in periods) - pd.DateOffset(months=1)
            last = max(end for _, end in periods) + pd.DateOffset(months=1)
            ax.set_xlim(mdates.date2num(first), mdates.date2num(last))
            middle = mdates.date2num(first) + (mdates.date2num(last) - mdates.date2num(first)) / 2
            for (reading_id, (start, precision, status)), y in zip(publications, label_rows):
                colour = reading_colour(self.corpus, reading_id)
                when = f"{start.day} {start:%b %Y}" if precision == "day" else f"{start:%b %Y}"
                label = f"{reading_id} published {when}" + (" (inferred)" if status == "inferred" else "")
                x = mdates.date2num(start)
                ax.axvline(x, color=colour, linestyle=":", linewidth=2.5)
                if precision != "day":  # only the month or year is known: shade all of it
                    end = start + _PERIOD.get(precision, _PERIOD["day"])
                    ax.axvspan(x, mdates.date2num(end), color=colour, alpha=0.12, linewidth=0)
                right_half = x > middle
                ax.text(
                    x,
                    y,
                    (label + " ") if right_half else (" " + label),
                    fontsize=10,
                    va="center",
                    ha="right" if right_half else "left",
                    bbox={"facecolor": "white", "edgecolor": colour, "boxstyle": "round,pad=0.25"},
                )
            ax.xaxis_date()
            locator = mdates.MonthLocator(bymonth=(1, 4, 7, 10))
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
            ax.xaxis.set_minor_locator(mdates.MonthLocator())
            ax.grid(axis="x", which="major", color="#dddddd")
            ax.set_axisbelow(True)
            ax.set_xlabel("Date")
            ax.set_title("When did it happen? Dated events in the readings", loc="left")
            handles = [
                Line2D(
                    [],
                    [],
                    marker=reading_marker(self.corpus, r),
                    markerfacecolor="white",
                    markeredgecolor=reading_colour(self.corpus, r),
                    markeredgewidth=2,
                    markersize=10,
                    linestyle="none",
                    label=f"Event in {r}",
                )
                for r in ids
                if r in set(events["reading"])
            ]
            if any(is_outside):
                handles.append(
                    Line2D(
                        [],
                        [],
                        marker=OUTSIDE_MARKER,
                        color=OUTSIDE_COLOUR,
                        markersize=11,
                        linestyle="none",
                        label="Outside evidence (context.yaml): not in either text",
                    )
                )
            precisions = set(events["precision"])
            if precisions & {"month", "year"}:
                handles.append(
                    Patch(
                        facecolor=MUTED_GREY,
                        alpha=0.3,
                        edgecolor=MUTED_GREY,
                        label="Bar + hollow marker: the text gives only the month or year",
                    )
                )
            if "day" in precisions:
                handles.append(
                    Line2D(
                        [],
                        [],
                        marker="o",
                        color=MUTED_GREY,
                        markersize=10,
                        linestyle="none",
                        label="Filled marker: the text gives the exact day",
                    )
                )
            handles.append(
                Line2D([], [], color=MUTED_GREY, linestyle=":", linewidth=2.5, label="When a reading was published")
            )
            figure.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False)
        return figure

    def _alt_text(self) -> str:
        """What the chart shows, in words: how many events, from when to when, and when each reading came out."""
        events = self.result
        first, last = events.iloc[0], events.iloc[-1]

        def short(event: str) -> str:
            return textwrap.shorten(event.rstrip("."), 90, placeholder=" …")

        text = (
            f"Timeline of {len(events)} dated events, from {first['date']} ({short(first['event'])}) "
            f"to {last['date']} ({short(last['event'])})."
        )
        counts = events["precision"].value_counts()
        vague = int(counts.get("month", 0) + counts.get("year", 0))
        if vague:
            text += f" {vague} of them are dated only to the month or year, drawn as bars over that period."
        if self.context:
            outside = int((events["origin"] == OUTSIDE).sum())
            text += f" {outside} are outside evidence from context.yaml, not from the texts."
        for reading_id, (start, precision, status) in self._publications():
            when = f"{start.day} {start:%B %Y}" if precision == "day" else f"{start:%B %Y}"
            text += f" {reading_id} was published {when}" + (" (inferred)." if status == "inferred" else ".")
        return text + " Every event is listed in the table below the chart."

    def _caption(self) -> str:
        counts = self.result["precision"].value_counts()
        parts = [f"{counts.get(p, 0)} dated to the {p}" for p in ("day", "month", "year") if counts.get(p, 0)]
        text = f"{len(self.result)} dated events: " + ", ".join(parts) + "."
        if self.context:
            outside = int((self.result["origin"] == OUTSIDE).sum())
            text += f" {outside} of them are outside evidence, from context.yaml, not from the texts."
            if self.left_out:
                text += f" {self.left_out} outside events from other years are not drawn: context() lists them all."
        rows = []
        for event in self.result.itertuples(index=False):
            outside = getattr(event, "origin", None) == OUTSIDE
            where = (
                f"outside evidence (context:{event.context_id})"
                if outside
                else f"{event.reading} ¶{event.paragraph}, {_BASIS.get(event.basis, event.basis)}"
            )
            rows.append(
                [
                    html.escape(str(event.date)),
                    html.escape(event.precision),
                    html.escape(event.event),
                    html.escape(where),
                ]
            )
        table = numbers_table("Every event in the chart, as a table", ["Date", "Dated to the", "Event", "Where"], rows)
        return f'<p style="margin:4px 0;font-size:0.95em">{html.escape(text)}</p>{table}'
