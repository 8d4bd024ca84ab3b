"""The feedback filter, in nbgrader's own test style: tiny notebooks built in memory, one preprocessor run on them.

:class:`HideHiddenTests` takes hidden tests and mark schemes out of a student's feedback and keeps what
the student may see; :func:`secret_lines` and :func:`leaked` are the last guard on the written HTML.
The full pipeline (nbgrader's generate_feedback on a graded class) is tested in test_course_cli.py.
"""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook, new_output
from nbgrader.tests import create_grade_and_solution_cell, create_grade_cell, create_solution_cell, create_task_cell

from readinglab.instructor.feedback import (
    BEGIN_HIDDEN,
    BEGIN_SCHEME,
    END_HIDDEN,
    END_SCHEME,
    HIDDEN_FAILURE,
    HIDDEN_PLACEHOLDER,
    HideHiddenTests,
    leaked,
    page_text,
    secret_lines,
)

VISIBLE_MESSAGE = "Is your answer a whole number of days?"
VISIBLE_CHECK = f'assert isinstance(answer, int), "{VISIBLE_MESSAGE}"'
HIDDEN_MESSAGE = "The talks lasted four days (paragraph 3)"
HIDDEN_CHECK = f'assert answer == 4, "{HIDDEN_MESSAGE}"'
CHECK = "\n".join(
    [
        '"""Checks that the answer is a number of days."""',
        'print("✔ answer is a number")',
        VISIBLE_CHECK,
        BEGIN_HIDDEN,
        HIDDEN_CHECK,
        END_HIDDEN,
    ]
)
QUESTION = "Why did the talks collapse? Answer in two sentences."
SCHEME = "Full marks: names the sanctions vote AND quotes the envoy."
TASK = "\n".join([QUESTION, BEGIN_SCHEME, SCHEME, END_SCHEME])


def ipython_error(source: str, execution_count: int, line: int, ename: str, evalue: str):
    """An error output as ipykernel 7 writes it for a failure at ``line`` of a cell: ANSI colours, every line
    of the cell numbered in the cell's frame, the failing one marked ``---->``."""
    numbered = [
        f"\x1b[32m----> \x1b[39m\x1b[32m{number}\x1b[39m {text}"
        if number == line
        else f"\x1b[32m{number:>7}\x1b[39m {text}"
        for number, text in enumerate(source.split("\n"), start=1)
    ]
    frame = (
        f"\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[{execution_count}]\x1b[39m\x1b[32m, line {line}"
        f"\x1b[39m\n" + "\n".join(numbered) + "\n"
    )
    return new_output(
        "error",
        ename=ename,
        evalue=evalue,
        traceback=[
            "\x1b[31m" + "-" * 75 + "\x1b[39m",
            f"\x1b[31m{ename}\x1b[39m                            Traceback (most recent call last)",
            frame,
            f"\x1b[31m{ename}\x1b[39m: {evalue}",
        ],
    )


def graded_check(failing: str | None = None, execution_count: int = 3):
    """The check cell of an autograded notebook: its ✔ line, and an error if the line ``failing`` failed."""
    cell = create_grade_cell(CHECK, "code", "check_days", 2)
    cell.metadata.nbgrader["locked"] = True
    cell.execution_count = execution_count
    cell.outputs = [new_output("stream", name="stdout", text="✔ answer is a number\n")]
    if failing is not None:
        message = {VISIBLE_CHECK: VISIBLE_MESSAGE, HIDDEN_CHECK: HIDDEN_MESSAGE}[failing]
        cell.outputs.append(ipython_error(CHECK, execution_count, line_of(failing), "AssertionError", message))
    return cell


def line_of(text: str) -> int:
    """The line number (from 1) of ``text`` in the check cell."""
    return CHECK.split("\n").index(text) + 1


def feedback_of(*cells):
    """Run HideHiddenTests, as generate_feedback does, on a notebook of ``cells``; return its cells."""
    nb = new_notebook(cells=list(cells))
    nb, _ = HideHiddenTests().preprocess(nb, {})
    return nb.cells


def shown(cell) -> str:
    """Everything of a cell a student's page shows: source, printed text, error names, messages, tracebacks."""
    parts = [cell.source]
    for output in cell.get("outputs", []):
        parts += [
            output.get("text", ""),
            output.get("ename", ""),
            output.get("evalue", ""),
            *output.get("traceback", []),
        ]
    return "\n".join(parts)


