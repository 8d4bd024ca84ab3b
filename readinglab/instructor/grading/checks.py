"""Verdicts that student code cannot forge: the checks run in a kernel where no student code ran.

nbgrader runs a notebook's check cells in the same kernel as the student's
cells, after them. Whatever runs first can rewrite what runs next: an input or
AST transformer, a replaced ``run_cell``, a custom exception handler, patched
builtins or an answer whose ``__eq__`` always says yes can each turn a failing
check into a pass. So here a check's verdict comes from a second kernel:

1. The student's cells run in their own sandboxed kernel, in notebook order.
   In place of each check cell, a short *capture* cell hands over the values of
   the names that check reads, as plain data (:mod:`.plain`): JSON text, never
   an object. Whatever the student did to their kernel, what comes out is only
   data, which the trusted side parses itself.
2. Every check, visible and hidden, runs in a fresh sandboxed kernel that never
   ran student code, in notebook order, with those values bound as exact
   builtin types (its working folder is empty: it cannot import a student's
   files either).
3. Each check's outputs go where nbgrader expects them (the check cell of the
   notebook), so nbgrader's own grading, gradebook, formgrader and feedback work
   unchanged.

A name that a check needs and that is not plain data fails that check, with a
message that says what type the answer must be. A check that *calls* a name the
notebook defines (a function the student wrote, in a course written for plain
nbgrader) cannot be judged apart from the student's code: it runs in the
student's (sandboxed) kernel as nbgrader would, and :func:`plan` marks it as not
tamper-proof, so the grading summary and report can count its points apart.

Plugged into nbgrader through its configuration (``course/nbgrader_config.py``
sets ``c.Autograde.autograde_preprocessors``), so ``course grade``, ``nbgrader
autograde`` and the formgrader's Autograde button all grade this way.
"""

from __future__ import annotations

import builtins
import copy
import inspect
import json
import os
import shutil
import symtable
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Bool, Integer

from . import plain
from .sandbox import Limits

# In this process, the exceptions that stopped SandboxedExecute, newest last (nbgrader keeps only their text).
FAILURES: list[BaseException] = []
# The capture cell's output: a display of this MIME type whose text is the JSON of the values.
CAPTURE_MIME = "text/x-readinglab-answers"
_BUILTIN_NAMES = frozenset(dir(builtins))


# ============================================================================ which checks read what


@dataclass(frozen=True)
class Check:
    """One check cell: where it is, the names it reads from the notebook, and where it is judged."""

    index: int
    grade_id: str
    points: float
    reads: tuple[str, ...]  # names the student's kernel hands over, as plain data
    calls: tuple[str, ...]  # names it calls that the notebook must define: student functions
    imports: tuple[str, ...] = ()  # import statements of the notebook's locked cells that bind names it reads

    @property
    def tamper_proof(self) -> bool:
        """True when the verdict comes from the check kernel (it calls nothing the student wrote)."""
        return not self.calls


