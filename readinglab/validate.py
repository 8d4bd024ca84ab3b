"""Check the catalog, the texts, every annotation file and the context file, and report every mistake.

Run it after editing anything in ``source_texts/``::

    python -m readinglab.validate            # the course's readings
    python -m readinglab.validate FOLDER     # another readings folder

Every reference to an entry of ``context.yaml`` must resolve: a ``context: <id>``
field in the catalog's ``outside_evidence``, and ``context:<id>`` written
anywhere in the readings folder's YAML files or in the course around it (the
lessons in ``notebooks/``, the assignments in ``course/source/``, the
instructor notes and the self-check questions).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from ._yaml import line_of
from .context import CONTEXT_FILE, check_context, context_references
from .corpus import Corpus, current_corpus
from .errors import AnnotationError, ReadingLabError


def validate(corpus: Corpus | None = None) -> list[str]:
    """Every problem in a readings folder, each naming its file and entry; empty when all is well.

    >>> validate()
    []
    """
    corpus = corpus or current_corpus()
    problems: list[str] = []
    try:
        ids = corpus.ids
    except ReadingLabError as error:
        return [str(error)]
    bodies = []
    for reading_id in ids:
        try:
            bodies.append("\n".join(corpus.reading(reading_id).paragraphs))
        except ReadingLabError as error:
            problems.append(str(error))
    try:
        registry = corpus.actors
    except AnnotationError as error:
        return problems + error.problems
    if registry.path is not None and registry.path.exists():
        from ._yaml import read_yaml

        counted = {body[start:end] for body in bodies for start, end, _ in registry.mention_spans(body)}
        raw = read_yaml(registry.path)
        for index, entry in enumerate(raw.get("actors") or [], start=1):
            for alias in entry.get("aliases") or []:
                if alias not in counted:
                    problems.append(
                        f"{registry.path}, line {line_of(entry)}, actors entry {index} ({entry.get('id')!r}): "
                        f"the alias {alias!r} is never counted in any reading's body: either it does not occur "
                        "there as a whole word (copy it from the text exactly), or a longer alias or `ignore` "
                        "phrase always covers it."
                    )
    for reading_id in ids:
        try:
            corpus.annotations(reading_id)
        except AnnotationError as error:
            problems.extend(error.problems)
        except ReadingLabError as error:
            problems.append(str(error))
    context_entries, context_problems = check_context(corpus.root / CONTEXT_FILE)
    problems.extend(context_problems)
    known = {entry["id"] for entry in context_entries if isinstance(entry.get("id"), str)}
    for reading_id in ids:
        problems.extend(_outside_evidence_problems(corpus, reading_id, known))
    problems.extend(_context_reference_problems(corpus, known))
    return problems


def context_reference_files(corpus: Corpus) -> list[Path]:
    """The files whose ``context:<id>`` references must resolve: the readings folder's YAML, and the course around it.

    The course around a folder is its parent: in the repository that holds the lessons
    (``notebooks/``), the assignments (``course/source/``), the instructor notes and the
    self-check questions (``readinglab/selfchecks/``). A folder elsewhere has none of them.
    """
    root, course = corpus.root, corpus.root.parent
    return [
        *(path for path in (root / "catalog.yaml", root / CONTEXT_FILE) if path.is_file()),
        *sorted((root / "annotations").glob("*.yaml")),
        *sorted((course / "notebooks").glob("*.ipynb")),
        *sorted((course / "course" / "source").glob("*/*.ipynb")),
        *sorted((course / "course" / "instructor-notes").glob("*.md")),
        *sorted((course / "readinglab" / "selfchecks").glob("*.yaml")),
    ]


def _unknown_context_id(entry_id: str, known: set[str], corpus: Corpus) -> str:
    if not (corpus.root / CONTEXT_FILE).is_file():
        return f"there is no {CONTEXT_FILE} in {corpus.root}, so `context:{entry_id}` names nothing."
    close = difflib.get_close_matches(entry_id, sorted(known), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else f" The ids are: {', '.join(sorted(known))}."
    return f"`context:{entry_id}` names no entry of {CONTEXT_FILE}.{hint}"


def _context_reference_problems(corpus: Corpus, known: set[str]) -> list[str]:
    """Every ``context:<id>`` in the files of :func:`context_reference_files` whose id is not in ``context.yaml``."""
    problems = []
    for path in context_reference_files(corpus):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}: cannot be read to check its context references ({error}).")
            continue
        for number, entry_id in context_references(text):
            if entry_id not in known:
                problems.append(f"{path}, line {number}: {_unknown_context_id(entry_id, known, corpus)}")
    return problems


def _outside_evidence_problems(corpus: Corpus, reading_id: str, known: set[str]) -> list[str]:
    """Every ``outside_evidence`` list in a reading's catalog entry: each fact needs what it shows and cited sources.

    A fact from outside the texts is kept apart from what they say, and carries the
    outlet, date and address of each page that confirms it, or names the entry of
    ``context.yaml`` that does (``context: <id>``, or a list of ids).
    """
    path = corpus.root / "catalog.yaml"
    problems: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "outside_evidence" in node:
                yield node, node["outside_evidence"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    def text(entry, key) -> bool:
        return isinstance(entry.get(key), str) and bool(entry[key].strip())

    for holder, facts in walk(corpus.catalog[reading_id]):
        where = f"{path}, line {line_of(holder)}, reading '{reading_id}', outside_evidence"
        if not isinstance(facts, list) or not facts or not all(isinstance(fact, dict) for fact in facts):
            problems.append(f"{where}: must be a list of entries, each with fact, shows and sources.")
            continue
        for index, fact in enumerate(facts, start=1):
            what = f"{path}, line {line_of(fact)}, reading '{reading_id}', outside_evidence entry {index}"
            for key in ("fact", "shows"):
                if not text(fact, key):
                    problems.append(f"{what}: `{key}` must be non-empty text.")
            if "context" in fact and "sources" not in fact:
                named = fact["context"]
                named = [named] if isinstance(named, str) else named
                if not isinstance(named, list) or not named or not all(isinstance(i, str) for i in named):
                    problems.append(
                        f"{what}: `context` must be the id of an entry of {CONTEXT_FILE}, or a list of ids."
                    )
                for entry_id in named if isinstance(named, list) else []:
                    if isinstance(entry_id, str) and entry_id not in known:
                        problems.append(f"{what}: {_unknown_context_id(entry_id, known, corpus)}")
                continue
            sources = fact.get("sources")
            if not isinstance(sources, list) or not sources or not all(isinstance(source, dict) for source in sources):
                problems.append(
                    f"{what}: a fact from outside the texts needs `sources`: a list of pages that confirm it, "
                    f"each with outlet, date and url (or `context: <id>`, naming the entry of {CONTEXT_FILE} that cites them)."
                )
                continue
            for source in sources:
                missing = [key for key in ("outlet", "date", "url") if not text(source, key)]
                if not missing and not source["url"].startswith(("http://", "https://")):
                    missing = ["url (an http:// or https:// address)"]
                if missing:
                    problems.append(
                        f"{path}, line {line_of(source)}, reading '{reading_id}', outside_evidence entry {index}: "
                        f'a source needs {", ".join(missing)} (write the date in quotes, as "2017-04-07").'
                    )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m readinglab.validate", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="a readings folder (default: the course's source_texts/)")
    args = parser.parse_args(argv)
    problems = validate(Corpus(args.folder) if args.folder else None)
    if problems:
        print(f"{len(problems)} problem(s):", *problems, sep="\n- ")
        return 1
    print("All readings and annotations are consistent.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
