"""The course's nbgrader assignments: their structure, their secrets, and nbgrader's view of them.

Everything that runs nbgrader works on a temporary copy of course/: the real
course folder never gets release/, submitted/, autograded/ or a gradebook.
Autograding a synthetic class is in test_grading_class.py; the mutation check
in test_grading_mutations.py.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

import readinglab
from readinglab import load
from readinglab.instructor.course import Course
from readinglab.selfcheck import QUESTIONS_FOLDER, load_questions

from .support.course_copy import ASSIGNMENTS, open_copy, release
from .support.fake_pass import READINGLAB_CALLS
from .support.notebooks import (
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    END_HIDDEN,
    END_SOLUTION,
    STUB,
    answer_cells,
    answer_name,
    check_cells,
    check_points,
    nbgrader_meta,
    solution_code,
)

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "course"
BEGIN_SCHEME, END_SCHEME = "=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}

# Answers that must never reach a student, checked in the released notebooks'
# raw JSON (numbers as whole words). Solution strings that appear nowhere else
# in the source notebooks are checked as well (see _secret_strings).
SECRETS = {
    "ps1-same-page": [
        "347",
        "influx of petroleum",
        "peripheral satellite",
        "circumvent the full extent",
        "[4, 6]",
        "[1, 6]",
    ],
    "ps2-together": [
        "2017-02",
        "Bloomberg last week",
        "[12, 14]",
        "[8, 9, 10]",
        "renewed strain",
        "said Li Kaisheng, a researcher",
    ],
    "ps3-compare": [
        "28.1",
        "29.4",
        "31.7",
        "containment",
        "petty",
        "abruptly",
        "ultimately not on the same page",
        "common ground",
        "the only real outcome",
    ],
    "ps4-sources": [
        "branstad-confirmed",
        "hundred-day-plan-ends",
        "unsc-2375",
        "hwasong-14-test",
        "china-suspends-coal-imports",
        "secretary of State",
        "reign",
        "top national and international security priority",
        "abruptly cut off coal imports",
    ],
}


def source_path(assignment: str) -> Path:
    return COURSE / "source" / assignment / f"{assignment}.ipynb"


def source(assignment: str):
    return nbformat.read(source_path(assignment), as_version=4)


def split_check(cell) -> tuple[str, str]:
    """A check cell's visible part and hidden part."""
    visible, _, rest = cell.source.partition(BEGIN_HIDDEN)
    hidden, _, _ = rest.partition(END_HIDDEN)
    return visible, hidden


# ====================================================================== configuration


def test_config_names_the_course_and_makes_its_own_folder_the_root():
    config = Course.open(COURSE).config()
    # The one place the course id is written: the hub and every server read it from here (deploy/).
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", config.CourseDirectory.course_id), "a folder and service name"
    assert Path(config.CourseDirectory.root) == COURSE


def test_config_gives_every_cell_a_time_limit():
    assert 0 < Course.open(COURSE).config().Execute.timeout <= 60


def test_config_reads_the_exchange_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("TWO_READINGS_EXCHANGE", raising=False)
    assert Path(Course.open(COURSE).config().Exchange.root) == COURSE / "exchange"
    monkeypatch.setenv("TWO_READINGS_EXCHANGE", str(tmp_path))
    assert Course.open(COURSE).config().Exchange.root == str(tmp_path)


def test_default_exchange_is_never_committed():
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    for generated in (
        "course/exchange/",
        "course/release/",
        "course/submitted/",
        "course/autograded/",
        "course/feedback/",
        "course/gradebook.db",
    ):
        assert generated in ignored