# ====================================================================== the sources


def test_a_hidden_test_block_becomes_one_placeholder_line_and_the_visible_checks_stay():
    (cell,) = feedback_of(graded_check())
    lines = cell.source.split("\n")
    assert VISIBLE_CHECK in lines and 'print("✔ answer is a number")' in lines
    assert lines.count(HIDDEN_PLACEHOLDER) == 1
    assert HIDDEN_CHECK not in cell.source and BEGIN_HIDDEN not in cell.source and END_HIDDEN not in cell.source
    assert lines.index(VISIBLE_CHECK) < lines.index(HIDDEN_PLACEHOLDER), "the placeholder stands where the block was"


def test_a_mark_scheme_is_cut_from_a_task_cell_and_the_question_stays():
    (cell,) = feedback_of(create_task_cell(TASK, "markdown", "task_collapse", 3))
    assert QUESTION in cell.source
    assert SCHEME not in cell.source and BEGIN_SCHEME not in cell.source and END_SCHEME not in cell.source


def test_every_hidden_block_and_every_scheme_goes_not_only_the_first():
    check = create_grade_cell(
        "\n".join(
            [
                VISIBLE_CHECK,
                BEGIN_HIDDEN,
                HIDDEN_CHECK,
                END_HIDDEN,
                "print('between')",
                BEGIN_HIDDEN,
                "assert answer % 2 == 0",
                END_HIDDEN,
            ]
        ),
        "code",
        "check_days",
        2,
    )
    task = create_task_cell(
        "\n".join([TASK, "Also: who spoke first?", BEGIN_SCHEME, "The envoy spoke first.", END_SCHEME]),
        "markdown",
        "task_collapse",
        3,
    )
    check_cell, task_cell = feedback_of(check, task)
    assert check_cell.source.split("\n") == [VISIBLE_CHECK, HIDDEN_PLACEHOLDER, "print('between')", HIDDEN_PLACEHOLDER]
    assert "Also: who spoke first?" in task_cell.source
    assert SCHEME not in task_cell.source and "The envoy spoke first." not in task_cell.source


def test_the_students_own_work_and_cells_without_secrets_come_out_as_they_went_in():
    answer = create_solution_cell("answer = 4  # the talks lasted four days", "code", "answer_days")
    answer.outputs = [new_output("stream", name="stdout", text="4\n")]
    written = create_grade_and_solution_cell("The sanctions vote ended the talks.", "markdown", "why", 2)
    plain_check = create_grade_cell(VISIBLE_CHECK, "code", "check_plain", 1)
    plain_check.outputs = [ipython_error(VISIBLE_CHECK, 4, 1, "AssertionError", "Is your answer a whole number?")]
    intro = new_markdown_cell("# Two readings, one week")
    cells = [answer, written, plain_check, intro]
    before = copy.deepcopy(cells)
    assert feedback_of(*cells) == before


# ====================================================================== the outputs


def test_a_failure_inside_the_hidden_block_shows_a_neutral_line_and_no_hidden_code_or_message():
    (cell,) = feedback_of(graded_check(failing=HIDDEN_CHECK))
    stream, error = cell.outputs
    assert stream.text == "✔ answer is a number\n", "the visible check's ✔ line stays"
    assert error.ename == "AssertionError" and error.evalue == HIDDEN_FAILURE
    page = shown(cell)
    assert HIDDEN_MESSAGE not in page and "answer == 4" not in page


def test_a_visible_failure_keeps_its_message_and_loses_only_the_hidden_context_lines():
    (cell,) = feedback_of(graded_check(failing=VISIBLE_CHECK))
    error = cell.outputs[1]
    assert error.evalue == VISIBLE_MESSAGE
    traceback = "\n".join(error.traceback)
    assert f"----> \x1b[39m\x1b[32m{line_of(VISIBLE_CHECK)}\x1b[39m {VISIBLE_CHECK}" in traceback, "the failing line"
    assert 'print("✔ answer is a number")' in traceback, "visible context lines stay"
    assert HIDDEN_CHECK not in traceback and BEGIN_HIDDEN not in traceback and END_HIDDEN not in traceback


