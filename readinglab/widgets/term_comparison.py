"""TermComparison: which words set two readings apart, as two bar charts side by side."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .._arguments import require_bool, require_int
from ..corpus import Corpus
from ._shared import (
    chart_image,
    chart_style,
    figure_png,
    new_figure,
    numbers_table,
    reading_colour,
    show_chart,
    widget_corpus,
)

# G² above this is significant at p < 0.05 (chi-squared, one degree of freedom).
G2_AT_P05 = 3.84
_MAX_TOP = 30


class TermComparison(widgets.VBox):
    """Chart the words most typical of one reading compared with another.

    Each panel lists the words one reading uses at a higher rate than the
    other, strongest first; a longer bar means a difference less likely to
    be chance (Dunning's log-likelihood G², from ``compare_terms()``). The
    numbers at the bar ends are how often each reading uses the word. Change
    the number for more or fewer words; untick the box to keep common words
    such as "the". The chart's text alternative names the strongest words,
    and the numbers behind it open as a table under the chart.

    >>> chart = TermComparison("same-page", "together", top=3)
    >>> chart.result["word"].tolist()
    ['u.s.', 'regime', 'states', 'us', 'beijing', 'pyongyang']
    >>> chart.top_box.value = 1
    >>> chart.result["word"].tolist()
    ['u.s.', 'us']
    """

    def __init__(self, a: str, b: str, top: int = 10, drop_stopwords: bool = True, corpus: Corpus | None = None):
        self.corpus = corpus = widget_corpus(corpus)
        self.a, self.b = corpus.resolve_id(a), corpus.resolve_id(b)
        require_int("top", top, minimum=1)
        require_bool("drop_stopwords", drop_stopwords)
        self.result = self.corpus.compare_terms(
            self.a, self.b, top=top, drop_stopwords=drop_stopwords
        )  # raises on a == b
        # A number box, not a slider: ipywidgets' slider handle has no accessible name, a labelled
        # <input type="number"> has one, and the arrow keys step it (redrawn on Enter, on leaving it, or on a step).
        self.top_box = widgets.BoundedIntText(
            value=top,
            min=1,
            max=max(_MAX_TOP, top),
            description="Words per reading:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="15em"),
            continuous_update=False,
        )
        self.stopwords_toggle = widgets.Checkbox(
            value=drop_stopwords,
            indent=False,
            layout=widgets.Layout(width="auto"),
            description="Leave out common words (the, of, and, …)",
        )
        self.figure = None
        self.image = chart_image()
        self.caption = widgets.HTML()
        for control in (self.top_box, self.stopwords_toggle):
            control.observe(self._update, names="value")
        super().__init__([widgets.HBox([self.top_box, self.stopwords_toggle]), self.image, self.caption])
        self._update()

    def _update(self, change=None) -> None:
        top = self.top_box.value
        self.result = self.corpus.compare_terms(self.a, self.b, top=top, drop_stopwords=self.stopwords_toggle.value)
        self.figure = self._draw(top)
        show_chart(self.image, figure_png(self.figure), self._alt_text())
        self.caption.value = self._caption()

    def _draw(self, top: int):
        rows = max(top, 3)
        with chart_style():
            figure = new_figure(11, 1.9 + 0.36 * rows)
            axes = figure.subplots(1, 2, sharex=True)
            longest = max(self.result["log_likelihood"].max(), G2_AT_P05) if not self.result.empty else G2_AT_P05
            for ax, reading_id, other_id in ((axes[0], self.a, self.b), (axes[1], self.b, self.a)):
                words = self.result[self.result["distinctive_of"] == reading_id]
                positions = range(len(words))
                ax.barh(
                    list(positions), words["log_likelihood"], color=reading_colour(self.corpus, reading_id), height=0.7
                )
                ax.set_yticks(list(positions), words["word"].tolist())
                ax.set_ylim(rows - 0.5, -0.7)  # strongest at the top; same row height in both panels
                for y, (g2, own, other) in enumerate(zip(words["log_likelihood"], words[reading_id], words[other_id])):
                    ax.text(
                        g2 + longest * 0.015,
                        y,
                        f"{own} vs {other}",
                        va="center",
                        fontsize=10,
                        zorder=3,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
                    )
                if words.empty:
                    ax.text(0.5, 0.5, "No words used more often here", transform=ax.transAxes, ha="center", va="center")
                ax.axvline(G2_AT_P05, color="#555555", linestyle="--", linewidth=1.2, label="G² = 3.84 (p = 0.05)")
                ax.set_title(f"More typical of {reading_id}", color="black")
                ax.set_xlabel("How distinctive (log-likelihood G²)")
                ax.set_xlim(0, longest * 1.28)
            axes[1].legend(loc="lower right", frameon=True)
            words_kind = "content words only" if self.stopwords_toggle.value else "all words"
            figure.suptitle(f"Words that set {self.a} and {self.b} apart ({words_kind})")
            figure.text(
                0.5,
                -0.01,
                "Numbers at the bar ends: times used in that reading vs in the other. "
                "Bars right of the dashed line: a difference that chance would give less than 1 time in 20.",
                ha="center",
                va="top",
                fontsize=10,
            )
        return figure

    def _alt_text(self) -> str:
        """What the chart shows, in words: the strongest words of each side with their counts."""
        parts = []
        for reading_id, other_id in ((self.a, self.b), (self.b, self.a)):
            words = self.result[self.result["distinctive_of"] == reading_id].head(3)
            listed = "; ".join(
                f"“{row['word']}” ({row[reading_id]} times vs {row[other_id]}, G² {row['log_likelihood']:.1f})"
                for _, row in words.iterrows()
            )
            parts.append(f"Most typical of {reading_id}: {listed or 'no word'}.")
        strong = int((self.result["log_likelihood"] > G2_AT_P05).sum())
        return (
            f"Bar charts of the words that set {self.a} and {self.b} apart, strongest first. "
            + " ".join(parts)
            + f" {strong} of the {len(self.result)} words shown pass the dashed line (G² = 3.84, p = 0.05)."
        )

    def _caption(self) -> str:
        parts = []
        for reading_id in (self.a, self.b):
            words = self.result[self.result["distinctive_of"] == reading_id]["word"].tolist()
            listed = ", ".join(words) if words else "none"
            parts.append(f"More typical of {html.escape(reading_id)}: {html.escape(listed)}.")
        rows = [
            [
                html.escape(row["word"]),
                html.escape(row["distinctive_of"]),
                str(row[self.a]),
                str(row[self.b]),
                f"{row['log_likelihood']:.2f}",
            ]
            for _, row in self.result.iterrows()
        ]
        table = numbers_table(
            "The numbers behind the chart",
            ["Word", "More typical of", f"Times in {self.a}", f"Times in {self.b}", "G²"],
            rows,
            aligns=["left", "left", "right", "right", "right"],
        )
        return '<p style="margin:4px 0;font-size:0.95em">' + "<br>".join(parts) + "</p>" + table
