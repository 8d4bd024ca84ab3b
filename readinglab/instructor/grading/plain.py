"""Plain data: the only form in which a student's answers cross from their kernel to the checks.

A check's verdict must come from a process in which no student code ran (see
:mod:`.checks`). So the student's kernel hands over the values the checks read
as JSON text, never as pickles or objects, and the trusted side rebuilds them
as exact builtin types. What counts as plain data:

* ``None``, ``bool``, ``int``, ``float`` and ``str`` (exact types: a subclass
  such as ``numpy.float64`` or a ``str`` subclass is not plain);
* ``list``, ``tuple``, ``set`` and ``frozenset`` of plain data, and ``dict``
  whose keys and values are plain data;
* a pandas ``DataFrame`` or ``Series`` whose labels and cells are plain
  scalars (numpy scalars are turned into Python ones), rebuilt with pandas.

The JSON form: ``None``, booleans, numbers, strings and lists are themselves
(non-finite floats as ``{"float": "nan"}``); other containers are tagged,
``{"tuple": [...]}``, ``{"set": [...]}``, ``{"frozenset": [...]}``,
``{"dict": [[key, value], ...]}`` (keys keep their types and order),
``{"DataFrame": {"columns": [...], "index": [...], "data": [[row], ...]}}`` and
``{"Series": {"name": ..., "index": [...], "data": [...]}}``.

``encode`` runs in the student's kernel (whose Python the student may have
changed, so its output is only ever *data*: a forged encoding can only give an
answer the student could have typed); ``decode`` runs on the trusted side and
accepts nothing but this form.
"""

from __future__ import annotations

import json
import math

MAX_DEPTH = 40
MAX_TEXT = 8_000_000  # characters of JSON for all the names one check reads


class NotPlainData(TypeError):
    """A value that is not plain data; the message says what it is."""


def describe(value) -> str:
    """A short name for a value's type, as a student would recognise it: ``a numpy.float64``."""
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    name = getattr(kind, "__qualname__", kind.__name__)
    return f"a {name}" if module in ("builtins", "__main__", "") else f"a {module.split('.')[0]}.{name}"


def encode(value, _depth: int = 0):
    """``value`` as JSON-ready plain data; :class:`NotPlainData` if any part of it is not plain.

    >>> encode({"a": (1, 2.5), "b": [None, True]})
    {'dict': [['a', {'tuple': [1, 2.5]}], ['b', [None, True]]]}
    """
    if _depth > MAX_DEPTH:
        raise NotPlainData("nested too deeply")
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is str:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    if kind is list:
        return [encode(item, _depth + 1) for item in value]
    if kind in (tuple, set, frozenset):
        items = list(value)
        if kind is not tuple:
            items.sort(key=repr)  # a set's order is arbitrary: give the same text every time
        return {kind.__name__: [encode(item, _depth + 1) for item in items]}
    if kind is dict:
        return {"dict": [[encode(k, _depth + 1), encode(v, _depth + 1)] for k, v in value.items()]}
    module = getattr(kind, "__module__", "") or ""
    if module.split(".")[0] == "pandas" and kind.__name__ in ("DataFrame", "Series"):
        return _encode_table(value, _depth)
    raise NotPlainData(describe(value))


def _scalar(item, depth):
    """A table's label or cell: numpy scalars become Python ones (``.item()``), then must be plain."""
    kind = type(item)
    if getattr(kind, "__module__", "") == "numpy" and hasattr(item, "item"):
        item = item.item()
    value = encode(item, depth + 1)
    if isinstance(value, (list, dict)) and not (isinstance(value, dict) and "float" in value):
        raise NotPlainData(f"a table cell holding {describe(item)}")
    return value


def _encode_table(table, depth):
    index = [_scalar(label, depth) for label in table.index.tolist()]
    if type(table).__name__ == "Series":
        return {
            "Series": {
                "name": _scalar(table.name, depth),
                "index": index,
                "data": [_scalar(cell, depth) for cell in table.tolist()],
            }
        }
    return {
        "DataFrame": {
            "columns": [_scalar(label, depth) for label in table.columns.tolist()],
            "index": index,
            "data": [[_scalar(cell, depth) for cell in row] for row in table.itertuples(index=False)],
        }
    }


def decode(data, _depth: int = 0):
    """Rebuild plain data from its JSON form, as exact builtin types; ``ValueError`` for anything else.

    >>> decode({"dict": [["a", {"tuple": [1, 2.5]}], ["b", {"set": ["x"]}]]})
    {'a': (1, 2.5), 'b': {'x'}}
    """
    if _depth > MAX_DEPTH:
        raise ValueError("nested too deeply")
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [decode(item, _depth + 1) for item in data]
    if kind is not dict or len(data) != 1:
        raise ValueError(f"not the plain-data form: {type(data).__name__}")
    ((tag, body),) = data.items()
    if tag == "float" and body in ("nan", "inf", "-inf"):
        return float(body)
    if tag in ("tuple", "set", "frozenset") and type(body) is list:
        items = [decode(item, _depth + 1) for item in body]
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict" and type(body) is list:
        pairs = []
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise ValueError("a dict entry is not a [key, value] pair")
            pairs.append((decode(pair[0], _depth + 1), decode(pair[1], _depth + 1)))
        return dict(pairs)
    if tag in ("DataFrame", "Series") and type(body) is dict:
        return _decode_table(tag, body, _depth)
    raise ValueError(f"not the plain-data form: tag {tag!r}")


def _decode_table(tag, body, depth):
    import pandas as pd

    def labels(key):
        values = body.get(key)
        if type(values) is not list:
            raise ValueError(f"a {tag} without a list of {key}")
        return [decode(item, depth + 1) for item in values]

    index = labels("index")
    if tag == "Series":
        return pd.Series(
            labels("data"), index=index, name=decode(body.get("name"), depth + 1), dtype=None if index else object
        )
    rows = body.get("data")
    if type(rows) is not list or any(type(row) is not list for row in rows):
        raise ValueError("a DataFrame without a list of rows")
    return pd.DataFrame(
        [[decode(cell, depth + 1) for cell in row] for row in rows], columns=labels("columns"), index=index
    )


def dumps(values: dict) -> str:
    """The JSON text for ``{name: encoded value}``."""
    return json.dumps(values, ensure_ascii=False, allow_nan=False)
