"""ReadingViewer: read a text with numbered paragraphs, and highlight a word or an actor."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .._arguments import require_bool, require_text
from ..annotations import Actor, ActorRegistry
from ..corpus import Corpus
from ..errors import ArgumentValueError
from ..reading import Reading
from ..text import word_tokens
from ._shared import MUTED_GREY, friendly_label, live_region, plural, widget_corpus

# Yellow, and also bold and underlined: colour is never the only sign of a highlight.
_MARK = '<mark style="background:#F0E442;color:#000;font-weight:bold;text-decoration:underline;padding:0 1px">'


def _find_actor(registry: ActorRegistry, term: str) -> Actor | None:
    """The actor a term names: by id, name or alias as written; else by id or name in any case.

    Aliases only match as written, so "us" stays a word and never becomes the United States.
    """
    aliases = registry.aliases_of(term)
    if aliases:
        return next(actor for actor in registry.actors.values() if actor.aliases == aliases)
    folded = term.casefold()
    for actor in registry.actors.values():
        if folded in (actor.id.casefold(), actor.name.casefold()):
            return actor
    return None


def _word_spans(text: str, wanted: list[str]) -> list[tuple[int, int]]:
    """Where the words ``wanted`` occur in a row in ``text``, matched as kwic() matches them."""
    tokens = word_tokens(text)
    size = len(wanted)
    spans: list[tuple[int, int]] = []
    for i in range(len(tokens) - size + 1):
        if [t.word for t in tokens[i : i + size]] == wanted:
            start, end = tokens[i].start, tokens[i + size - 1].end
            if not spans or start >= spans[-1][1]:  # a repeated phrase must not nest two marks
                spans.append((start, end))
    return spans


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` escaped for HTML, with each span wrapped in <mark>."""
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(html.escape(text[position:start]))
        pieces.append(f"{_MARK}{html.escape(text[start:end])}</mark>")
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces)


