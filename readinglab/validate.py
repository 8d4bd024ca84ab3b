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
