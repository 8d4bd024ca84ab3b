"""Each assignment's answer tables, in a module of its own beside its questions.

A table maps a question's name (its answer cell's grade id without ``answer_``)
to the code a student writes in place of ``# YOUR CODE HERE`` (the released
``name = None`` line above it stays):

- ``ONE_READING``: the answers a student who read only one of the readings gets wrong;
- ``MUTATIONS``: wrong answers, a list per question; round 1 holds plausible ones of the
  right type, which pass the visible checks so that the hidden tests must catch them;
- ``VARIANTS``: right answers written another way, a list per question;
- ``HELPER_ONLY``: every answer of a student who uses readinglab's outputs and printed metadata
  but never reads a paragraph;
- ``SKIMMER``: every answer of a student who read only each reading's headline, standfirst and
  first paragraph, and knows the news of 2017 in general.

``tests/test_grading_readers.py`` grades the last two: what they score measures how far the
questions reward reading rather than running helpers or skimming.
"""

from __future__ import annotations

from types import ModuleType

from . import ps1_same_page, ps2_together, ps3_compare, ps4_sources

_MODULES: dict[str, ModuleType] = {
    "ps1-same-page": ps1_same_page,
    "ps2-together": ps2_together,
    "ps3-compare": ps3_compare,
    "ps4-sources": ps4_sources,
}


def answers(assignment: str) -> ModuleType:
    """The answer tables of ``assignment``."""
    try:
        return _MODULES[assignment]
    except KeyError:
        raise ValueError(f"No answer tables for {assignment!r}. Assignments: {', '.join(_MODULES)}.") from None
