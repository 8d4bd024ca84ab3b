"""Annotations: the actors, quotations, figures and dated events that instructors record.

They live in YAML files in ``source_texts/annotations/``: ``actors.yaml`` for
everyone named in any reading, and ``<reading id>.yaml`` for each reading's
quotations, figures and events. Both are optional, so a new reading works
before it is annotated.

Every entry is checked against its reading when it is loaded: a quotation,
figure or piece of evidence must stand verbatim in the paragraph it names.
A mistake raises :class:`~readinglab.errors.AnnotationError` naming the file,
the line and the entry.

Two fields record how sure an attribution is:

- a quotation whose paragraph names no speaker at all (it only runs on from
  an earlier one) has ``attribution: inferred`` and an ``evidence`` mapping,
  ``{paragraph: N, text: "..."}``, quoting the words the speaker is inferred
  from; every other quotation is ``stated`` (the default);
- reported speech that reaches the reader only inside another source's
  report ("he requested ..., according to Bloomberg") is listed under that
  report's ``nested``, not as a voice of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._yaml import YamlFileError, line_of, read_yaml
from .errors import AnnotationError

if TYPE_CHECKING:
    from .reading import Reading

ACTOR_KINDS = ("country", "person", "organisation")
PERSON_GROUPS = ("official", "analyst", "leader", "diplomat")
QUOTATION_KINDS = ("direct", "partial")
DATE_PRECISIONS = {"year": r"\d{4}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
DATE_BASES = ("stated", "relative", "inferred")
# How a quotation's speaker is known: named by its own paragraph, or inferred from the paragraphs around it.
ATTRIBUTIONS = ("stated", "inferred")


def _describe(section: str, index: int, entry: Any, label_key: str) -> str:
    label = entry.get(label_key) if isinstance(entry, dict) else None
    label_text = f" ({str(label)[:40]!r})" if label else ""
    return f"{section} entry {index}{label_text}"


class _Checker:
    """Collects problems, each naming file, line and entry, then raises them together."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def problem(self, entry: Any, what: str, message: str) -> None:
        self.problems.append(f"{self.path}, line {line_of(entry)}, {what}: {message}")

    def text(self, entry: dict, key: str, what: str, *, optional: bool = False) -> str | None:
        value = entry.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(entry, what, f"`{key}` must be non-empty text.")
            return None
        return value

    def choice(
        self, entry: dict, key: str, what: str, choices: tuple[str, ...], *, optional: bool = False
    ) -> str | None:
        value = entry.get(key)
        if value is None and optional:
            return None
        if value not in choices:
            self.problem(entry, what, f"`{key}` is {value!r}; it must be one of: {', '.join(choices)}.")
            return None
        return value

    def finish(self) -> None:
        if self.problems:
            raise AnnotationError(self.problems)


def _entries(checker: _Checker, data: dict, section: str) -> list:
    value = data.get(section) or []
    if not isinstance(value, list):
        checker.problem(data, section, f"`{section}` must be a list of entries.")
        return []
    return value


@dataclass(frozen=True)
class Actor:
    """Someone or something that acts in the readings: a country, a person or an organisation."""

    id: str
    name: str
    kind: str
    role: str
    aliases: tuple[str, ...]
    country: str | None = None
    group: str | None = None


