"""Word frequencies and the words that set one reading apart from another."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from ._arguments import require_bool, require_int

if TYPE_CHECKING:
    from .corpus import Corpus


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The English stopwords we drop: the classic 174-word list of the ``stop-words`` package."""
    from stop_words import get_stop_words

    return frozenset(word.replace("’", "'") for word in get_stop_words("en"))


def _counts(corpus: Corpus, reading_id: str, drop_stopwords: bool) -> Counter:
    reading = corpus.reading(reading_id)
    counts = Counter(token.word for tokens in reading.paragraph_tokens for token in tokens)
    if drop_stopwords:
        for word in stopwords() & counts.keys():
            del counts[word]
    return counts


def word_counts(corpus: Corpus, id: str, drop_stopwords: bool = True) -> pd.DataFrame:
    """How often each word occurs in a reading's body, most frequent first.

    Words are counted in lower case, and possessives count as their word:
    "China's" counts as "china". Common words such as "the" are left out
    unless ``drop_stopwords=False``.

    >>> from readinglab import word_counts
    >>> word_counts("same-page").head(3)
        word  count
    0  china     21
    1  north     17
    2  korea     15
    """
    require_bool("drop_stopwords", drop_stopwords)
    counts = _counts(corpus, corpus.resolve_id(id), drop_stopwords)
    table = pd.DataFrame(counts.items(), columns=["word", "count"])
    return table.sort_values(["count", "word"], ascending=[False, True], ignore_index=True)


def compare_terms(corpus: Corpus, a: str, b: str, top: int = 20, drop_stopwords: bool = True) -> pd.DataFrame:
    """The words most distinctive of reading ``a`` and of reading ``b``.

    The score is Dunning's log-likelihood statistic G² (Dunning 1993,
    "Accurate methods for the statistics of surprise and coincidence"),
    2 Σ O·ln(O/E) over a 2×2 table for each word: its count and all other words in each reading
    (the same sum as ``scipy.stats.power_divergence`` with ``lambda_="log-likelihood"``). A larger G² means the
    difference in rates is less likely to be chance; ``p_value`` is from the
    chi-squared distribution with one degree of freedom, which is too hopeful for the small counts
    of short texts and says nothing of the hundreds of words tested at once (lesson 04 shuffles the
    words to show how often chance alone gives such a score). Each word is listed
    under the reading that uses it at the higher rate. You get up to ``top``
    words per reading, strongest first.

    >>> from readinglab import compare_terms
    >>> compare_terms("same-page", "together", top=2)[["word", "distinctive_of", "same-page", "together"]]
          word distinctive_of  same-page  together
    0     u.s.      same-page          8         0
    1   regime      same-page          6         0
    2       us       together          0         8
    3  beijing       together          0         7
    """
    import numpy as np

    # scipy.special, not scipy.stats (power_divergence): the same numbers, and importing
    # scipy.stats costs a lesson about a second (bench/NOTES.md).
    from scipy.special import chdtrc, xlogy

    a, b = corpus.resolve_id(a), corpus.resolve_id(b)
    require_int("top", top, minimum=1)
    require_bool("drop_stopwords", drop_stopwords)
    if a == b:
        from .errors import ArgumentValueError

        raise ArgumentValueError(f"Compare two different readings: you gave '{a}' twice.")
    counts_a, counts_b = _counts(corpus, a, drop_stopwords), _counts(corpus, b, drop_stopwords)
    words = sorted(counts_a.keys() | counts_b.keys())
    k_a = np.array([counts_a[w] for w in words], dtype=float)
    k_b = np.array([counts_b[w] for w in words], dtype=float)
    n_a, n_b = k_a.sum(), k_b.sum()
    observed = np.stack([k_a, k_b, n_a - k_a, n_b - k_b])
    row_totals = np.stack([k_a + k_b, k_a + k_b, (n_a + n_b) - (k_a + k_b), (n_a + n_b) - (k_a + k_b)])
    column_totals = np.array([n_a, n_b, n_a, n_b])[:, None]
    expected = row_totals * column_totals / (n_a + n_b)
    g2 = 2 * xlogy(observed, observed / expected).sum(axis=0)  # xlogy: 0·ln 0 counts as 0
    p = chdtrc(1, g2)  # chi-squared survival function, 1 degree of freedom (2×2 table)
    table = pd.DataFrame({"word": words, a: k_a.astype(int), b: k_b.astype(int), "log_likelihood": g2, "p_value": p})
    table["distinctive_of"] = np.where(k_a / n_a >= k_b / n_b, a, b)
    table = table.sort_values(["log_likelihood", "word"], ascending=[False, True])
    top_a = table[table["distinctive_of"] == a].head(top)
    top_b = table[table["distinctive_of"] == b].head(top)
    columns = ["word", "distinctive_of", a, b, "log_likelihood", "p_value"]
    return pd.concat([top_a, top_b], ignore_index=True)[columns]
