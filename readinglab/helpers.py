"""The helpers students call: ``readings()``, ``kwic("THAAD")``, ``mentions("together")``...

Each runs the :class:`~readinglab.corpus.Corpus` method of the same name on
the current corpus: the course's own readings, or the folder given to
:func:`~readinglab.corpus.use_texts`. httpx's ``get`` sits beside
``Client.get`` in the same way. To work on another folder of readings
without changing the current one, make a ``Corpus(folder)`` and call its
methods.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from .corpus import Corpus, current_corpus


def _on_current_corpus(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with the current corpus as its first argument; its name, help and signature (less ``corpus``) kept."""

    @functools.wraps(method)
    def helper(*args: Any, **kwargs: Any) -> Any:
        # Looked up at each call, so that use_texts() takes effect at once.
        return method(current_corpus(), *args, **kwargs)

    signature = inspect.signature(method)
    helper.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])
    return helper


readings = _on_current_corpus(Corpus.readings)
kwic = _on_current_corpus(Corpus.kwic)
word_counts = _on_current_corpus(Corpus.word_counts)
compare_terms = _on_current_corpus(Corpus.compare_terms)
mentions = _on_current_corpus(Corpus.mentions)
quotes = _on_current_corpus(Corpus.quotes)
figures = _on_current_corpus(Corpus.figures)
timeline = _on_current_corpus(Corpus.timeline)
context = _on_current_corpus(Corpus.context)
