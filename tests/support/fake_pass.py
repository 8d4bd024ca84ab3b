"""The student who tries to fake a pass: rigged look-alike values and a patched readinglab.

Its answers would pass checks that trust readinglab or compare with ``==``:
values of ``str``/``int``/``float``/``list``/``dict`` subclasses that equal
everything, a shadowed ``type`` that believes them, and readinglab's helpers
replaced by functions that return made-up tables. An answer that calls
readinglab (``READINGLAB_CALLS``) is the real solution, run on the patched
library; every other answer is a rigged copy of the solution's values.
"""

from __future__ import annotations

import ast

# Calling any of these in a solution makes the answer a code task: the
# fake-pass student answers it by running the solution on a patched readinglab.
READINGLAB_CALLS = (
    "mentions(",
    "kwic(",
    "quotes(",
    "word_counts(",
    "readings(",
    "compare_terms(",
    "figures(",
    "context(",
)

_FAKE_PRELUDE = '''
# A student who tries to fake a pass. Nothing below should earn a point.
import builtins as _real
import pandas as _pd
import readinglab as _rl

class _Yes(str):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = str.__hash__
    lower = upper = strip = lambda self, *a: self
    __contains__ = lambda self, item: True

class _YesInt(int):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = int.__hash__
    __lt__ = __le__ = __gt__ = __ge__ = lambda self, other: True

class _YesFloat(float):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = float.__hash__
    __lt__ = __le__ = __gt__ = __ge__ = lambda self, other: True

class _YesList(list):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False

class _YesDict(dict):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False

_PLAIN = {_Yes: str, _YesInt: int, _YesFloat: float, _YesList: list, _YesDict: dict}

def type(obj, *args):
    """Shadows the built-in so that `type(x) is str` believes the rigged values."""
    if args:
        return _real.type(obj, *args)
    return _PLAIN.get(_real.type(obj), _real.type(obj))

def _fake_table(**columns):
    return lambda *args, **kwargs: _pd.DataFrame(columns)

# readinglab, patched so that it agrees with made-up answers.
_rl.mentions = mentions = _fake_table(actor=["Nobody", "Atlantis"], kind=["person", "country"], count=[1, 999])
_rl.kwic = kwic = _fake_table(reading=["together"], paragraph=[99], left=[""], keyword=["x"], right=[""])
_rl.quotes = quotes = _fake_table(speaker=["Sun Xingjie"], role=[""], quote=["x"], kind=["direct"], paragraph=[99], cue=["said"])
_rl.word_counts = word_counts = _fake_table(word=["china"], count=[1])
_rl.readings = readings = _fake_table(id=["same-page", "together"], words=[1, 1])
_rl.context = context = _fake_table(id=["atlantis-summit"], date=["2017-06-01"], start=[_pd.Timestamp("2017-06-01")])
'''


def _rigged_literal(value) -> str:
    """Python source for a rigged look-alike of ``value`` (equal to everything, wrong inside)."""
    if isinstance(value, bool):
        return "_YesInt(0)"
    if isinstance(value, int):
        return "_YesInt(-1)"
    if isinstance(value, float):
        return "_YesFloat(-1.0)"
    if isinstance(value, str):
        return '_Yes("made up")'
    if isinstance(value, list):
        return "_YesList([" + ", ".join(_rigged_literal(v) for v in value) + "])"
    if isinstance(value, dict):
        return "_YesDict({" + ", ".join(f"{k!r}: {_rigged_literal(v)}" for k, v in value.items()) + "})"
    return '_Yes("made up")'


def _solution_values(solutions: dict[str, str]) -> dict[str, dict]:
    """Run each solution once (in order) and return the variables each one sets."""
    namespace: dict = {}
    exec("from readinglab import *", namespace)
    values = {}
    for name, code in solutions.items():
        exec(code, namespace)
        values[name] = {var: namespace[var] for var in _assigned_names(code)}
    return values


def _assigned_names(code: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
    return names


def fake_pass_answers(solutions: dict[str, str]) -> dict[str, str]:
    """Answers that would pass tests that trust readinglab or compare with ``==``."""
    values = _solution_values(solutions)
    answers = {}
    for position, (name, code) in enumerate(solutions.items()):
        if any(call in code for call in READINGLAB_CALLS):
            # The real solution, run on the patched readinglab: plain values, made-up data.
            body = code
        else:
            wanted = _assigned_names(code)
            body = "\n".join(f"{var} = {_rigged_literal(values[name][var])}" for var in sorted(wanted))
        answers[name] = (_FAKE_PRELUDE if position == 0 else "") + body
    return answers
