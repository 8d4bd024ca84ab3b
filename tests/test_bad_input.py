"""Property-based tests: whatever students type, the public functions answer with a result or our own clear error."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import readinglab
from readinglab.errors import ReadingLabError

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.binary(max_size=10),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
reading_like = st.one_of(anything, st.sampled_from(["same-page", "together", "Together", "", " together", "same page"]))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _result_or_our_error(call):
    try:
        result = call()
    except ReadingLabError as error:
        assert str(error).strip(), "our errors always say something"
        return None
    return result


@FAST
@given(reading_like)
def test_one_reading_functions(reading_id):
    for function in (
        readinglab.load,
        readinglab.word_counts,
        readinglab.mentions,
        readinglab.quotes,
        readinglab.figures,
    ):
        result = _result_or_our_error(lambda function=function: function(reading_id))
        if result is not None:
            assert reading_id in ("same-page", "together")


@FAST
@given(anything, reading_like, anything, anything)
def test_kwic_answers_anything(term, readings, window, case_sensitive):
    result = _result_or_our_error(
        lambda: readinglab.kwic(term, readings=readings, window=window, case_sensitive=case_sensitive)
    )
    if result is not None:
        assert isinstance(result, pd.DataFrame)


@FAST
@given(st.text(max_size=200))
def test_kwic_handles_any_text_term(term):
    result = _result_or_our_error(lambda: readinglab.kwic(term))
    if result is not None:
        assert list(result.columns) == ["reading", "paragraph", "left", "keyword", "right"]


@FAST
@given(reading_like, reading_like, anything, anything)
def test_compare_terms_answers_anything(a, b, top, drop_stopwords):
    _result_or_our_error(lambda: readinglab.compare_terms(a, b, top=top, drop_stopwords=drop_stopwords))


@FAST
@given(anything, anything)
def test_check_answers_anything(question_id, answer):
    _result_or_our_error(lambda: readinglab.check(question_id, answer))


@FAST
@given(st.one_of(anything, st.text(max_size=300)))
def test_find_quotes_answers_anything(text):
    result = _result_or_our_error(lambda: readinglab.find_quotes(text))
    if result is not None:
        assert isinstance(result, pd.DataFrame)


@FAST
@given(st.text(alphabet=st.sampled_from("“”‘’\"' .,abcUS"), max_size=60))
def test_find_quotes_never_returns_text_that_is_not_there(text):
    for quote in readinglab.find_quotes(text)["quote"]:
        assert quote in text


def test_import_readinglab_stays_light():
    code = "import sys, readinglab; print(sorted(m for m in ('ipywidgets', 'matplotlib', 'scipy', 'jsonschema', 'nbformat') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