class ReadingViewer(widgets.VBox):
    """Read a text with numbered paragraphs, and highlight a word, a phrase or an actor.

    Type in the box to highlight every match. An actor's name (or any of its
    names) highlights all the names the text uses for it: "China" also marks
    "Beijing" and "the Chinese government". Tick the box to see the page
    furniture (related-article links) greyed out where it stood, and give
    ``side_by_side`` a second reading id to read two texts next to each other.

    >>> viewer = ReadingViewer("same-page", term="THAAD")
    >>> viewer.highlight_count
    1
    >>> viewer.term_box.value = "Pyongyang"  # a name of North Korea: all its names count, as in mentions()
    >>> viewer.highlight_count
    18
    >>> ReadingViewer("together", term="Sun").highlight_count  # "Sun Xingjie" and "Sun"
    2
    """

    def __init__(
        self,
        id: str,
        term: str = "",
        show_furniture: bool = False,
        side_by_side: str | None = None,
        corpus: Corpus | None = None,
    ):
        self.corpus = corpus = widget_corpus(corpus)
        first = corpus.reading(id)
        require_text("term", term, allow_empty=True)
        require_bool("show_furniture", show_furniture)
        self.readings: list[Reading] = [first]
        if side_by_side is not None:
            second = corpus.reading(side_by_side)
            if second.id == first.id:
                others = ", ".join(repr(other) for other in corpus.ids if other != first.id)
                raise ArgumentValueError(
                    f"`side_by_side` is '{first.id}', the reading you are already showing. "
                    f"Give another reading's id: {others}."
                )
            self.readings.append(second)
        has_furniture = any(reading.furniture for reading in self.readings)
        self._about_lines = {reading.id: self._about(reading) for reading in self.readings}

        self.term_box = widgets.Text(
            value=term,
            placeholder="a word, a phrase or a name, e.g. THAAD or China",
            continuous_update=True,
            **friendly_label("Highlight:"),
        )
        self.furniture_toggle = widgets.Checkbox(
            value=show_furniture,
            indent=False,
            disabled=not has_furniture,
            description=(
                "Show page furniture (related-article links, not part of the article)"
                if has_furniture
                else "No page furniture in this reading"
            ),
            layout=widgets.Layout(width="auto"),
        )
        self.summary = widgets.HTML()
        self.html = widgets.HTML()
        self.highlight_count = 0
        self.term_box.observe(self._update, names="value")
        self.furniture_toggle.observe(self._update, names="value")
        super().__init__([widgets.HBox([self.term_box, self.furniture_toggle]), self.summary, self.html])
        self._update()

    def _update(self, change=None) -> None:
        term = self.term_box.value.strip()
        actor = _find_actor(self.corpus.actors, term) if term else None
        wanted = [t.word for t in word_tokens(term)] if term else []

        def spans_in(text: str) -> list[tuple[int, int]]:
            if actor is not None:
                registry = self.corpus.actors
                return [(start, end) for start, end, actor_id in registry.mention_spans(text) if actor_id == actor.id]
            return _word_spans(text, wanted) if wanted else []

        columns, counts = [], []
        for reading in self.readings:
            column, body_count, furniture_count = self._render(reading, spans_in)
            columns.append(column)
            counts.append((reading.id, body_count, furniture_count))
        self.highlight_count = sum(body + furniture for _, body, furniture in counts)
        if len(columns) == 1:
            self.html.value = columns[0]
        else:
            cells = "".join(f'<div style="flex:1 1 0;min-width:0">{column}</div>' for column in columns)
            self.html.value = f'<div style="display:flex;gap:24px;align-items:flex-start">{cells}</div>'
        # A live region: a screen reader announces the new count of matches or mentions.
        self.summary.value = live_region(self._summary(term, actor, wanted, counts))

    def _render(self, reading: Reading, spans_in) -> tuple[str, int, int]:
        show_furniture = self.furniture_toggle.value
        body_count = furniture_count = 0
        blocks = [f'<h3 style="margin:4px 0">{html.escape(reading.title)}</h3>', self._about_lines[reading.id]]
        for kind, item in reading.layout:  # the page in order, as the corpus cut it up
            if kind == "body":
                text = reading.paragraphs[item - 1]
                spans = spans_in(text)
                body_count += len(spans)
                blocks.append(
                    f'<p style="margin:6px 0;line-height:1.5"><span style="display:inline-block;min-width:2.2em;'
                    f'color:{MUTED_GREY};font-size:0.85em" title="paragraph {item}">¶{item}</span>{_marked(text, spans)}</p>'
                )
            elif kind == "furniture" and show_furniture:  # the other parts (headline, kicker...) stay off the page
                spans = spans_in(item)
                furniture_count += len(spans)
                blocks.append(
                    f'<p style="margin:6px 0 6px 2.2em;color:{MUTED_GREY};font-style:italic;'
                    f'border-left:3px solid #ccc;padding-left:6px">'
                    f'<span style="font-size:0.8em;font-style:normal">[page furniture, not part of the article]</span> '
                    f"{_marked(item, spans)}</p>"
                )
        return "".join(blocks), body_count, furniture_count

    def _about(self, reading: Reading) -> str:
        row = self.corpus.catalog_row(reading)  # the readings() row, so the line says what the table says
        title_note = " · working title (the text prints no headline)" if row["title_status"] == "working title" else ""
        return (
            f'<p style="margin:0 0 8px 0;color:{MUTED_GREY};font-size:0.9em">'
            f"{html.escape(reading.id)} · {html.escape(str(row['genre']))} · published {html.escape(str(row['published']))}"
            f"{html.escape(title_note)} · paragraphs numbered ¶1 to ¶{len(reading.paragraphs)}</p>"
        )

    def _summary(self, term: str, actor: Actor | None, wanted: list[str], counts: list[tuple[str, int, int]]) -> str:
        if not term:
            return '<p style="margin:4px 0">Type a word, a phrase or a name in the box to highlight it.</p>'
        if actor is None and not wanted:
            return (
                f'<p style="margin:4px 0">“{html.escape(term)}” has no letters or digits to look for. '
                "Type a word, for example THAAD.</p>"
            )
        parts = []
        for reading_id, body, furniture in counts:
            found = plural(body, "mention") if actor is not None else plural(body, "match", "matches")
            text = f"{found} in the body of {reading_id}"
            if furniture:
                text += f" (and {furniture} in page furniture)"
            parts.append(text)
        if actor is not None:
            names = ", ".join(f"“{alias}”" for alias in self.corpus.actors.aliases_of(actor.id))
            what = f"every name the texts use for {actor.name} ({names}; capitals must match)"
        else:
            what = f"the {'phrase' if len(wanted) > 1 else 'word'} “{term}” (any case, whole words)"
        return f'<p style="margin:4px 0">Highlighting {html.escape(what)}: {html.escape("; ".join(parts))}.</p>'
