"""Words and sentences: how readinglab cuts a text up, using the syntok library.

We use syntok (a rule-based tokeniser and sentence splitter, pure Python,
imported in well under 0.1 s) rather than a hand-written regular expression:
it keeps abbreviations such as "U.S." inside a sentence and keeps a quotation
that ends inside quotation marks whole.

>>> split_sentences("The new U.S. ambassador spoke. “It is tragic.” He left.")
['The new U.S. ambassador spoke.', '“It is tragic.”', 'He left.']
>>> [t.word for t in word_tokens("China’s U.S. ties")]
['china', 'u.s.', 'ties']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from syntok import segmenter
from syntok.tokenizer import Tokenizer

_TOKENIZER = Tokenizer()
_HAS_WORD_CHARACTER = re.compile(r"\w")
# Possessive endings are split off by syntok; "China's" counts as "china".
_POSSESSIVES = {"'s", "’s", "'", "’"}


class Token(NamedTuple):
    """A word in a text: where it starts and ends, and its normalised form."""

    start: int
    end: int
    word: str


def normalise_word(value: str) -> str:
    """The form a word is counted under: lower case, curly apostrophes made straight.

    >>> normalise_word("Pyongyang’s")
    "pyongyang's"
    >>> normalise_word("U.S")
    'u.s.'
    """
    word = value.casefold().replace("’", "'")
    if "." in word and not word.endswith("."):
        word += "."  # syntok leaves an abbreviation's last full stop as its own token
    return word


@lru_cache(maxsize=4096)
def _word_tokens(text: str) -> tuple[Token, ...]:
    tokens = []
    for token in _TOKENIZER.tokenize(text):
        value = token.value
        if value in _POSSESSIVES or not _HAS_WORD_CHARACTER.search(value):
            continue
        end = token.offset + len(value)
        if "." in value and text[end : end + 1] == ".":
            end += 1  # give "U.S" back the full stop syntok split off
        tokens.append(Token(token.offset, end, normalise_word(value)))
    return tuple(tokens)


def word_tokens(text: str) -> tuple[Token, ...]:
    """The words of ``text`` in order, without punctuation or possessive endings.

    Hyphenated words count as their parts: "six-party" gives "six" and "party".
    """
    return _word_tokens(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each sentence in ``text`` (one paragraph or more)."""
    spans = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            tokens = [t for t in sentence if t.value]
            if tokens:
                spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, each exactly as it stands in the text."""
    return [text[start:end] for start, end in sentence_spans(text)]
