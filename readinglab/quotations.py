"""Quotations: the annotated ones, and a rule-based finder to measure against them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from ._arguments import require_text
from .errors import ArgumentTypeError
from .reading import Reading

if TYPE_CHECKING:
    from .corpus import Corpus


def quotes(corpus: Corpus, id: str) -> pd.DataFrame:
    """Every direct and partial quotation in a reading, with who said it.

    ``kind`` is "direct" for a quoted statement and "partial" for a quoted
    phrase inside the writer's own sentence. ``cue`` is the attribution
    ("said", "pointed out"...). ``attribution`` says how we know the
    speaker: "stated" when the quotation's own paragraph names them (by name,
    "he" or "the academic"), "inferred" when the paragraph has no attribution
    at all and the speaker is worked out from the paragraphs before. These
    come from the instructors' annotations, so they are the answer key a quote
    finder is measured against.

    >>> from readinglab import quotes
    >>> quotes("same-page")[["speaker", "quote", "kind", "paragraph"]]
             speaker                           quote     kind  paragraph
    0   Rex Tillerson  number of criminal enterprises  partial          5
    1  United States                         tragic  partial          9
    >>> together = quotes("together")
    >>> together[together["attribution"] == "inferred"][["speaker", "paragraph", "attribution"]]
           speaker  paragraph attribution
    1  Li Kaisheng          4    inferred
    5  Sun Xingjie         10    inferred
    """
    annotations = corpus.annotations(id)
    actors = corpus.actors.actors
    rows = [
        {
            "speaker": actors[q["speaker"]].name,
            "role": actors[q["speaker"]].role,
            "quote": q["quote"],
            "kind": q["kind"],
            "paragraph": q["paragraph"],
            "cue": q.get("cue"),
            "attribution": q.get("attribution", "stated"),
        }
        for q in annotations.quotations
    ]
    return pd.DataFrame(rows, columns=["speaker", "role", "quote", "kind", "paragraph", "cue", "attribution"])


# Text in double quotes (curly or straight), or in curly single quotes that open
# after a space (so the apostrophe in "China’s" never opens a quotation).
_QUOTED = re.compile(r"“(?P<curly>[^”]+)”|\"(?P<straight>[^\"]+)\"|(?:(?<=\s)|^)‘(?P<single>[^’]+(?:’\w[^’]*)*)’(?!\w)")
_SAID_AFTER = re.compile(r"^[,.]?\s*(?:said|added|says)\s+(?P<name>(?:the\s+)?[A-Z]?[\w-]+(?:\s+[A-Z][\w-]+)*)")
_NAME_SAID_AFTER = re.compile(
    r"^[,.]?\s*(?P<name>(?:the\s+[a-z]+)|[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\s+(?:said|added|says)\b"
)


def _find_in_paragraph(paragraph: str) -> list[dict]:
    found = []
    for match in _QUOTED.finditer(paragraph):
        quote = match.group("curly") or match.group("straight") or match.group("single")
        after = paragraph[match.end() : match.end() + 60]
        speaker = None
        for rule in (_SAID_AFTER, _NAME_SAID_AFTER):
            said = rule.match(after)
            if said:
                speaker = said.group("name")
                break
        starts_paragraph = match.start() == 0
        ends_statement = quote.rstrip()[-1:] in ".?!,"
        found.append(
            {
                "quote": quote,
                "kind": "direct" if starts_paragraph or ends_statement else "partial",
                "speaker": speaker,
            }
        )
    return found


def find_quotes(text: str | Reading) -> pd.DataFrame:
    """Find quotations with simple rules: text between quotation marks.

    A quotation that opens a paragraph or ends with its own punctuation is
    called "direct", any other "partial". A name right after or before
    "said" or "added" is taken as the speaker. Give it a string, or a
    :class:`Reading` to get paragraph numbers too. It is deliberately
    simple: compare it with :func:`quotes` to measure how often it is right.

    >>> find_quotes('“We will act,” Sun said. He called it “very tense”.')
              quote     kind speaker
    0  We will act,   direct     Sun
    1    very tense  partial    None
    """
    if isinstance(text, Reading):
        rows = [
            {"paragraph": number, **found}
            for number, paragraph in enumerate(text.paragraphs, start=1)
            for found in _find_in_paragraph(paragraph)
        ]
        return _speaker_none_when_unknown(pd.DataFrame(rows, columns=["paragraph", "quote", "kind", "speaker"]))
    if not isinstance(text, str):
        raise ArgumentTypeError(
            f"`text` must be a string or a Reading (from load()), but you gave {type(text).__name__}. "
            'Try find_quotes(load("together")).'
        )
    require_text("text", text, allow_empty=True)
    return _speaker_none_when_unknown(pd.DataFrame(_find_in_paragraph(text), columns=["quote", "kind", "speaker"]))


def _speaker_none_when_unknown(table: pd.DataFrame) -> pd.DataFrame:
    # pandas 3 would store a missing speaker as NaN in some tables and None in others.
    table["speaker"] = pd.Series(
        [s if isinstance(s, str) else None for s in table["speaker"]], index=table.index, dtype=object
    )
    return table
