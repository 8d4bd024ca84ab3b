"""The checks module: verdicts come from a kernel where no student code ran (tiny notebooks, nbgrader style).

Each forging test below passes a check that a student could only pass by
forging it. With the checks run in the student's own kernel (stock nbgrader
``Execute``, the ``forged_in_one_kernel`` runs), the same notebooks do pass
their checks: that is what these tests protect against.
"""

from __future__ import annotations

import os

import nbformat
import pytest
from nbgrader.preprocessors import Execute

from readinglab.instructor.grading import plain
from readinglab.instructor.grading.checks import SandboxedExecute, free_names, plan, read_capture, tamper_proof_points

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _answer(source: str, name: str = "answer"):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "locked": False,
        "grade_id": name,
        "schema_version": 3,
    }
    return cell


def _check(source: str, grade_id: str = "check", points: float = 1):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": points,
        "schema_version": 3,
    }
    return cell


def _notebook(*cells):
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _errors(cell) -> list:
    return [o for o in cell.outputs if o.get("output_type") == "error"]


def _run(nb, tmp_path, *, sandbox: bool = True, stock: bool = False):
    """Execute ``nb`` as autograde would: with SandboxedExecute, or (``stock``) nbgrader's own Execute."""
    (tmp_path / "work").mkdir(exist_ok=True)
    resources = {"metadata": {"path": str(tmp_path / "work")}}
    if stock:
        Execute(timeout=20).preprocess(nb, resources)
    else:
        if sandbox and os.environ.get("READINGLAB_REQUIRE_SANDBOX") != "1":
            from readinglab.instructor.grading.sandbox import SandboxUnavailable, require_sandbox

            try:
                require_sandbox()
            except SandboxUnavailable as error:
                pytest.skip(f"no sandbox here: {error}")
        SandboxedExecute(timeout=20, sandbox=sandbox).preprocess(nb, resources)
    return nb


RIGHT = "answer = {'who': 'Branstad', 'n': (1, 2.5)}"
CHECK = "assert answer == {'who': 'Branstad', 'n': (1, 2.5)}, 'Re-read paragraph 1.'\nprint('ok')"


# ---------------------------------------------------------------------------------------------- plain data


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -3,
        2.5,
        float("inf"),
        "text ✔",
        [1, [2]],
        (1, "a"),
        {1, 2},
        frozenset({"x"}),
        {"a": {1: (None, False)}},
        {(1, 2): "tuple key"},
    ],
)
def test_plain_values_come_back_as_the_same_exact_types(value):
    back = plain.decode(plain.encode(value))
    assert back == value and type(back) is type(value)


def test_a_pandas_table_crosses_in_its_plain_form():
    import pandas as pd

    table = pd.DataFrame({"word": ["china", "korea"], "count": [3, 2]})
    back = plain.decode(plain.encode(table))
    pd.testing.assert_frame_equal(back, table)
    assert type(back["count"].iloc[0]).__module__ == "numpy"  # rebuilt by pandas, as a student's table was


class _Impostor(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


@pytest.mark.parametrize("value", [_Impostor("x"), [1, _Impostor("x")], {"k": object()}, len, 1j])
def test_anything_else_is_not_plain_data(value):
    with pytest.raises(plain.NotPlainData):
        plain.encode(value)


@pytest.mark.parametrize("data", [{"object": 1}, {"tuple": 1}, {"dict": [[1]]}, {"a": 1, "b": 2}, {"float": "1e9"}])
def test_decode_accepts_nothing_but_the_plain_form(data):
    with pytest.raises(ValueError):
        plain.decode(data)


# ---------------------------------------------------------------------------------------------- the plan


def test_a_check_reads_the_names_it_uses_before_binding_them_and_never_builtins():
    reads, calls = free_names("assert len(answer) == 2\nhelper = 1\nprint(helper, other)\n%time x")
    assert reads == {"answer", "other"} and calls == set()


def test_a_check_that_calls_a_student_function_is_not_tamper_proof():
    nb = _notebook(
        _answer("def double(x):\n    return 2 * x"),
        _check("assert double(2) == 4", points=2),
        _check(CHECK, "plain", points=3),
    )
    checks = plan(nb)
    assert [c.tamper_proof for c in checks] == [False, True]
    assert checks[0].calls == ("double",)
    assert tamper_proof_points(nb) == (3.0, 5.0)


def test_capture_output_that_is_not_the_plain_form_is_a_problem_never_a_value():
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/x-readinglab-answers": '{"answer": {"value": {"object": 1}}}'}
        )
    ]
    answers = read_capture(cell, ("answer", "other"))
    assert answers.values == {} and set(answers.problems) == {"answer", "other"}