def test_a_failure_in_another_cells_frame_is_judged_by_this_cells_lines_only():
    """A frame of an earlier cell (In[2], a helper the check called) may fail on a line whose number falls in
    this cell's hidden block: that is not a hidden failure, and its lines are not this cell's to cut."""
    helper = "\n".join(["def days(text):", "    x = 1", "    y = 2", "    z = 3", "    return int(text)"])
    cell = graded_check(execution_count=5)
    error = ipython_error(CHECK, 5, 3, "ValueError", "invalid literal for int()")
    error.traceback.insert(3, ipython_error(helper, 2, line_of(HIDDEN_CHECK), "ValueError", "")["traceback"][2])
    cell.outputs.append(error)
    (cell,) = feedback_of(cell)
    assert cell.outputs[1].evalue == "invalid literal for int()"
    assert "    return int(text)" in "\n".join(cell.outputs[1].traceback)


# ====================================================================== the last guard, on the HTML


@pytest.fixture
def source_notebook(tmp_path):
    nb = new_notebook(cells=[create_task_cell(TASK, "markdown", "task_collapse", 3), graded_check()])
    path = tmp_path / "ps0.ipynb"
    nbformat.write(nb, path)
    return path


def test_the_secret_lines_are_the_hidden_and_scheme_lines_no_visible_part_shows(source_notebook):
    secrets = secret_lines(source_notebook)
    assert HIDDEN_CHECK in secrets and SCHEME in secrets
    assert not {VISIBLE_CHECK, QUESTION} & set(secrets)
    assert not any(marker in secrets for marker in (BEGIN_HIDDEN, END_HIDDEN, BEGIN_SCHEME, END_SCHEME))


def test_a_hidden_line_that_the_visible_part_repeats_is_no_secret(tmp_path):
    check = create_grade_cell(
        "\n".join([VISIBLE_CHECK, BEGIN_HIDDEN, VISIBLE_CHECK, "assert x", END_HIDDEN]), "code", "check_days", 1
    )
    nbformat.write(new_notebook(cells=[check]), tmp_path / "ps0.ipynb")
    assert secret_lines(tmp_path / "ps0.ipynb") == [], "a repeated visible line and a short line are not searched for"


def test_nbconverts_page_leaks_without_the_filter_and_not_with_it(source_notebook):
    """The guard finds the hidden lines in nbconvert's highlighted HTML (split into spans, quotes escaped),
    and the filter leaves none there to find."""
    from nbconvert import HTMLExporter

    secrets = secret_lines(source_notebook)
    nb = nbformat.read(source_notebook, as_version=4)
    unfiltered, _ = HTMLExporter().from_notebook_node(nb)
    filtered, _ = HTMLExporter(preprocessors=[HideHiddenTests]).from_notebook_node(nb)
    assert set(leaked(unfiltered, secrets)) == {HIDDEN_CHECK, SCHEME}
    assert leaked(filtered, secrets) == []
    assert VISIBLE_CHECK in page_text(filtered) and HIDDEN_PLACEHOLDER in page_text(filtered)


@pytest.mark.parametrize(
    "page",
    [
        f"<p>{HIDDEN_CHECK.replace(chr(34), '&quot;')}</p>",
        f'<pre><span>assert</span> answer <span>==</span> 4, <b>"{HIDDEN_MESSAGE}"</b></pre>',
        f"<script>var x = 1;</script><p>ok</p><script>{HIDDEN_CHECK}",  # a <script> never closed
    ],
)
def test_the_guard_reads_a_line_through_markup_entities_and_broken_html(page):
    assert leaked(page, [HIDDEN_CHECK]) == [HIDDEN_CHECK]


def test_the_guard_does_not_read_markup_or_comments_as_text():
    page = f'<!-- {HIDDEN_CHECK} --><p title="{HIDDEN_CHECK}">nothing to see</p>'
    assert leaked(page, [HIDDEN_CHECK]) == []


def test_accessible_page_puts_right_what_nbgraders_template_gets_wrong():
    from readinglab.instructor.feedback import accessible_page

    page = accessible_page(
        '<!DOCTYPE html>\n<html>\n<head><title>ps1</title></head><body><div class="panel-heading">\n'
        '<h4>ps1 (Score: 1.0 / 2.0)</h4><ol><li><a href="#check_who_said">Test cell</a></li></ol></div>'
        "<h1>Problem set 1</h1></body></html>"
    )
    assert '<html lang="en">' in page and "text-decoration: underline" in page and "pre-wrap" in page
    assert "<h4>" not in page and '<p class="score-heading">ps1 (Score: 1.0 / 2.0)</p>' in page
    assert '<a href="#check_who_said">Test cell check_who_said</a>' in page
