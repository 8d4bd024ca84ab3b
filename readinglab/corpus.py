"""The corpus: the catalog of readings in ``source_texts/`` and the texts it lists.

A :class:`Corpus` reads ``catalog.yaml``, checks each text against its sha256,
and splits it into its parts (headline, body paragraphs, page furniture...).
It owns what every helper needs to know about the readings: which ids exist
(:meth:`Corpus.resolve_ids`), each reading's layout and its publication date.
Everything it builds is kept in memory and built once.

The analyses are its methods (``Corpus(folder).kwic("THAAD")``). Each is
written once, as a function of a corpus, in a module of its own; the helpers
students call (``readinglab.kwic``...) run them on the current corpus, as
httpx's ``get`` sits beside ``Client.get`` (see :mod:`readinglab.helpers`).

Nothing here knows how many readings there are: add a text and a catalog
entry and every function works on it (see the README, "Adding a reading").
"""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import catalog as _catalog
from . import concordance as _concordance
from . import context as _context
from . import figures as _figures
from . import mentions as _mentions
from . import quotations as _quotations
from . import timeline as _timeline
from . import words as _words
from ._yaml import YamlFileError, line_of, read_yaml
from .errors import (
    ArgumentTypeError,
    ArgumentValueError,
    CatalogError,
    ContextError,
    TextChangedError,
    UnknownReadingError,
)
from .publication import Publication

# Reading is re-exported here: `from readinglab.corpus import Reading` keeps working.
from .reading import Reading

if TYPE_CHECKING:
    from .annotations import ActorRegistry, Annotations

TEXTS_ENVIRONMENT_VARIABLE = "READINGLAB_TEXTS"
# The repository's source_texts/ (a checkout or an editable install), else the copy that an
# installed package carries (pyproject.toml maps source_texts/ to readinglab/source_texts/).
_REPOSITORY_TEXTS = Path(__file__).resolve().parent.parent / "source_texts"
_PACKAGE_TEXTS = (
    _REPOSITORY_TEXTS
    if (_REPOSITORY_TEXTS / "catalog.yaml").is_file()
    else Path(__file__).resolve().parent / "source_texts"
)
_PARTS = ("kicker", "headline", "standfirst", "timestamps", "furniture")