# ---------------------------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize("sandbox", [True, False], ids=["sandboxed", "unsandboxed"])
def test_a_right_answer_passes_and_a_wrong_one_fails_with_the_checks_message(tmp_path, sandbox):
    right = _run(_notebook(_answer(RIGHT), _check(CHECK)), tmp_path, sandbox=sandbox)
    assert not _errors(right.cells[1]) and "ok" in right.cells[1].outputs[0]["text"]
    wrong = _run(_notebook(_answer("answer = {'who': 'Trump'}"), _check(CHECK)), tmp_path, sandbox=sandbox)
    assert _errors(wrong.cells[1])[0]["evalue"] == "Re-read paragraph 1."


FORGERIES = {
    "input_transformer": "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])",
    "input_transformer_post": "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
    "ast_transformer": (
        "import ast\n"
        "class _Drop(ast.NodeTransformer):\n"
        "    def visit_Assert(self, node):\n"
        "        return ast.Pass()\n"
        "get_ipython().ast_transformers.append(_Drop())"
    ),
    "replaced_run_cell": (
        "_ip = get_ipython()\n_real = _ip.run_cell\n_ip.run_cell = lambda raw_cell, *a, **k: _real('pass', *a, **k)"
    ),
    "custom_exception_handler": "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)",
    "patched_builtins": "import builtins\nbuiltins.AssertionError = type('Quiet', (Exception,), {})\n"
    "builtins.print = lambda *a, **k: None",
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_forging_the_student_kernel_does_not_pass_a_check(tmp_path, forgery):
    source = FORGERIES[forgery] + "\nanswer = 'wrong'"
    nb = _run(_notebook(_answer(source), _check(CHECK)), tmp_path)
    assert _errors(nb.cells[1]), f"{forgery} passed a check it should fail"


@pytest.mark.parametrize(
    "forgery", ["input_transformer", "input_transformer_post", "ast_transformer", "replaced_run_cell"]
)
def test_forged_in_one_kernel_the_same_notebook_passes_under_stock_nbgrader(tmp_path, forgery):
    """Why the checks' kernel exists: in the student's kernel these forgeries pass the check."""
    source = FORGERIES[forgery] + "\nanswer = 'wrong'"
    nb = _run(_notebook(_answer(source), _check(CHECK)), tmp_path, stock=True)
    assert not _errors(nb.cells[1])


def test_an_always_equal_impostor_fails_with_a_message_saying_what_type_is_wanted(tmp_path):
    impostor = "class Yes(dict):\n    def __eq__(self, other):\n        return True\nanswer = Yes()"
    nb = _run(_notebook(_answer(impostor), _check(CHECK)), tmp_path)
    error = _errors(nb.cells[1])[0]
    assert error["ename"] == "TypeError" and "plain data" in error["evalue"] and "Yes" in error["evalue"]


def test_the_checks_kernel_never_ran_student_code(tmp_path):
    student = "import builtins\nbuiltins.TOUCHED = True\nanswer = 1"
    check = "import builtins\nassert not hasattr(builtins, 'TOUCHED'), 'student code ran here'\nassert answer == 1"
    nb = _run(_notebook(_answer(student), _check(check)), tmp_path)
    assert not _errors(nb.cells[1])


def test_a_missing_answer_fails_as_nbgrader_would_with_a_name_error(tmp_path):
    nb = _run(_notebook(_answer("x = 1"), _check(CHECK)), tmp_path)
    assert _errors(nb.cells[1])[0]["ename"] == "NameError"


def test_each_check_sees_the_value_at_its_own_place_in_the_notebook(tmp_path):
    nb = _run(
        _notebook(
            _answer("answer = 1"),
            _check("assert answer == 1", "first"),
            _answer("answer = 2", "again"),
            _check("assert answer == 2", "second"),
            _answer("del answer", "gone"),
            _check("answer", "third"),
        ),
        tmp_path,
    )
    assert not _errors(nb.cells[1]) and not _errors(nb.cells[3])
    assert _errors(nb.cells[5])[0]["ename"] == "NameError"  # not the stale value of an earlier check


def test_a_check_that_calls_a_student_function_still_grades_in_the_student_kernel(tmp_path):
    nb = _run(_notebook(_answer("def double(x):\n    return 2 * x"), _check("assert double(2) == 4")), tmp_path)
    assert not _errors(nb.cells[1])


def test_student_cells_keep_their_outputs_and_checks_show_theirs(tmp_path):
    nb = _run(_notebook(_answer("print('student says hi')\n" + RIGHT), _check(CHECK)), tmp_path)
    assert nb.cells[0].outputs[0]["text"] == "student says hi\n"
    assert [o["text"] for o in nb.cells[1].outputs] == ["ok\n"]
    assert nb.cells[1].execution_count is not None


def test_the_student_kernel_sees_the_submitted_files_but_never_the_notebook_being_graded(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "data.csv").write_text("a,b\n", encoding="utf-8")
    (work / "ps1.ipynb").write_text("### BEGIN HIDDEN TESTS", encoding="utf-8")  # as nbgrader leaves it
    nb = _run(
        _notebook(
            _answer("import os\nanswer = sorted(os.listdir('.'))"), _check("assert answer == ['data.csv'], answer")
        ),
        tmp_path,
    )
    assert not _errors(nb.cells[1]), _errors(nb.cells[1])


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and marker in open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode():
                found.append(int(entry))
        except OSError:
            pass
    return found


def test_nothing_the_student_started_outlives_the_grading_of_their_notebook(tmp_path):
    """nbclient leaves running the kernels it did not create: both of ours are stopped when grading ends."""
    daemon = (
        "import subprocess\nsubprocess.Popen(['sleep', '317.25'], start_new_session=True)\n"
        "answer = {'who': 'Branstad', 'n': (1, 2.5)}"
    )
    nb = _run(_notebook(_answer(daemon), _check(CHECK)), tmp_path)
    assert not _errors(nb.cells[1])
    assert _processes_with("sleep 317.25") == []


def _setup(source: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": False,
        "locked": True,
        "grade_id": "setup",
        "schema_version": 3,
    }
    return cell


def test_a_module_the_set_up_imports_is_imported_by_the_checks_kernel_itself(tmp_path):
    """`m` is the set-up's `import math as m` in the checks' kernel, whatever the student bound to it."""
    nb = _notebook(
        _setup("import math as m\nfrom fractions import Fraction"),
        _answer("m = None\nFraction = None\nanswer = 3.0"),
        _check("assert m.isclose(answer, 3.0) and Fraction(1, 2) == 0.5"),
    )
    assert plan(nb)[0].reads == ("answer",) and plan(nb)[0].tamper_proof
    assert not _errors(_run(nb, tmp_path).cells[2])


def test_a_failing_checks_traceback_names_the_cells_own_execution_count(tmp_path):
    """The feedback filter tells hidden failures from visible ones by the frame "Cell In[<count>]"."""
    import re

    nb = _run(
        _notebook(_answer("x = 1"), _answer("answer = 'wrong'", "second"), _check("y = 1"), _check(CHECK)), tmp_path
    )
    cell = nb.cells[3]
    frames = re.findall(r"Cell In\[(\d+)\]", re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(_errors(cell)[0]["traceback"])))
    assert frames and all(int(count) == cell.execution_count for count in frames)