def is_check(cell) -> bool:
    """An autograder test: a code cell nbgrader grades that holds no solution."""
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def _strip_magics(source: str) -> str:
    """Cell source as Python: IPython's ``%magic`` and ``!shell`` lines become blank lines."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def free_names(source: str) -> tuple[set[str], set[str]]:
    """The global names a cell reads before (or without) binding them, and those of them it calls.

    Builtins are left out: the check kernel has the real ones, never the student's.

    >>> sorted(free_names("assert answer == 3, hint(x)\\ny = len(answer)")[0])
    ['answer', 'hint', 'x']
    >>> sorted(free_names("def f(a):\\n    return a + b\\nf(1)")[1])
    []
    """
    import ast

    code = _strip_magics(source)
    try:
        table = symtable.symtable(code, "<check>", "exec")
        tree = ast.parse(code)
    except SyntaxError:
        return set(), set()
    bound_at_top = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    read: set[str] = set()

    def walk(scope, top: bool) -> None:
        for symbol in scope.get_symbols():
            name = symbol.get_name()
            if not symbol.is_referenced():
                continue
            if top and not (symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()):
                read.add(name)
            elif not top and symbol.is_global() and name not in bound_at_top:
                read.add(name)
        for child in scope.get_children():
            walk(child, False)

    walk(table, True)
    read -= _BUILTIN_NAMES
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in read
    }
    return read, called


def trusted_imports(nb) -> dict[str, str]:
    """Names bound by ``import`` in the notebook's locked, non-check cells (its set-up), with the statement.

    nbgrader restores locked cells from the source before grading, so these
    statements are the instructor's: the checks' kernel runs them itself, and a
    check that reads ``np`` after the set-up's ``import numpy as np`` gets numpy,
    whatever the student's kernel holds under that name. (``from x import *`` is
    not followed: what it binds cannot be read from the cell.)
    """
    import ast

    found: dict[str, str] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("locked") or is_solution(cell) or is_check(cell):
            continue
        try:
            tree = ast.parse(_strip_magics(cell.source))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found[alias.asname or alias.name.split(".")[0]] = ast.unparse(ast.Import([alias]))
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for alias in node.names:
                    if alias.name != "*":
                        found[alias.asname or alias.name] = ast.unparse(ast.ImportFrom(node.module, [alias], 0))
    return found


def plan(nb) -> list[Check]:
    """Every check cell of ``nb``, in order, with the names it reads and calls."""
    imported = trusted_imports(nb)
    checks = []
    for index, cell in enumerate(nb.cells):
        if is_check(cell):
            reads, calls = free_names(cell.source)
            meta = cell.metadata.get("nbgrader", {})
            checks.append(
                Check(
                    index,
                    str(meta.get("grade_id", f"cell-{index}")),
                    float(meta.get("points", 0) or 0),
                    tuple(sorted(reads - set(imported))),
                    tuple(sorted(calls - set(imported))),
                    tuple(imported[name] for name in sorted(reads & set(imported))),
                )
            )
    return checks


def tamper_proof_points(nb) -> tuple[float, float]:
    """(points whose verdict comes from the check kernel, all autograded points) of a source notebook."""
    checks = plan(nb)
    return sum(c.points for c in checks if c.tamper_proof), sum(c.points for c in checks)


# ============================================================================ the two kernels' cells

_PLAIN_SOURCE = inspect.getsource(plain)


def capture_source(names: tuple[str, ...]) -> str:
    """A cell for the student's kernel that shows ``names``' values as plain-data JSON (or why it cannot)."""
    return f"""\
def __readinglab_capture():
    # Written by the grader: hands over the values that the next check reads, as plain data.
    from IPython.display import publish_display_data
    tools = {{"__name__": "readinglab_plain"}}
    exec({_PLAIN_SOURCE!r}, tools)
    space, found = globals(), {{}}
    for name in {list(names)!r}:
        if name not in space:
            found[name] = {{"missing": True}}
            continue
        try:
            found[name] = {{"value": tools["encode"](space[name])}}
        except Exception as error:
            found[name] = {{"not_plain": str(error) or type(error).__name__}}
    publish_display_data({{{CAPTURE_MIME!r}: tools["dumps"](found)}})
__readinglab_capture()
del __readinglab_capture
"""


_CHECK_KERNEL_SETUP = f"""\
# Written by the grader: before each check runs, the checks' kernel binds what that check reads
# (its set-up's imports, then the student's answers rebuilt from plain data), in notebook order.
import json as _readinglab_json
_readinglab_plain = {{"__name__": "readinglab_plain"}}
exec({_PLAIN_SOURCE!r}, _readinglab_plain)
_readinglab_queue = _readinglab_json.loads({{bindings!r}})
_readinglab_problems = []

def _readinglab_bind(info=None):
    if not _readinglab_queue:
        return
    imports, text, names = _readinglab_queue.pop(0)
    space = get_ipython().user_ns
    try:
        for name in names:
            space.pop(name, None)
        if imports:
            exec(imports, space)
        for name, value in _readinglab_json.loads(text).items():
            space[name] = _readinglab_plain["decode"](value)
    except Exception as error:
        _readinglab_problems.append(f"{{type(error).__name__}}: {{error}}")

