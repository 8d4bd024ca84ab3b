"""The errors readinglab raises: each says what is wrong and what to do next.

Every error is a :class:`ReadingLabError`, so a notebook or a grader can
catch them all with one ``except``. Each also subclasses the built-in error
a Python user would expect (``TypeError``, ``ValueError``, ``LookupError``).
"""

from __future__ import annotations


class ReadingLabError(Exception):
    """Base class of every error raised on purpose by readinglab."""


class ArgumentTypeError(ReadingLabError, TypeError):
    """An argument has the wrong type (for example a number where text belongs)."""


class ArgumentValueError(ReadingLabError, ValueError):
    """An argument has the right type but an unusable value (for example an empty term)."""


class UnknownReadingError(ReadingLabError, LookupError):
    """A reading id that the catalog does not list."""


class UnknownQuestionError(ReadingLabError, LookupError):
    """A self-check question id that does not exist."""


class SelfCheckFileError(ReadingLabError, ValueError):
    """A self-check file in ``readinglab/selfchecks/`` is unreadable or malformed; the message names the line."""


class CatalogError(ReadingLabError, ValueError):
    """``source_texts/catalog.yaml`` is missing, unreadable or malformed."""


class TextChangedError(ReadingLabError):
    """A reading's text no longer matches the sha256 recorded in the catalog."""


class AnnotationError(ReadingLabError, ValueError):
    """An annotation file is malformed or does not match its reading.

    ``problems`` lists every problem found, each naming the file, the line
    and the entry.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(
            f"The annotations have {head}. Fix each one in the file and line named, "
            "then run `python -m readinglab.validate` to check again:\n  - " + "\n  - ".join(self.problems)
        )


class ContextError(ReadingLabError, ValueError):
    """``source_texts/context.yaml`` (the dated outside events) is unreadable or malformed.

    ``problems`` lists every problem found, each naming the file, the line and the entry.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(
            f"The context file has {head}. Fix each one in the file and line named, "
            "then run `python -m readinglab.validate` to check again:\n  - " + "\n  - ".join(self.problems)
        )
