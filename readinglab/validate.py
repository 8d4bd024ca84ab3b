"""Check the catalog, the texts and every annotation file, and report every mistake.

Run it after editing anything in ``source_texts/``::

    python -m readinglab.validate            # the course's readings
    python -m readinglab.validate FOLDER     # another readings folder
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._yaml import line_of
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
    for reading_id in ids:
        problems.extend(_outside_evidence_problems(corpus, reading_id))
    return problems


def _outside_evidence_problems(corpus: Corpus, reading_id: str) -> list[str]:
    """Every ``outside_evidence`` list in a reading's catalog entry: each fact needs what it shows and cited sources.

    A fact from outside the texts is kept apart from what they say, and carries the
    outlet, date and address of each page that confirms it.
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
            sources = fact.get("sources")
            if not isinstance(sources, list) or not sources or not all(isinstance(source, dict) for source in sources):
                problems.append(
                    f"{what}: a fact from outside the texts needs `sources`: a list of pages that confirm it, "
                    "each with outlet, date and url."
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
