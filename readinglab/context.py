"""Context: dated events from outside the readings (``source_texts/context.yaml``), each with its citations.

Nothing in the context file comes from the texts: every entry is outside
evidence, checked against the pages it cites. Other files refer to an entry
as ``context:<id>`` (``context:unsc-2375``), and the catalog's
``outside_evidence`` may name one with a ``context: <id>`` field instead of
repeating its citations. :func:`check_context` finds every mistake in the
file, each with its file and line; :func:`context_references` finds the
references in any text, so that the validator can check they resolve.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._yaml import YamlFileError, line_of, read_yaml

if TYPE_CHECKING:
    from .corpus import Corpus

CONTEXT_FILE = "context.yaml"
CONTEXT_KINDS = (
    "summit",
    "talks",
    "trade",
    "appointment",
    "sanctions",
    "missile test",
    "deployment",
    "war",
    "leadership",
)
PRECISIONS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
_EXAMPLE = {"year": "2017", "month": "2017-04", "day": "2017-04-06"}
ENTRY_FIELDS = ("id", "date", "precision", "kind", "line", "note", "citations")
CITATION_FIELDS = ("outlet", "title", "date", "url")
# An id: lowercase letters and digits in words joined by single hyphens ("unsc-2375").
ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# How any other file refers to an entry: context:<id>, with no space after the colon.
REFERENCE = re.compile(rf"(?<![\w-])context:({ID_PATTERN})")
COLUMNS = ["date", "precision", "start", "kind", "line", "sources", "id", "note"]


def _parse_date(value: Any, precision: str) -> datetime.datetime | None:
    """The first day of ``value`` read at ``precision``, or None if it is not a real date written that way."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        return None
    try:
        parsed = datetime.datetime.strptime(value, PRECISIONS[precision])
    except ValueError:  # wrong length for the precision, or no such day (2017-02-30) or month (2017-13)
        return None
    return parsed if parsed.strftime(PRECISIONS[precision]) == value else None


def _citation_date_ok(value: Any) -> bool:
    return value == "undated" or any(_parse_date(value, precision) for precision in PRECISIONS)