# ====================================================================== notebook structure


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_is_committed_without_outputs(assignment):
    for cell in source(assignment).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_metadata_is_schema_v3(assignment):
    for cell in source(assignment).cells:
        meta = nbgrader_meta(cell)
        if not meta:
            continue
        graded = meta.get("grade") or meta.get("task")
        assert set(meta) == NBGRADER_KEYS | ({"points"} if graded else set()), meta
        assert meta["schema_version"] == 3
        assert all(type(meta[key]) is bool for key in ("grade", "locked", "solution", "task"))
        assert re.fullmatch(r"[a-z0-9_]+", meta["grade_id"]), meta["grade_id"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_question_is_markdown_then_answer_then_locked_check(assignment):
    cells = source(assignment).cells
    answers = [i for i, c in enumerate(cells) if c.cell_type == "code" and nbgrader_meta(c).get("solution")]
    assert answers
    for index in answers:
        name = answer_name(cells[index])
        assert cells[index - 1].cell_type == "markdown", f"{name}: no question before the answer cell"
        meta = nbgrader_meta(cells[index + 1])
        assert meta.get("grade_id") == f"check_{name}", f"{name}: the next cell is not its check cell"
        assert meta["grade"] and meta["locked"] and not meta["solution"] and meta["points"] > 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_check_cells_state_what_they_check_then_teach_then_hide_the_grading(assignment):
    for cell in check_cells(source(assignment)):
        grade_id = nbgrader_meta(cell)["grade_id"]
        lines = cell.source.splitlines()
        assert lines.count(BEGIN_HIDDEN) == 1 and lines.count(END_HIDDEN) == 1 and lines[-1] == END_HIDDEN, grade_id
        visible, hidden = split_check(cell)
        statements = ast.parse(visible).body
        docstring = statements[0]
        assert isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant), grade_id
        assert docstring.value.value.startswith("Checks `"), grade_id
        asserts = [node for node in ast.walk(ast.parse(visible)) if isinstance(node, ast.Assert)]
        assert asserts, f"{grade_id}: no visible checks"
        assert all(node.msg is not None for node in asserts), f"{grade_id}: a visible check has no message"
        assert any(isinstance(node, ast.Assert) for node in ast.walk(ast.parse(hidden))), (
            f"{grade_id}: no hidden checks"
        )