get_ipython().events.register("pre_run_cell", _readinglab_bind)
"""
# After the last check: did every binding work? (An error there is the grader's fault, never the student's.)
_CHECK_KERNEL_VERIFY = (
    "get_ipython().events.unregister('pre_run_cell', _readinglab_bind)\n"
    "assert not _readinglab_problems and not _readinglab_queue, _readinglab_problems"
)


@dataclass
class Answers:
    """What the capture cell of one check gave: values (JSON form) and, per name, why there is none."""

    values: dict[str, object] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # name -> a message for the student


def read_capture(cell, names: tuple[str, ...]) -> Answers:
    """Parse the capture cell's output on the trusted side; anything malformed is a problem, never an object."""
    texts = [
        o.get("data", {}).get(CAPTURE_MIME) for o in cell.get("outputs", []) if o.get("output_type") == "display_data"
    ]
    texts = [t for t in texts if isinstance(t, str)]
    answers = Answers()
    unreadable = (
        "The grader could not read `{name}` from your notebook: the cell that hands your answers to the checks "
        "did not run normally. Did your code change how Python or Jupyter runs cells (input transformers, "
        "run_cell, display)? Remove that, restart and run all cells, then submit again."
    )
    try:
        found = json.loads(texts[-1]) if texts and len(texts[-1]) <= plain.MAX_TEXT else None
    except ValueError:
        found = None
    if type(found) is not dict:
        found = {}
    for name in names:
        entry = found.get(name)
        if type(entry) is not dict:
            answers.problems[name] = unreadable.format(name=name)
        elif entry.get("missing") is True:
            continue  # left unbound: the check meets the NameError that nbgrader would give
        elif "not_plain" in entry:
            answers.problems[name] = not_plain_message(name, str(entry["not_plain"]))
        elif "value" in entry:
            try:
                plain.decode(entry["value"])
            except (ValueError, TypeError, RecursionError):
                answers.problems[name] = unreadable.format(name=name)
            else:
                answers.values[name] = entry["value"]
        else:
            answers.problems[name] = unreadable.format(name=name)
    return answers


def not_plain_message(name: str, what: str) -> str:
    return (
        f"`{name}` must be plain data: None, True or False, a number (int or float), text (str), or a list, "
        f"tuple, set or dict of these (or a pandas table of them). Yours is {what}. Write the answer as a plain "
        f"Python value, for example with int(...), float(...), str(...) or list(...)."
    )


def _error_output(message: str) -> NotebookNode:
    return NotebookNode(
        output_type="error", ename="TypeError", evalue=message, traceback=[f"\x1b[0;31mTypeError\x1b[0m: {message}"]
    )


# ============================================================================ the nbgrader preprocessor