class ActorRegistry:
    """All actors, with a matcher that finds their mentions in a text."""

    def __init__(self, actors: list[Actor], ignore: list[str], path: Path | None = None):
        self.actors = {actor.id: actor for actor in actors}
        self.ignore = tuple(ignore)
        self.path = path
        self._by_alias = {alias: actor.id for actor in actors for alias in actor.aliases}
        phrases = sorted({*self._by_alias, *self.ignore}, key=len, reverse=True)
        # Whole words only, case as written: "US" is the country, "us" is not. The lookahead
        # finds the longest phrase starting at every position, overlapping ones included.
        pattern = "|".join(re.escape(phrase) for phrase in phrases) or r"(?!)"
        self._matcher = re.compile(rf"(?<!\w)(?=({pattern})(?!\w))")

    @classmethod
    def from_file(cls, path: Path) -> ActorRegistry:
        if not path.exists():
            return cls([], [], path)
        checker = _Checker(path)
        try:
            data = read_yaml(path)
        except YamlFileError as error:
            raise AnnotationError([str(error)]) from None
        if not isinstance(data, dict):
            raise AnnotationError([f"{path}: expected a mapping with `actors:` (and optionally `ignore:`)."])
        ignore = [p for p in _entries(checker, data, "ignore") if isinstance(p, str) and p.strip()]
        if len(ignore) != len(data.get("ignore") or []):
            checker.problem(data, "ignore", "every `ignore` phrase must be non-empty text.")
        actors: list[Actor] = []
        seen_alias: dict[str, str] = {}
        for index, entry in enumerate(_entries(checker, data, "actors"), start=1):
            what = _describe("actors", index, entry, "id")
            if not isinstance(entry, dict):
                checker.problem(data, what, "each actor must be a mapping with id, name, kind, role and aliases.")
                continue
            actor_id = checker.text(entry, "id", what)
            name = checker.text(entry, "name", what)
            kind = checker.choice(entry, "kind", what, ACTOR_KINDS)
            role = checker.text(entry, "role", what)
            group = checker.choice(entry, "group", what, PERSON_GROUPS, optional=True)
            country = checker.text(entry, "country", what, optional=True)
            aliases = entry.get("aliases")
            if (
                not isinstance(aliases, list)
                or not aliases
                or not all(isinstance(a, str) and a.strip() for a in aliases)
            ):
                checker.problem(entry, what, "`aliases` must be a non-empty list of the names the texts use.")
                aliases = []
            for alias in aliases:
                if alias in seen_alias and seen_alias[alias] != actor_id:
                    checker.problem(
                        entry,
                        what,
                        f"the alias {alias!r} also belongs to '{seen_alias[alias]}'. An alias names one actor.",
                    )
                seen_alias[alias] = actor_id
            if actor_id in {a.id for a in actors}:
                checker.problem(entry, what, f"the id '{actor_id}' is used twice.")
            if None not in (actor_id, name, kind, role):
                actors.append(Actor(actor_id, name, kind, role, tuple(aliases), country, group))
        known = {a.id for a in actors}
        for index, entry in enumerate(_entries(checker, data, "actors"), start=1):
            if isinstance(entry, dict) and entry.get("country") and entry["country"] not in known:
                checker.problem(
                    entry,
                    _describe("actors", index, entry, "id"),
                    f"`country` '{entry['country']}' is not an actor id.",
                )
        checker.finish()
        return cls(actors, ignore, path)

    def mention_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, actor id) of every mention in ``text``, without overlaps.

        Where phrases overlap the longest wins, wherever it starts: in "the North
        Korea question" it is "North Korea", not "the North".

        >>> from readinglab.corpus import current_corpus
        >>> text = "the North Korea question"
        >>> [text[start:end] for start, end, _ in current_corpus().actors.mention_spans(text)]
        ['North Korea']
        """
        candidates = sorted(
            ((match.start(), match.end(1)) for match in self._matcher.finditer(text)),
            key=lambda span: (span[0] - span[1], span[0]),
        )
        taken: list[tuple[int, int]] = []
        for start, end in candidates:
            if all(end <= s or start >= e for s, e in taken):
                taken.append((start, end))
        return [
            (start, end, self._by_alias[text[start:end]])
            for start, end in sorted(taken)
            if text[start:end] in self._by_alias
        ]

    def aliases_of(self, actor_or_alias: str) -> tuple[str, ...]:
        """Every alias of an actor, given its id, its name or one of its aliases."""
        for actor in self.actors.values():
            if actor_or_alias in (actor.id, actor.name) or actor_or_alias in actor.aliases:
                return actor.aliases
        return ()


@dataclass(frozen=True)
class Annotations:
    """One reading's quotations, reported speech, figures and dated events (lists of dicts)."""

    reading: str
    quotations: tuple[dict, ...] = ()
    reported_speech: tuple[dict, ...] = ()
    figures: tuple[dict, ...] = ()
    events: tuple[dict, ...] = ()

    @classmethod
    def from_file(cls, path: Path, reading: Reading, actors: ActorRegistry) -> Annotations:
        if not path.exists():
            return cls(reading.id)
        try:
            data = read_yaml(path)
        except YamlFileError as error:
            raise AnnotationError([str(error)]) from None
        if not isinstance(data, dict):
            raise AnnotationError(
                [f"{path}: expected a mapping with `reading:`, `quotations:`, `figures:`, `events:`."]
            )
        checker = _Checker(path)
        if data.get("reading") != reading.id:
            checker.problem(
                data, "reading", f"`reading` is {data.get('reading')!r}, but this file is for '{reading.id}'."
            )
        sections = {
            name: _entries(checker, data, name) for name in ("quotations", "reported_speech", "figures", "events")
        }

        def paragraph_of(entry: dict, what: str) -> str | None:
            number = entry.get("paragraph")
            if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(reading.paragraphs):
                checker.problem(
                    entry,
                    what,
                    f"`paragraph` is {number!r}; '{reading.id}' has body paragraphs 1 to {len(reading.paragraphs)}.",
                )
                return None
            return reading.paragraphs[number - 1]

        def verbatim(entry: dict, key: str, what: str, paragraph: str | None) -> None:
            value = checker.text(entry, key, what)
            if value is not None and paragraph is not None and value not in paragraph:
                checker.problem(
                    entry,
                    what,
                    f"the {key} {value[:60]!r} does not occur in paragraph {entry['paragraph']} of '{reading.id}'. "
                    "Copy it from the text exactly, curly quotes (“ ” ‘ ’) included.",
                )

        def speaker(entry: dict, what: str, *, optional: bool = False) -> None:
            if optional and entry.get("speaker") is None:
                return  # unattributed ("has been rumored", "observers say")
            if entry.get("speaker") not in actors.actors:
                checker.problem(entry, what, f"`speaker` {entry.get('speaker')!r} is not an actor id in actors.yaml.")

        def attribution(entry: dict, what: str) -> None:
            # `attribution: inferred` needs evidence: words, verbatim, in the paragraph it names.
            how = checker.choice(entry, "attribution", what, ATTRIBUTIONS, optional=True)
            evidence = entry.get("evidence")
            if how != "inferred":
                if evidence is not None:
                    checker.problem(entry, what, "`evidence` is only for `attribution: inferred`.")
                return
            if entry.get("cue") is not None:
                checker.problem(
                    entry,
                    what,
                    f"an inferred attribution has no cue in its own paragraph, but `cue` is {entry['cue']!r}. "
                    "Either the paragraph names the speaker (then leave out `attribution: inferred`) or set `cue: null`.",
                )
            if not isinstance(evidence, dict):
                checker.problem(
                    entry,
                    what,
                    '`attribution: inferred` needs `evidence: {paragraph: N, text: "..."}`: '
                    "the words the speaker is inferred from.",
                )
                return
            verbatim(evidence, "text", what + ", evidence", paragraph_of(evidence, what + ", evidence"))

        def nested(entry: dict, what: str) -> None:
            # Speech that reaches us only inside this entry's report: inside its text, not a voice of its own.
            inner = entry.get("nested")
            if inner is None:
                return
            if not isinstance(inner, list) or not all(isinstance(item, dict) for item in inner):
                checker.problem(entry, what, "`nested` must be a list of entries with speaker, cue and text.")
                return
            for item in inner:
                where = f"{what}, nested entry ({str(item.get('text'))[:40]!r})"
                speaker(item, where)
                checker.text(item, "cue", where)
                text = checker.text(item, "text", where)
                if text is not None and text not in (entry.get("text") or ""):
                    checker.problem(
                        item, where, "a nested entry's `text` must lie inside the text of the entry that holds it."
                    )

        for section, label, rules in (
            (
                "quotations",
                "quote",
                lambda e, w, p: (
                    verbatim(e, "quote", w, p),
                    speaker(e, w),
                    checker.choice(e, "kind", w, QUOTATION_KINDS),
                    checker.text(e, "cue", w, optional=True),
                    attribution(e, w),
                ),
            ),
            (
                "reported_speech",
                "text",
                lambda e, w, p: (
                    verbatim(e, "text", w, p),
                    speaker(e, w, optional=True),
                    checker.text(e, "cue", w),
                    nested(e, w),
                ),
            ),
            (
                "figures",
                "text",
                lambda e, w, p: (
                    verbatim(e, "text", w, p),
                    checker.text(e, "unit", w),
                    checker.text(e, "what", w),
                    _check_number(checker, e, w),
                ),
            ),
            (
                "events",
                "event",
                lambda e, w, p: (
                    verbatim(e, "evidence", w, p),
                    checker.text(e, "event", w),
                    _check_date(checker, e, w),
                    checker.choice(e, "basis", w, DATE_BASES),
                ),
            ),
        ):
            for index, entry in enumerate(sections[section], start=1):
                what = _describe(section, index, entry, label)
                if not isinstance(entry, dict):
                    checker.problem(data, what, "each entry must be a mapping of fields.")
                    continue
                rules(entry, what, paragraph_of(entry, what))
        _check_no_voice_inside_another(checker, sections["reported_speech"])
        checker.finish()
        return cls(
            reading.id, *(tuple(sections[name]) for name in ("quotations", "reported_speech", "figures", "events"))
        )


