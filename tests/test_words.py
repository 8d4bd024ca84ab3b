"""word_counts and compare_terms."""

from __future__ import annotations

import re

import pytest

from readinglab import compare_terms, load, word_counts
from readinglab.errors import ArgumentValueError


def test_possessive_china_counts_as_china():
    counts = word_counts("together").set_index("word")["count"]
    assert "china's" not in counts.index and "china’s" not in counts.index
    body = "\n".join(load("together").paragraphs)
    assert body.count("China’s") == 4
    assert counts["china"] == len(re.findall(r"(?<!\w)China(?!\w)", body)) == 12


def test_stopwords_are_dropped_unless_asked():
    kept = word_counts("same-page", drop_stopwords=False).set_index("word")["count"]
    dropped = word_counts("same-page").set_index("word")["count"]
    assert kept["the"] > 30 and "the" not in dropped.index
    assert dropped["china"] == kept["china"]


def test_counts_are_sorted_most_frequent_first():
    counts = word_counts("same-page")["count"].tolist()
    assert counts == sorted(counts, reverse=True)


def test_us_with_full_stops_is_one_word():
    counts = word_counts("same-page").set_index("word")["count"]
    assert counts["u.s."] == 8 and "u.s" not in counts.index


def test_compare_terms_puts_each_word_under_the_reading_that_uses_it_more():
    table = compare_terms("same-page", "together", top=5)
    assert len(table) == 10
    for row in table.itertuples(index=False):
        counts = {"same-page": row[2], "together": row[3]}
        other = "together" if row.distinctive_of == "same-page" else "same-page"
        assert counts[row.distinctive_of] / (748 if row.distinctive_of == "same-page" else 600) >= counts[other] / (
            748 if other == "same-page" else 600
        )
    assert set(table.loc[table["distinctive_of"] == "together", "word"]) >= {"us", "beijing"}


def test_compare_terms_statistic_matches_a_hand_computed_g2():
    import math

    table = compare_terms("same-page", "together", top=50).set_index("word")
    row = table.loc["regime"]
    a, b = row["same-page"], row["together"]
    n_a, n_b = word_counts("same-page")["count"].sum(), word_counts("together")["count"].sum()
    expected_a = n_a * (a + b) / (n_a + n_b)
    expected_b = n_b * (a + b) / (n_a + n_b)
    rest_a, rest_b = n_a - a, n_b - b
    expected_rest_a, expected_rest_b = n_a - expected_a, n_b - expected_b
    g2 = 2 * sum(
        o * math.log(o / e)
        for o, e in [(a, expected_a), (b, expected_b), (rest_a, expected_rest_a), (rest_b, expected_rest_b)]
        if o
    )
    assert row["log_likelihood"] == pytest.approx(g2)


def test_compare_terms_agrees_with_scipy_stats_power_divergence_on_every_word():
    """compare_terms sums G² with scipy.special (a lighter import); scipy.stats must give the same numbers."""
    import numpy as np
    from scipy.stats import power_divergence

    table = compare_terms("same-page", "together", top=10_000)
    n_a, n_b = word_counts("same-page")["count"].sum(), word_counts("together")["count"].sum()
    k_a, k_b = table["same-page"].to_numpy(float), table["together"].to_numpy(float)
    assert k_a.sum() == n_a and k_b.sum() == n_b, "top=10_000 should list every word"
    observed = np.stack([k_a, k_b, n_a - k_a, n_b - k_b])
    rows = np.stack([k_a + k_b, k_a + k_b, n_a + n_b - k_a - k_b, n_a + n_b - k_a - k_b])
    expected = rows * np.array([n_a, n_b, n_a, n_b])[:, None] / (n_a + n_b)
    g2, p = power_divergence(observed, expected, lambda_="log-likelihood", axis=0, ddof=2)
    np.testing.assert_allclose(table["log_likelihood"], g2, rtol=1e-12)
    np.testing.assert_allclose(table["p_value"], p, rtol=1e-9, atol=1e-300)


def test_compare_terms_top_limits_each_side():
    table = compare_terms("same-page", "together", top=3)
    assert table["distinctive_of"].value_counts().to_dict() == {"same-page": 3, "together": 3}


def test_compare_a_reading_with_itself_is_refused():
    with pytest.raises(ArgumentValueError, match="two different readings"):
        compare_terms("together", "together")
