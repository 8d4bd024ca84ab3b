"""Read the course's YAML data files, keeping line numbers so errors can point at them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LinedDict(dict):
    """A mapping read from YAML that remembers the line it starts on."""

    line: int = 0


# libyaml's parser (when PyYAML has it, as its wheels do) reads our files about ten times faster
# than the pure-Python one, with the same values and line numbers: a lesson reads every file once.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LinedDict:
    mapping = LinedDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlFileError(Exception):
    """A data file that cannot be read or parsed; the message names the file and line."""


def read_yaml(path: Path) -> Any:
    """Parse ``path``, or raise :class:`YamlFileError` naming the file and line of the mistake."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlFileError(f"{path}: the file does not exist.") from None
    except UnicodeDecodeError as error:
        raise YamlFileError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start}). Save it as UTF-8."
        ) from None
    except OSError as error:
        raise YamlFileError(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a (C)SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = getattr(error, "problem", None) or str(error)
        raise YamlFileError(
            f"{path}, {where}: this is not valid YAML ({problem}). "
            "Check the indentation and that text with a colon is in quotes."
        ) from None


def line_of(entry: Any) -> int:
    """The line an entry starts on, or 0 if unknown."""
    return getattr(entry, "line", 0)
