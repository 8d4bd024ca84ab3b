"""show_plot(): a lesson's plot with alt text that says its finding, and the numbers behind it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display in the test run

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from readinglab import show_plot  # noqa: E402
from readinglab.errors import ArgumentTypeError, ArgumentValueError  # noqa: E402

NUMBERS = pd.DataFrame({"reading": ["same-page", "together"], "paragraphs": [9, 19]})
ALT = "together has 19 body paragraphs, twice as many as same-page's 9."


def _figure():
    fig, ax = plt.subplots()
    ax.bar(NUMBERS["reading"], NUMBERS["paragraphs"])
    return fig


def test_the_plot_is_an_image_with_its_alt_text_then_its_numbers_as_a_table():
    page = show_plot(_figure(), alt=ALT, numbers=NUMBERS)._repr_html_()
    assert page.startswith('<figure style="margin:0"><img src="data:image/png;base64,iVBOR')
    assert f'alt="{ALT.replace(chr(39), "&#x27;")}"' in page
    assert "<summary" in page and "The numbers behind the chart</summary><table" in page
    assert "<th>reading</th>" in page and "<td>together</td>" in page and "<td>19</td>" in page


def test_the_text_form_carries_the_alt_text_and_the_numbers():
    text = repr(show_plot(_figure(), alt=ALT, numbers=NUMBERS))
    assert text.splitlines()[0] == ALT and "together" in text and "19" in text


def test_the_figure_is_closed_so_jupyter_does_not_show_it_again_without_its_text():
    fig = _figure()
    show_plot(fig, alt=ALT, numbers=NUMBERS)
    assert not plt.fignum_exists(fig.number)


def test_alt_text_and_numbers_are_required():
    with pytest.raises(ArgumentValueError):
        show_plot(_figure(), alt="  ", numbers=NUMBERS)
    with pytest.raises(ArgumentTypeError, match="DataFrame"):
        show_plot(_figure(), alt=ALT, numbers=[9, 19])
    plt.close("all")