class SandboxedExecute(Execute):
    """nbgrader's Execute, with every kernel sandboxed and every tamper-proof check run apart from student code.

    Configured like nbgrader's ``Execute`` (``c.Execute.timeout`` and the rest
    apply), plus the settings below. Used in place of ``Execute`` in
    ``c.Autograde.autograde_preprocessors``.
    """

    sandbox = Bool(
        True,
        help="Run kernels in the bubblewrap sandbox. False only with `course grade "
        "--unsafe-no-sandbox`: student code then runs as the grader.",
    ).tag(config=True)
    # Defaults: the sandbox's own (sandbox.Limits), the one place they are set.
    memory_mb = Integer(Limits.memory_mb, help="Address space of each process in a grading sandbox, in MiB.").tag(
        config=True
    )
    processes = Integer(Limits.processes, help="Processes and threads a grading sandbox may run at once.").tag(
        config=True
    )
    file_size_mb = Integer(Limits.file_size_mb, help="Largest file a grading sandbox may write, in MiB.").tag(
        config=True
    )
    disk_mb = Integer(Limits.disk_mb, help="Size of a grading sandbox's private /tmp and working folder, in MiB.").tag(
        config=True
    )
    wall_seconds = Integer(Limits.wall_seconds, help="A grading sandbox is killed after this many seconds.").tag(
        config=True
    )

    def _kernel_manager(self, workdir):
        from .sandbox import kernel_manager

        limits = Limits(
            memory_mb=self.memory_mb,
            processes=self.processes,
            file_size_mb=self.file_size_mb,
            disk_mb=self.disk_mb,
            wall_seconds=self.wall_seconds,
        )
        km = kernel_manager(workdir=workdir, limits=limits, sandboxed=self.sandbox, parent=self)
        km.client_factory = _quick_ready_client()
        return km

    def preprocess(self, nb, resources=None, km=None):
        if self.sandbox:
            from .sandbox import SandboxUnavailable, require_sandbox

            try:
                require_sandbox()  # its message says how to fix it; nbgrader records it as this notebook's error
            except SandboxUnavailable as error:
                FAILURES.append(error)
                raise
        resources = resources if resources is not None else {}
        path = (resources.get("metadata") or {}).get("path") or None
        try:
            with tempfile.TemporaryDirectory(prefix="readinglab-submission-") as scratch:
                return self._grade(nb, resources, path, _files_for_the_student(path, Path(scratch)))
        except BaseException as error:
            # nbgrader turns it into log text; `course grade` tells the reason from its type (workers.reason_for).
            FAILURES.append(error)
            raise

    def _grade(self, nb, resources, path, workdir):
        checks = [c for c in plan(nb) if c.tamper_proof]
        # nbclient shuts down only the kernels it made itself: these two are stopped here, sandbox and all,
        # even when a cell kills its kernel or the run fails.
        student_km = self._kernel_manager(workdir)
        if not checks:
            try:
                return super().preprocess(nb, resources, km=student_km)
            finally:
                self._stop(student_km)

        student_nb = copy.deepcopy(nb)
        for check in checks:
            student_nb.cells[check.index].source = capture_source(check.reads)
        # The checks' kernel starts now, while the student's cells run; it never sees their files.
        checks_km = self._kernel_manager(None)
        try:
            self._start(checks_km, path)
            try:
                super().preprocess(student_nb, resources, km=student_km)
            finally:
                self._stop(student_km)  # before the checks run: nothing of the student's outlives its cells
            judged_apart = {c.index for c in checks}
            for index, cell in enumerate(student_nb.cells):
                if cell.cell_type == "code" and index not in judged_apart:
                    nb.cells[index].outputs = cell.outputs
                    nb.cells[index].execution_count = cell.execution_count
            self._run_checks(nb, student_nb, checks, checks_km, resources)
        finally:
            self._stop(checks_km)
        return nb, resources

    def _start(self, km, path) -> None:
        from jupyter_core.utils import run_sync

        run_sync(km.start_kernel)(extra_arguments=self.extra_arguments, cwd=path)

    def _stop(self, km) -> None:
        """Kill a grading kernel, sandbox and all, at once, and clean up after it, whatever state it is in.

        Its outputs are already in the notebook, so nothing is gained by a polite shutdown: a kill and a
        wait on the launcher take milliseconds, where jupyter_client's shutdown polls in 0.1 s steps.
        """
        from jupyter_core.utils import run_sync

        async def kill_and_clean() -> None:
            provisioner = km.provisioner
            if provisioner is not None and provisioner.has_process:
                await provisioner.kill()
                process = getattr(provisioner, "process", None)
                if process is not None:
                    process.wait(timeout=10)
            await km.cleanup_resources()

        try:
            run_sync(kill_and_clean)()
        except Exception:  # noqa: BLE001 - a kernel that is already gone is what we want
            pass

    def _run_checks(self, nb, student_nb, checks: list[Check], km, resources) -> None:
        """Run every tamper-proof check in the checks' kernel, binding the student's plain answers first."""
        import nbformat

        # One execution per check: the bindings go in with the set-up, and a pre_run_cell hook in the checks'
        # kernel makes each one just before its check runs (a cell of its own per binding took twice as long).
        bindings, cells = [], []
        slots: list[tuple[Check, int | None, Answers]] = []
        for check in checks:
            answers = read_capture(student_nb.cells[check.index], check.reads)
            if answers.problems:
                slots.append((check, None, answers))
                continue
            bindings.append(["\n".join(check.imports), plain.dumps(answers.values), list(check.reads)])
            cells.append(nbformat.v4.new_code_cell(nb.cells[check.index].source))
            slots.append((check, len(cells), answers))  # position in checks_nb, after the set-up cell
        if cells:
            setup = _CHECK_KERNEL_SETUP.replace("{bindings!r}", repr(json.dumps(bindings)))
            checks_nb = nbformat.v4.new_notebook(
                cells=[nbformat.v4.new_code_cell(setup), *cells, nbformat.v4.new_code_cell(_CHECK_KERNEL_VERIFY)],
                metadata=copy.deepcopy(nb.metadata),
            )
            super().preprocess(checks_nb, copy.deepcopy(resources), km=km)
            for cell in (checks_nb.cells[0], checks_nb.cells[-1]):
                errors = [o for o in cell.outputs if o.get("output_type") == "error"]
                if errors:
                    raise RuntimeError(
                        f"the checks' kernel failed on the grader's own cell: "
                        f"{errors[0].get('ename')}: {errors[0].get('evalue')}"
                    )
        for check, position, answers in slots:
            target = nb.cells[check.index]
            if position is None:
                target.execution_count = student_nb.cells[check.index].get("execution_count")
                target.outputs = [_error_output(next(iter(answers.problems.values())))]
            else:
                # The count the check's own traceback names ("Cell In[7]"): the feedback filter finds the
                # failing line of a check by it, to tell a hidden check's failure from a visible one's.
                target.execution_count = checks_nb.cells[position].execution_count
                target.outputs = checks_nb.cells[position].outputs


