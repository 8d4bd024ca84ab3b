"""What the widgets share: colours, chart style, PNG rendering and small HTML pieces.

Charts are drawn on a bare ``matplotlib.figure.Figure`` (never through
``pyplot``), so no figure is registered globally, none piles up as a
widget redraws, and Jupyter's inline backend never shows a stray copy
below the widget. Each chart is turned into PNG bytes for an
``ipywidgets.Image``, which works the same in JupyterLab, Notebook and Voilà.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterator
from contextlib import contextmanager

from ..corpus import Corpus, current_corpus
from ..palette import OKABE_ITO

# One colour per reading, in the palette's order (the two course readings get the two that contrast most).
READING_COLOURS = tuple(OKABE_ITO.values())
# A second cue besides colour, so a reading is recognisable in greyscale too.
READING_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
# And for bars side by side: a fill pattern per reading (the first plain), so bars are told apart without colour.
READING_HATCHES = ("", "//", "..", "\\\\", "xx", "--", "++", "oo")
# The lightest grey with 4.5:1 contrast on white (WCAG AA): "greyed out" but readable.
MUTED_GREY = "#767676"

CHART_STYLE = {
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.titleweight": "bold",
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 15,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
CHART_DPI = 100


def widget_corpus(corpus: Corpus | None) -> Corpus:
    """The corpus a widget reads: the one it was given, else the current one (as the helpers read)."""
    if corpus is None:
        return current_corpus()
    if not isinstance(corpus, Corpus):
        from ..errors import ArgumentTypeError

        raise ArgumentTypeError(
            f'`corpus` must be a Corpus (for example Corpus("my_texts")) or None, but you gave {type(corpus).__name__}.'
        )
    return corpus


def reading_colour(corpus: Corpus, reading_id: str) -> str:
    """The colour of a reading in every chart: fixed by its place in the catalog."""
    return READING_COLOURS[_reading_index(corpus, reading_id) % len(READING_COLOURS)]


def reading_marker(corpus: Corpus, reading_id: str) -> str:
    """The marker shape of a reading in every chart."""
    return READING_MARKERS[_reading_index(corpus, reading_id) % len(READING_MARKERS)]


def reading_hatch(corpus: Corpus, reading_id: str) -> str:
    """The fill pattern of a reading's bars where bars of several readings stand side by side."""
    return READING_HATCHES[_reading_index(corpus, reading_id) % len(READING_HATCHES)]


def _reading_index(corpus: Corpus, reading_id: str) -> int:
    ids = corpus.ids
    return ids.index(reading_id) if reading_id in ids else len(ids)


@contextmanager
def chart_style() -> Iterator[None]:
    """Readable font sizes and a clean frame for the charts drawn inside the block."""
    import matplotlib

    with matplotlib.rc_context(CHART_STYLE):
        yield


def new_figure(width: float, height: float):
    """A figure that belongs to no pyplot window, so replacing it frees it."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=CHART_DPI, layout="constrained")


def figure_png(figure) -> bytes:
    """The figure as PNG bytes (with no timestamp, so the same chart gives the same bytes)."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=CHART_DPI,
        facecolor="white",
        bbox_inches="tight",
        pad_inches=0.15,
        metadata={"Software": None},
    )
    return buffer.getvalue()


def chart_image():
    """The widget a chart is shown in: an HTML ``<img>``, so it can carry its text alternative (``alt``).

    (ipywidgets' own Image has no ``alt``, and its ``tooltip`` breaks its view in JupyterLab.)
    Fill it with :func:`show_chart`.
    """
    import ipywidgets as widgets

    return widgets.HTML()


def show_chart(image, png: bytes, alt: str) -> None:
    """Show a chart's PNG in ``image`` with its text alternative: what the chart shows, the finding.

    Screen readers announce the ``alt`` text in place of the picture.
    """
    source = base64.b64encode(png).decode("ascii")
    image.value = (
        f'<img src="data:image/png;base64,{source}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto;display:block">'
    )


def live_region(content_html: str = "") -> str:
    """HTML whose content screen readers announce when it appears (a polite status message)."""
    return f'<div role="status" aria-live="polite">{content_html}</div>'


def numbers_table(summary: str, headers: list[str], rows: list[list[str]], *, aligns: list[str] | None = None) -> str:
    """The numbers behind a chart as a table, folded under a summary a keyboard can open (Enter or Space)."""
    return (
        f'<details style="margin:4px 0"><summary style="cursor:pointer">{html.escape(summary)}</summary>'
        f"{html_table(headers, rows, aligns=aligns)}</details>"
    )


def message_html(text: str, *, problem: bool = False) -> str:
    """A one-line message for students: neutral, or a problem to fix (in dark red, with a sign)."""
    if problem:
        return f'<p style="color:#9a3412;margin:4px 0">⚠️ {html.escape(text)}</p>'
    return f'<p style="margin:4px 0">{html.escape(text)}</p>'


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 match", "3 matches"."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


TABLE_STYLE = "border-collapse:collapse;font-size:0.95em;margin-top:4px"
CELL_STYLE = "padding:3px 8px;border-bottom:1px solid #ddd;vertical-align:top"


def html_table(headers: list[str], rows: list[list[str]], *, aligns: list[str] | None = None) -> str:
    """A plain HTML table. ``rows`` hold HTML that the caller has already escaped."""
    aligns = aligns or ["left"] * len(headers)
    head = "".join(
        f'<th scope="col" style="{CELL_STYLE};text-align:{align};border-bottom:2px solid #999">{html.escape(header)}</th>'
        for header, align in zip(headers, aligns)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td style="{CELL_STYLE};text-align:{align}">{cell}</td>' for cell, align in zip(row, aligns))
        + "</tr>"
        for row in rows
    )
    return f'<table style="{TABLE_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def friendly_label(text: str) -> dict:
    """Keyword arguments that give a control a description shown in full, not cut off."""
    return {"description": text, "style": {"description_width": "initial"}}