class Corpus:
    """The readings in one ``source_texts`` folder, read lazily and kept in memory."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._readings: dict[str, Reading] = {}
        self._annotations: dict[str, Annotations] = {}

    def __repr__(self) -> str:
        return f"Corpus({str(self.root)!r})"

    @cached_property
    def catalog(self) -> dict[str, dict]:
        """The catalog entries by reading id, in catalog order."""
        path = self.root / "catalog.yaml"
        try:
            data = read_yaml(path)
        except YamlFileError as error:
            raise CatalogError(f"{error} The catalog lists the course's readings; see the README.") from None
        if not isinstance(data, dict) or not isinstance(data.get("readings"), list):
            raise CatalogError(f"{path}: expected a top-level `readings:` list of entries.")
        entries: dict[str, dict] = {}
        for entry in data["readings"]:
            where = f"{path}, line {line_of(entry)}"
            if not isinstance(entry, dict):
                raise CatalogError(f"{where}: each reading must be a mapping with `id`, `file` and `sha256`.")
            for key in ("id", "file", "sha256"):
                if not isinstance(entry.get(key), str) or not entry[key].strip():
                    raise CatalogError(f"{where}: this reading has no `{key}` (it must be text).")
            if entry["id"] in entries:
                raise CatalogError(f"{where}: the id '{entry['id']}' is used twice. Each reading needs its own id.")
            entries[entry["id"]] = entry
        if not entries:
            raise CatalogError(f"{path}: the catalog lists no readings.")
        return entries

    @property
    def ids(self) -> list[str]:
        """The reading ids, in catalog order."""
        return list(self.catalog)

    def resolve_id(self, reading: Any) -> str:
        """Turn a reading id (or a :class:`Reading`) into a known id, or raise our error."""
        if isinstance(reading, Reading):
            reading = reading.id
        if not isinstance(reading, str):
            raise ArgumentTypeError(
                f"A reading must be named by its id, as text, but you gave {type(reading).__name__} {reading!r}. "
                f"The ids are: {', '.join(repr(i) for i in self.ids)}."
            )
        if reading not in self.catalog:
            raise UnknownReadingError(
                f"There is no reading called {reading!r}. The ids are: {', '.join(repr(i) for i in self.ids)}."
            )
        return reading

    def resolve_ids(self, readings: Any) -> list[str]:
        """Turn ``None`` (all readings), one id, or a list of ids into a list of known ids."""
        if readings is None:
            return self.ids
        if isinstance(readings, (str, Reading)):
            return [self.resolve_id(readings)]
        if isinstance(readings, (list, tuple, set, frozenset)):
            if not readings:
                raise ArgumentValueError(
                    f"`readings` is empty. Give at least one id: {', '.join(map(repr, self.ids))}."
                )
            return [self.resolve_id(r) for r in readings]
        raise ArgumentTypeError(
            f"`readings` must be a reading id, a list of ids, or None for all, but you gave {type(readings).__name__}."
        )

    def reading(self, reading: Any) -> Reading:
        """The :class:`Reading` with this id, loaded and checked once."""
        reading_id = self.resolve_id(reading)
        if reading_id not in self._readings:
            self._readings[reading_id] = self._load(self.catalog[reading_id])
        return self._readings[reading_id]

    def _load(self, entry: dict) -> Reading:
        path = self.root / entry["file"]
        where = f"{self.root / 'catalog.yaml'}, line {line_of(entry)}"
        try:
            raw = path.read_bytes()
        except OSError:
            raise CatalogError(
                f"{where}: the file {path} for '{entry['id']}' cannot be read. Is the name right?"
            ) from None
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry["sha256"]:
            raise TextChangedError(
                f"The text of '{entry['id']}' ({path}) has changed since it was catalogued: its sha256 is "
                f"{digest}, but catalog.yaml records {entry['sha256']}. If you changed it by mistake, restore it "
                f"(git checkout -- {path.name}). If you meant to, update the sha256 in catalog.yaml and re-check "
                "the paragraph numbers in its annotations."
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CatalogError(f"{path}: not UTF-8 text. Save it as UTF-8.") from None
        lines = text.split("\n")
        structure = entry.get("structure") or {}
        if not isinstance(structure, dict):
            raise CatalogError(f"{where}: `structure` must map part names to lists of line numbers.")
        parts: dict[str, list[str]] = {}
        part_of: dict[int, str] = {}  # line number -> the part `structure` gives it
        for part, numbers in structure.items():
            if part not in _PARTS:
                raise CatalogError(f"{where}: unknown part '{part}' in `structure`. Use one of: {', '.join(_PARTS)}.")
            if not isinstance(numbers, list) or not all(
                isinstance(n, int) and not isinstance(n, bool) for n in numbers
            ):
                raise CatalogError(f"{where}: `structure.{part}` must be a list of line numbers.")
            for number in numbers:
                if not 1 <= number <= len(lines) or not lines[number - 1].strip():
                    raise CatalogError(
                        f"{where}: `structure.{part}` names line {number}, which is blank or beyond the end of {path.name}."
                    )
                if number in part_of:
                    raise CatalogError(f"{where}: line {number} is given two parts in `structure`.")
                part_of[number] = part
            parts[part] = [lines[n - 1].strip() for n in numbers]
        # Every other non-blank line is a body paragraph. The page order is kept as it is read, so
        # that nothing downstream has to walk the text and `structure` again to put furniture in place.
        paragraphs: list[str] = []
        layout: list[tuple[str, int | str]] = []
        for number, line in enumerate(lines, start=1):
            if number in part_of:
                layout.append((part_of[number], line.strip()))
            elif line.strip():
                paragraphs.append(line.rstrip("\r"))
                layout.append(("body", len(paragraphs)))
        body = tuple(paragraphs)
        if not body:
            raise CatalogError(f"{where}: '{entry['id']}' has no body paragraphs left once `structure` is applied.")
        title = entry.get("title")
        title_text = title.get("text") if isinstance(title, dict) else title
        if not isinstance(title_text, str) or not title_text.strip():
            title_text = parts.get("headline", [entry["id"]])[0]
        return Reading(
            id=entry["id"],
            title=title_text,
            text=text,
            meta=self._with_context_sources(entry),
            paragraphs=body,
            parts={name: tuple(values) for name, values in parts.items()},
            layout=tuple(layout),
            published=Publication.from_catalog(entry),
        )

    def _with_context_sources(self, entry: dict) -> dict:
        """A copy of a catalog entry in which each outside fact that names a context entry gets its citations.

        The catalog's ``outside_evidence`` may say ``context: mar-a-lago-summit`` instead of repeating
        the citations that ``context.yaml`` owns; the reading's ``meta`` then lists them as ``sources``.
        A context file with mistakes resolves nothing here: the validator names them.
        """

        def cited_by(ids: list) -> list[dict]:  # context.yaml is read only if the catalog names an entry
            try:
                by_id = {e.get("id"): e for e in self.context_entries}
            except ContextError:
                return []
            return [dict(c) for i in ids if i in by_id for c in by_id[i].get("citations") or []]

        def resolve(node: Any) -> Any:
            if isinstance(node, dict):
                copy = type(node)({key: resolve(value) for key, value in node.items()})
                copy.__dict__.update(getattr(node, "__dict__", {}))  # a LinedDict keeps its line
                if isinstance(node.get("outside_evidence"), list):
                    for fact in copy["outside_evidence"]:
                        if isinstance(fact, dict) and "sources" not in fact:
                            ids = fact.get("context")
                            ids = [ids] if isinstance(ids, str) else ids if isinstance(ids, list) else []
                            cited = cited_by(ids) if ids else []
                            if cited:
                                fact["sources"] = cited
                return copy
            if isinstance(node, list):
                return [resolve(value) for value in node]
            return node

        return dict(resolve(entry))

    @cached_property
    def context_entries(self) -> list[dict]:
        """The entries of ``context.yaml`` (dated outside events), checked once; none if there is no such file."""
        entries, problems = _context.check_context(self.root / _context.CONTEXT_FILE)
        if problems:
            raise ContextError(problems)
        return entries

    @cached_property
    def actors(self) -> ActorRegistry:
        """The actors and their aliases (``annotations/actors.yaml``), checked once."""
        from .annotations import ActorRegistry

        return ActorRegistry.from_file(self.root / "annotations" / "actors.yaml")

    def annotations(self, reading: Any) -> Annotations:
        """A reading's quotations, figures and events (``annotations/<id>.yaml``), checked once."""
        from .annotations import Annotations

        reading_id = self.resolve_id(reading)
        if reading_id not in self._annotations:
            self._annotations[reading_id] = Annotations.from_file(
                self.root / "annotations" / f"{reading_id}.yaml", self.reading(reading_id), self.actors
            )
        return self._annotations[reading_id]

    # The analyses, each a function of a corpus written once in its own module.
    readings = _catalog.readings
    catalog_row = _catalog.catalog_row
    kwic = _concordance.kwic
    word_counts = _words.word_counts
    compare_terms = _words.compare_terms
    mentions = _mentions.mentions
    quotes = _quotations.quotes
    figures = _figures.figures
    timeline = _timeline.timeline
    context = _context.context