def _quick_ready_client():
    """jupyter_client's async client, but quicker to call a kernel ready.

    As jupyter_client does, it asks for kernel_info until the kernel answers on
    the shell channel *and* a message arrives on IOPub (so that IOPub is
    connected and no output is lost); then it drains IOPub until it is quiet
    for 20 ms, where jupyter_client waits 200 ms: two kernels per student paid
    0.4 s for that. A late start-up message is harmless: nbclient keeps only
    the messages whose parent is a request it sent.
    """
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_core.utils import ensure_async

    class QuickReadyClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (timeout if timeout is not None else 60.0)
            while True:
                self.kernel_info()
                try:
                    reply = await ensure_async(self.shell_channel.get_msg(timeout=1))
                except Empty:
                    reply = None
                if reply is not None and reply["msg_type"] == "kernel_info_reply":
                    try:
                        await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                    except Empty:
                        pass  # IOPub not connected yet: ask again
                    else:
                        self._handle_kernel_info_reply(reply)
                        break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
            while True:
                try:
                    await ensure_async(self.iopub_channel.get_msg(timeout=0.02))
                except Empty:
                    break

        _async_wait_for_ready = wait_for_ready

    return QuickReadyClient


def _files_for_the_student(path: str | None, scratch: Path) -> str | None:
    """The files the student's kernel may see: a copy of the working folder without any notebook.

    nbgrader writes the notebook it grades into that folder before running it,
    check cells and hidden tests included, so the folder itself must never be
    shown to the student's kernel. Symbolic links are copied as links (never
    followed here, as the grader); inside the sandbox they lead nowhere.
    """
    if path is None or not os.path.isdir(path):
        return None
    copy = scratch / Path(path).name
    shutil.copytree(path, copy, symlinks=True, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    return str(copy)


def use_sandboxed_execute(config) -> None:
    """Make ``config`` grade with :class:`SandboxedExecute` and nothing else that runs notebooks.

    ``course grade`` calls this on whatever course config it is given, so a
    course written for plain nbgrader is graded sandboxed too: any executing
    preprocessor in its autograde list (nbgrader's ``Execute``, or a subclass of
    nbconvert's ``ExecutePreprocessor`` under any name) gives way to ours.
    """
    from nbconvert.preprocessors import ExecutePreprocessor
    from nbgrader.converters import Autograde
    from traitlets.utils.importstring import import_item

    def runs_notebooks(entry) -> bool:
        try:
            kind = import_item(entry) if isinstance(entry, str) else entry
        except Exception:  # noqa: BLE001 - nbgrader itself will say it cannot import it
            return False
        return isinstance(kind, type) and issubclass(kind, ExecutePreprocessor)

    ours = f"{__name__}.SandboxedExecute"
    listed = list(config.Autograde.get("autograde_preprocessors", Autograde.autograde_preprocessors.default()))
    result, placed = [], False
    for entry in listed:
        if runs_notebooks(entry):
            if not placed:
                result.append(ours)
                placed = True
            continue
        result.append(entry)
    if not placed:
        result.insert(0, ours)
    config.Autograde.autograde_preprocessors = result
