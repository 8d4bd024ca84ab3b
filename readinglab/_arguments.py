"""Checks on the arguments of public functions, so that bad input gets our clear errors."""

from __future__ import annotations

from typing import Any

from .errors import ArgumentTypeError, ArgumentValueError


def _type_name(value: Any) -> str:
    return type(value).__name__


def require_text(name: str, value: Any, *, allow_empty: bool = False) -> str:
    """Return ``value`` if it is a string (non-blank unless allowed), else raise our error."""
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"`{name}` must be text (a str), but you gave {_type_name(value)} {value!r}. "
            f'Put it in quotes, for example "THAAD".'
        )
    if not allow_empty and not value.strip():
        raise ArgumentValueError(f'`{name}` is empty. Give it some text to look for, for example "THAAD".')
    return value


def require_int(name: str, value: Any, *, minimum: int = 0) -> int:
    """Return ``value`` if it is a whole number of at least ``minimum``, else raise our error."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            f"`{name}` must be a whole number (an int), but you gave {_type_name(value)} {value!r}."
        )
    if value < minimum:
        raise ArgumentValueError(f"`{name}` must be {minimum} or more, but you gave {value}.")
    return value


def require_bool(name: str, value: Any) -> bool:
    """Return ``value`` if it is True or False, else raise our error."""
    if not isinstance(value, bool):
        raise ArgumentTypeError(f"`{name}` must be True or False, but you gave {_type_name(value)} {value!r}.")
    return value