def check_context(path: Path) -> tuple[list[dict], list[str]]:
    """The entries of a context file and every problem in it (file, line, entry); a missing file has neither."""
    if not path.exists():
        return [], []
    try:
        data = read_yaml(path)
    except YamlFileError as error:
        return [], [str(error)]
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        return [], [f"{path}, line {line_of(data)}: expected a top-level `events:` list of entries."]
    problems: list[str] = []
    entries: list[dict] = []
    first_line: dict[str, int] = {}

    def problem(node: Any, what: str, message: str) -> None:
        problems.append(f"{path}, line {line_of(node)}, {what}: {message}")

    def text(entry: dict, key: str, what: str) -> bool:
        if isinstance(entry.get(key), str) and entry[key].strip():
            return True
        problem(entry, what, f"`{key}` must be non-empty text.")
        return False

    for index, entry in enumerate(data["events"], start=1):
        label = entry.get("id") if isinstance(entry, dict) else None
        what = f"context entry {index}" + (f" ({str(label)[:40]!r})" if label else "")
        if not isinstance(entry, dict):
            problem(data, what, "each entry must be a mapping of fields (id, date, precision, kind, line, citations).")
            continue
        unknown = [key for key in entry if key not in ENTRY_FIELDS]
        if unknown:
            problem(
                entry,
                what,
                f"unknown field(s) {', '.join(map(repr, unknown))}; the fields are: {', '.join(ENTRY_FIELDS)}.",
            )
        entry_id = entry.get("id")
        if not isinstance(entry_id, str) or not re.fullmatch(ID_PATTERN, entry_id):
            problem(entry, what, f"`id` is {entry_id!r}; write lowercase words joined by hyphens, as 'unsc-2375'.")
        elif entry_id in first_line:
            problem(
                entry,
                what,
                f"the id '{entry_id}' is used twice (first on line {first_line[entry_id]}). Each entry needs its own id.",
            )
        else:
            first_line[entry_id] = line_of(entry)
        precision = entry.get("precision")
        if precision not in PRECISIONS:
            problem(entry, what, f"`precision` is {precision!r}; it must be one of: {', '.join(PRECISIONS)}.")
        elif _parse_date(entry.get("date"), precision) is None:
            problem(
                entry,
                what,
                f"`date` is {entry.get('date')!r}; with precision '{precision}' write a real date in quotes, "
                f"as {_EXAMPLE[precision]!r}.",
            )
        if entry.get("kind") not in CONTEXT_KINDS:
            problem(entry, what, f"`kind` is {entry.get('kind')!r}; it must be one of: {', '.join(CONTEXT_KINDS)}.")
        if text(entry, "line", what) and "\n" in entry["line"].strip():
            problem(entry, what, "`line` must be one sentence on one line (use `>-` to fold a long one).")
        if "note" in entry:
            text(entry, "note", what)
        citations = entry.get("citations")
        if not isinstance(citations, list) or not citations:
            problem(
                entry,
                what,
                "an outside fact needs `citations`: a list of at least one page that states it, each with "
                "outlet, title, date and url.",
            )
        else:
            for number, citation in enumerate(citations, start=1):
                where = f"{what}, citation {number}"
                if not isinstance(citation, dict):
                    problem(entry, where, "a citation must be a mapping with outlet, title, date and url.")
                    continue
                missing = [
                    key for key in CITATION_FIELDS if not (isinstance(citation.get(key), str) and citation[key].strip())
                ]
                if missing:
                    problem(citation, where, f"a citation needs {', '.join(missing)} (write the date in quotes).")
                    continue
                if not citation["url"].startswith(("http://", "https://")):
                    problem(
                        citation, where, f"`url` is {citation['url']!r}; it must be an http:// or https:// address."
                    )
                if not _citation_date_ok(citation["date"]):
                    problem(
                        citation,
                        where,
                        f"`date` is {citation['date']!r}; write the page's date in quotes as '2017', '2017-04' or "
                        "'2017-04-06', or 'undated' if the page gives none.",
                    )
        entries.append(entry)
    return entries, problems


def context_references(text: str) -> list[tuple[int, str]]:
    """Every ``context:<id>`` in ``text``, as (line number, id).

    >>> context_references("See context:unsc-2375.\\nAnd context:mar-a-lago-summit, too.")
    [(1, 'unsc-2375'), (2, 'mar-a-lago-summit')]
    """
    return [
        (number, match.group(1))
        for number, line in enumerate(text.split("\n"), start=1)
        for match in REFERENCE.finditer(line)
    ]


def sources_text(citations: list[dict]) -> str:
    """The citations of an entry in one line: outlet and date of each, separated by semicolons."""
    return "; ".join(f"{citation.get('outlet')}, {citation.get('date')}" for citation in citations)


def context(corpus: Corpus) -> pd.DataFrame:
    """The dated events from outside the readings, earliest first: outside evidence, not what the texts say.

    Each row is one entry of ``source_texts/context.yaml``. ``precision`` says
    how exactly the sources date it (year, month or day), ``start`` is the first
    day of that period, for plotting, ``sources`` names the outlet and date of
    each page that states it, and ``note`` says where the sources disagree.

    >>> from readinglab import context
    >>> context()[["date", "kind", "id"]].tail(3)
              date       kind                               id
    13  2017-07-19      trade  comprehensive-economic-dialogue
    14  2017-08-05  sanctions                        unsc-2371
    15  2017-09-11  sanctions                        unsc-2375
    """
    rows = [
        {
            "date": entry["date"],
            "precision": entry["precision"],
            "kind": entry["kind"],
            "line": " ".join(entry["line"].split()),
            "sources": sources_text(entry["citations"]),
            "id": entry["id"],
            "note": " ".join(str(entry.get("note") or "").split()),
        }
        for entry in corpus.context_entries
    ]
    table = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "start"])
    table.insert(2, "start", pd.to_datetime(table["date"], format="mixed"))
    return table.sort_values(["start", "id"], ignore_index=True)
