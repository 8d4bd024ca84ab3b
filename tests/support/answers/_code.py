"""Small builders for the code a synthetic student writes in an answer cell."""

from __future__ import annotations


def fill_dict(name: str, values: list) -> str:
    """Code that fills the released dictionary ``name`` with ``values``, in its key order."""
    return f"{name} = dict(zip({name}, {values!r}))"


def assign(**values) -> str:
    """Code that sets each variable to its value (one line each)."""
    return "\n".join(f"{name} = {value!r}" for name, value in values.items())


def straight(sentence: str) -> str:
    """The sentence with straight quotes and hyphens, as a student's keyboard may give it."""
    for curly, plain in (("“", '"'), ("”", '"'), ("’", "'"), ("–", "-")):
        sentence = sentence.replace(curly, plain)
    return sentence
