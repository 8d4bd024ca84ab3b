"""Small builders for the code a synthetic student writes in an answer cell."""

from __future__ import annotations


def fill_dict(name: str, values: list) -> str:
    """Code that fills the released dictionary ``name`` with ``values``, in its key order."""
    return f"{name} = dict(zip({name}, {values!r}))"