_current: Corpus | None = None


def default_texts_folder() -> Path:
    """The folder of readings: ``$READINGLAB_TEXTS`` if set, else the course's ``source_texts/``."""
    configured = os.environ.get(TEXTS_ENVIRONMENT_VARIABLE)
    return Path(configured) if configured else _PACKAGE_TEXTS


def current_corpus() -> Corpus:
    """The corpus every module-level function reads from."""
    global _current
    if _current is None:
        folder = default_texts_folder()
        if not (folder / "catalog.yaml").is_file():
            raise CatalogError(
                f"Cannot find the readings: there is no catalog.yaml in {folder}. Run from the course repository, "
                f"or set {TEXTS_ENVIRONMENT_VARIABLE} to the folder that holds catalog.yaml."
            )
        _current = Corpus(folder)
    return _current


def use_texts(folder: str | os.PathLike | None = None) -> Corpus:
    """Read the readings from ``folder`` from now on (``None`` goes back to the default).

    Useful to try a new reading in a folder of your own before adding it to the course.
    """
    global _current
    if folder is None:
        _current = None
        return current_corpus()
    if not isinstance(folder, (str, os.PathLike)):
        raise ArgumentTypeError(f"`folder` must be a path, but you gave {type(folder).__name__} {folder!r}.")
    if not (Path(folder) / "catalog.yaml").is_file():
        raise CatalogError(f"There is no catalog.yaml in {folder}. A readings folder needs one; see the README.")
    _current = Corpus(folder)
    return _current


def load(id: str) -> Reading:
    """Load a reading by its id.

    >>> r = load("same-page")
    >>> len(r.paragraphs)
    9
    >>> load("Together")
    Traceback (most recent call last):
    ...
    readinglab.errors.UnknownReadingError: There is no reading called 'Together'. The ids are: 'same-page', 'together'.
    """
    return current_corpus().reading(id)
