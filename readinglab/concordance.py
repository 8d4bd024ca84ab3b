"""Keyword in context: every place a word or phrase occurs, with the words around it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import pandas as pd

from ._arguments import require_bool, require_int, require_text
from .errors import ArgumentValueError
from .reading import Reading
from .text import word_tokens

if TYPE_CHECKING:
    from .corpus import Corpus


# Built once per reading and kept while the reading is: a search then looks up its first word
# instead of walking every token of every reading (what made kwic slow on large corpora).
_WORD_POSITIONS: WeakKeyDictionary[Reading, dict[str, list[tuple[int, int]]]] = WeakKeyDictionary()


def word_positions(reading: Reading) -> dict[str, list[tuple[int, int]]]:
    """Where each (normalised) word of a reading's body occurs: (paragraph index, token index), in text order."""
    positions = _WORD_POSITIONS.get(reading)
    if positions is None:
        positions = {}
        for paragraph_index, tokens in enumerate(reading.paragraph_tokens):
            for token_index, token in enumerate(tokens):
                positions.setdefault(token.word, []).append((paragraph_index, token_index))
        _WORD_POSITIONS[reading] = positions
    return positions


def kwic(
    corpus: Corpus, term: str, readings: str | list[str] | None = None, window: int = 6, case_sensitive: bool = False
) -> pd.DataFrame:
    """A concordance of ``term``: each occurrence with ``window`` words either side.

    ``term`` may be one word or a phrase. Matching is by whole words and
    ignores case unless ``case_sensitive=True``. Search every reading, or
    name one or a list in ``readings``.

    >>> from readinglab import kwic
    >>> table = kwic("THAAD")
    >>> table[["reading", "paragraph", "keyword"]]
         reading  paragraph keyword
    0  same-page          3   THAAD
    >>> print(table.loc[0, "left"], "[", table.loc[0, "keyword"], "]", table.loc[0, "right"])
    the United States to remove its [ THAAD ] missile battery that is currently deployed
    >>> kwic("red line", window=3)[["reading", "paragraph", "keyword"]]
        reading  paragraph   keyword
    0  together          8  red line
    """
    require_text("term", term)
    require_int("window", window, minimum=0)
    require_bool("case_sensitive", case_sensitive)
    wanted = [t for t in word_tokens(term)]
    if not wanted:
        raise ArgumentValueError(f'The term {term!r} has no words in it. Give a word or phrase, for example "THAAD".')
    wanted_words = [t.word for t in wanted]
    wanted_raw = [term[t.start : t.end] for t in wanted]
    size = len(wanted)
    rows = []
    for reading_id in corpus.resolve_ids(readings):
        reading = corpus.reading(reading_id)
        for paragraph_index, i in word_positions(reading).get(wanted_words[0], ()):
            paragraph, tokens = reading.paragraphs[paragraph_index], reading.paragraph_tokens[paragraph_index]
            number = paragraph_index + 1
            match = tokens[i : i + size]
            if [t.word for t in match] != wanted_words:
                continue
            if case_sensitive and [paragraph[t.start : t.end] for t in match] != wanted_raw:
                continue
            first, last = match[0], match[-1]
            left_start = tokens[max(0, i - window)].start if window else first.start
            right_end = tokens[min(len(tokens) - 1, i + size - 1 + window)].end if window else last.end
            rows.append(
                {
                    "reading": reading_id,
                    "paragraph": number,
                    "left": paragraph[left_start : first.start].strip(),
                    "keyword": paragraph[first.start : last.end],
                    "right": paragraph[last.end : right_end].strip(),
                }
            )
    return pd.DataFrame(rows, columns=["reading", "paragraph", "left", "keyword", "right"])