def _shadowable_names(code: str) -> set[str]:
    """Built-in names a hidden test reads straight from the student's namespace."""
    tree = ast.parse(code)
    defined = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    defined |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    defined |= {
        arg.arg for node in ast.walk(tree) if isinstance(node, ast.arguments) for arg in node.args + node.kwonlyargs
    }
    defined |= {node.vararg.arg for node in ast.walk(tree) if isinstance(node, ast.arguments) and node.vararg}
    defined |= {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    read = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    return {name for name in read - defined if name in dir(builtins)}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_use_private_builtins_and_never_readinglab(assignment):
    """A student can rebind `type`, `str`... or patch readinglab; hidden tests must not be fooled by either."""
    for cell in check_cells(source(assignment)):
        grade_id = nbgrader_meta(cell)["grade_id"]
        _, hidden = split_check(cell)
        assert not _shadowable_names(hidden), f"{grade_id} reads built-ins the student can rebind"
        tree = ast.parse(hidden)
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        modules = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not names & set(readinglab.__all__), f"{grade_id} uses readinglab: {names & set(readinglab.__all__)}"
        assert "readinglab" not in names | modules, f"{grade_id} imports readinglab"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_has_8_or_more_autograded_points_and_written_tasks(assignment):
    nb = source(assignment)
    assert sum(check_points(nb).values()) >= 8
    tasks = [c for c in nb.cells if nbgrader_meta(c).get("task")]
    assert tasks and all(nbgrader_meta(c)["points"] > 0 for c in tasks)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_the_students_are_told_are_the_points_nbgrader_gives(assignment):
    nb = source(assignment)
    automatic = sum(check_points(nb).values())
    manual = sum(nbgrader_meta(c)["points"] for c in nb.cells if nbgrader_meta(c).get("task"))
    header = re.search(
        r"\*\*Points:\*\* (\d+) checked by computer, (\d+) marked by your instructor", nb.cells[0].source
    )
    assert header and (int(header[1]), int(header[2])) == (automatic, manual)
    for index, cell in enumerate(nb.cells):
        meta = nbgrader_meta(cell)
        if meta.get("task"):
            stated, points = re.search(r"\((\d+) points?\)", cell.source), meta["points"]
        elif cell.cell_type == "code" and meta.get("solution"):
            stated = re.search(r"\((\d+) points?\)", nb.cells[index - 1].source)
            points = nbgrader_meta(nb.cells[index + 1])["points"]
        else:
            continue
        assert stated and int(stated[1]) == points, f"{meta['grade_id']}: the question says {stated and stated[1]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_markers_sit_only_in_their_own_kind_of_cell(assignment):
    for cell in source(assignment).cells:
        meta = nbgrader_meta(cell)
        text = cell.source
        if BEGIN_SCHEME in text or END_SCHEME in text:
            assert meta.get("task"), f"a mark scheme outside a task cell: {text[:60]}"
        if "### BEGIN SOLUTION" in text:
            assert meta.get("solution") and cell.cell_type == "code", text[:60]
        if BEGIN_HIDDEN in text:
            assert meta.get("grade") and meta.get("locked"), text[:60]
        if meta.get("task"):
            assert text.count(BEGIN_SCHEME) == 1 and text.count(END_SCHEME) == 1, meta["grade_id"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_has_a_readinglab_code_task_and_an_evidence_question(assignment):
    nb = source(assignment)
    assert any(any(call in code for call in READINGLAB_CALLS) for code in solution_code(nb).values())
    assert any("_evidence_ok(" in split_check(cell)[1] for cell in check_cells(nb))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_evidence_paragraphs_in_hidden_tests_are_the_readings_own_words(assignment):
    """Hidden tests carry the paragraphs they check pasted evidence against; they must match the texts."""
    found = 0
    for cell in check_cells(source(assignment)):
        _, hidden = split_check(cell)
        constants = {
            node.targets[0].id: ast.literal_eval(node.value)
            for node in ast.parse(hidden).body
            if isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in ("_READING", "_PARAGRAPHS")
        }
        if "_PARAGRAPHS" not in constants:
            continue
        reading = load(constants["_READING"])
        for number, text in constants["_PARAGRAPHS"].items():
            assert reading.paragraph(number) == text, f"{nbgrader_meta(cell)['grade_id']}: paragraph {number}"
            found += 1
    assert found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_context_id_in_solutions_and_hidden_tests_is_an_entry_of_context_yaml(assignment):
    """ps4's hidden tests expect ids of context.yaml as constants: renaming an entry must fail here, not in class."""
    code = "\n".join(cell.source for cell in source(assignment).cells if cell.cell_type == "code")
    hyphenated = set(re.findall(r"[\"']([a-z0-9]+(?:-[a-z0-9]+)+)[\"']", code))
    dates = {name for name in hyphenated if re.fullmatch(r"\d{4}(-\d\d){0,2}", name)}
    named = hyphenated - dates - set(readinglab.readings()["id"])
    assert named <= set(readinglab.context()["id"]), (
        f"not in context.yaml: {sorted(named - set(readinglab.context()['id']))}"
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_answer_cells_will_keep_the_variable_line(assignment):
    """The line above `### BEGIN SOLUTION` survives release: it names the variable the check reads."""
    for cell in answer_cells(source(assignment)):
        before = cell.source.split("### BEGIN SOLUTION")[0]
        assert re.search(r"^\w+ = ", before, re.M), answer_name(cell)


# ====================================================================== the coverage table


def _coverage_rows() -> list[tuple[str, str]]:
    readme = (COURSE / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Coverage", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if (
            len(cells) >= 3
            and not set(cells[0]) <= {"-", " "}
            and cells[0] not in ("Fact, actor or claim", "Key point")
        ):
            rows.append((cells[0], cells[-1]))
    return rows


def _key_point_rows() -> list[tuple[str, str, str]]:
    """The key-points table: (key point, lessons that teach it, where it is assessed)."""
    readme = (COURSE / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Key points", 1)[1].split("\n### ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and not set(cells[0]) <= {"-", " "} and cells[0] != "Key point":
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def test_coverage_table_points_only_at_questions_that_exist():
    names = {}
    for assignment in ASSIGNMENTS:
        nb = source(assignment)
        key = assignment.split("-")[0]
        names[key] = {answer_name(c) for c in answer_cells(nb)} | {
            nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c).get("task")
        }
    selfchecks = set(load_questions(QUESTIONS_FOLDER))
    rows = _coverage_rows()
    assert len(rows) > 40
    for what, where in rows:
        references = re.findall(r"(ps\d)/(\w+)", where)
        checks = re.findall(r"selfcheck/([\w-]+)", where)
        assert references or checks, f"coverage row {what!r} names no question"
        for key, name in references:
            assert name in names[key], f"coverage row {what!r}: no question {key}/{name}"
        for question_id in checks:
            assert question_id in selfchecks, f"coverage row {what!r}: no self-check {question_id}"


def test_every_lesson_teaches_key_points_that_the_table_maps_to_an_assessment():
    lessons = sorted(path.name[:2] for path in (REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    rows = _key_point_rows()
    taught = {number for _, lessons_cell, _ in rows for number in re.findall(r"\b\d\d\b", lessons_cell)}
    assert taught == set(lessons), f"lessons without key points in the table: {set(lessons) - taught}"
    for point, lessons_cell, _ in rows:
        assert re.findall(r"\b\d\d\b", lessons_cell), f"key point {point!r} names no lesson"


def test_coverage_table_assesses_every_actor_and_figure():
    actors = yaml.safe_load((REPO / "source_texts" / "annotations" / "actors.yaml").read_text(encoding="utf-8"))
    covered = " ".join(what for what, _ in _coverage_rows())
    for actor in actors["actors"]:
        assert actor["name"] in covered, f"{actor['name']} is not in the coverage table"
    for reading in ("same-page", "together"):
        notes = yaml.safe_load((REPO / "source_texts" / "annotations" / f"{reading}.yaml").read_text(encoding="utf-8"))
        for figure in notes["figures"]:
            assert figure["text"] in covered, f"figure {figure['text']!r} is not in the coverage table"


# ====================================================================== nbgrader on a copy of the course


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """A temporary copy of the course with every assignment generated."""
    course = open_copy(tmp_path_factory.mktemp("release") / "course")
    release(course, *ASSIGNMENTS)
    return course.root


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_passes_nbgrader_validator(released, assignment):
    """nbgrader's own Validator runs the solution notebook; `{}` means every check passed."""
    from nbgrader.validator import Validator

    validator = Validator(config=Course.open(released, Exchange={"root": str(released / "exchange")}).config())
    assert validator.validate(str(released / "source" / assignment / f"{assignment}.ipynb")) == {}


def _secret_strings(assignment: str) -> set[str]:
    """Strings in solutions, hidden tests and mark schemes that appear nowhere a student may see."""
    nb = source(assignment)
    secret, public = [], []
    for cell in nb.cells:
        text = cell.source
        meta = nbgrader_meta(cell)
        if meta.get("solution") and cell.cell_type == "code":
            head, _, rest = text.partition(BEGIN_SOLUTION)
            solution, _, tail = rest.partition(END_SOLUTION)
            secret.append(solution)
            public += [head, tail]
        elif meta.get("grade") and meta.get("locked"):
            visible, hidden = split_check(cell)
            secret.append(hidden)
            public.append(visible)
        elif meta.get("task"):
            head, _, rest = text.partition(BEGIN_SCHEME)
            scheme, _, tail = rest.partition(END_SCHEME)
            secret.append(scheme)
            public += [head, tail]
        else:
            public.append(text)
    public_text = "\n".join(public)
    strings = set()
    for text in secret:
        strings |= {s for s in re.findall(r'"([^"\n]{12,})"', text) if s not in public_text}
    return strings


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solutions_hidden_tests_or_mark_schemes(released, assignment):
    raw = (released / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
    for marker in (
        "BEGIN SOLUTION",
        "END SOLUTION",
        "BEGIN HIDDEN TESTS",
        "BEGIN MARK SCHEME",
        "MARK SCHEME",
        "_evidence_ok",
        "_PARAGRAPHS",
        "from builtins import",
    ):
        assert marker not in raw, f"{assignment} release contains {marker!r}"
    for secret in SECRETS[assignment]:
        pattern = rf"\b{re.escape(secret)}\b" if secret[0].isalnum() and secret[-1].isalnum() else re.escape(secret)
        assert not re.search(pattern, raw), f"{assignment} release gives away {secret!r}"
    text = "\n".join(cell.source for cell in nbformat.reads(raw, as_version=4).cells)
    leaked = {s for s in _secret_strings(assignment) if s in text}
    assert not leaked, f"{assignment} release contains solution, hidden-test or mark-scheme text: {leaked}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_keeps_questions_visible_checks_and_tasks(released, assignment):
    release = nbformat.read(released / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    assert [answer_name(c) for c in answer_cells(release)] == [answer_name(c) for c in answer_cells(source(assignment))]
    for cell in answer_cells(release):
        assert STUB in cell.source and re.search(r"^\w+ = ", cell.source, re.M)
    for cell in check_cells(release):
        assert "assert" in cell.source and cell.source.lstrip().startswith('"""Checks `')
    assert [nbgrader_meta(c)["grade_id"] for c in release.cells if nbgrader_meta(c).get("task")]


def test_released_notebooks_pass_nbval_lax(released, tmp_path):
    """The released notebooks run top to bottom; only cells tagged raises-exception may fail on a blank."""
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            str(ini),
            "--rootdir",
            str(tmp_path),
            "--nbval-lax",
            "--nbval-current-env",
            str(released / "release"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", result.stdout)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_raises_exception_tags_mark_exactly_the_cells_that_fail_on_a_blank(released, assignment):
    """Tagging a cell that never fails would hide errors from nbval; every tagged cell must fail on a blank."""
    from nbclient import NotebookClient

    folder = released / "release" / assignment
    nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=60, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(folder)}}
    ).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        failed = any(output.output_type == "error" for output in cell.outputs)
        tagged = "raises-exception" in cell.metadata.get("tags", [])
        assert failed == tagged, f"{assignment}: failed={failed} tagged={tagged}: {cell.source[:70]!r}"
