"""One reading: its text, its catalog record and its body paragraphs.

:class:`Reading` lives in a module of its own, below both ``corpus`` (which
builds readings) and ``annotations`` (which checks entries against them), so
that neither has to import the other: the class needs nothing but the text
helpers and the errors. ``readinglab.Reading`` and
``readinglab.corpus.Reading`` still name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .errors import ArgumentTypeError, UnknownReadingError
from .text import Token, sentence_spans, word_tokens

if TYPE_CHECKING:
    import pandas as pd

    from .publication import Publication


@dataclass(frozen=True, eq=False)
class Reading:
    """One reading: its text, its catalog record and its body paragraphs.

    ``paragraphs`` holds the article body only: no headline, timestamps or
    page furniture. Paragraph numbers in every table count from 1.
    ``layout`` is the whole page in order, as the corpus cut it up:
    ``("body", paragraph number)`` for a body paragraph, and
    ``(part, line)`` for any other line ("headline", "furniture"...).
    ``published`` is when it was published, as the catalog records it
    (None if unknown). The corpus builds all of these once, when it loads
    the reading.

    >>> from readinglab import load
    >>> r = load("together")
    >>> r.title
    'Will North Korea crisis finally bring China and US together?'
    >>> r.paragraphs[0][:38]
    'The rising crisis over North Korea’s n'
    """

    id: str
    title: str
    text: str
    meta: dict = field(repr=False)
    paragraphs: tuple[str, ...] = field(repr=False)
    parts: dict = field(repr=False)
    layout: tuple[tuple[str, int | str], ...] = field(repr=False)
    published: Publication | None = field(repr=False)

    @cached_property
    def sentence_rows(self) -> tuple[tuple[int, str], ...]:
        """Every sentence of the body as ``(paragraph number, sentence)``, in order."""
        rows = []
        for number, paragraph in enumerate(self.paragraphs, start=1):
            rows.extend((number, paragraph[start:end]) for start, end in sentence_spans(paragraph))
        return tuple(rows)

    @property
    def sentences(self) -> list[str]:
        """Every sentence of the body, in order, exactly as it stands in the text."""
        return [sentence for _, sentence in self.sentence_rows]

    def sentence_table(self) -> pd.DataFrame:
        """A table of the body's sentences with their paragraph numbers.

        >>> from readinglab import load
        >>> load("same-page").sentence_table().head(2)
           paragraph                                           sentence
        0          1  Since the presidents of both the United States...
        1          2  The new U.S. ambassador to China, Terry Brans...
        """
        import pandas as pd

        return pd.DataFrame(self.sentence_rows, columns=["paragraph", "sentence"])

    @cached_property
    def paragraph_tokens(self) -> tuple[tuple[Token, ...], ...]:
        """The words of each body paragraph, with their offsets in that paragraph."""
        return tuple(word_tokens(paragraph) for paragraph in self.paragraphs)

    @property
    def furniture(self) -> list[str]:
        """Lines from the web page that are not part of the article (related-article links)."""
        return list(self.parts.get("furniture", ()))

    @property
    def word_count(self) -> int:
        """How many words the body has."""
        return sum(len(tokens) for tokens in self.paragraph_tokens)

    def paragraph(self, number: int) -> str:
        """Body paragraph ``number`` (counting from 1)."""
        if isinstance(number, bool) or not isinstance(number, int):
            raise ArgumentTypeError(f"A paragraph number must be a whole number, but you gave {number!r}.")
        if not 1 <= number <= len(self.paragraphs):
            raise UnknownReadingError(
                f"'{self.id}' has paragraphs 1 to {len(self.paragraphs)}; there is no paragraph {number}."
            )
        return self.paragraphs[number - 1]

    def __repr__(self) -> str:
        return f"<Reading {self.id!r}: {self.title!r}, {len(self.paragraphs)} paragraphs>"