def _check_no_voice_inside_another(checker: _Checker, entries: list) -> None:
    """Reported speech whose words lie inside another entry's, in the same paragraph, is that entry's `nested`.

    Otherwise one report would count as two voices: "Wu Dawei ... requested to meet his North Korean
    counterpart, according to Bloomberg" is Bloomberg's report, and Wu Dawei's request is part of it.
    """
    spans = [
        (e, e.get("paragraph"), e.get("text"))
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("text"), str)
    ]
    for inner, paragraph, text in spans:
        for outer, outer_paragraph, outer_text in spans:
            if outer is not inner and paragraph == outer_paragraph and text in outer_text:
                checker.problem(
                    inner,
                    f"reported_speech entry ({text[:40]!r})",
                    f"its text lies inside another entry of paragraph {paragraph} ({outer_text[:40]!r}). Speech "
                    "reported inside another source's report is not a voice of its own: move it under that "
                    "entry's `nested`.",
                )


def _check_number(checker: _Checker, entry: dict, what: str) -> None:
    value = entry.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        checker.problem(entry, what, f"`value` is {value!r}; it must be a number (no units or commas).")


def _check_date(checker: _Checker, entry: dict, what: str) -> None:
    precision = checker.choice(entry, "precision", what, tuple(DATE_PRECISIONS))
    date = entry.get("date")
    if precision and not (isinstance(date, str) and re.fullmatch(DATE_PRECISIONS[precision], date)):
        checker.problem(
            entry,
            what,
            f"`date` is {date!r}; with precision '{precision}' write it in quotes as "
            f"{ {'year': '2017', 'month': '2017-04', 'day': '2017-05-01'}[precision]!r}.",
        )
