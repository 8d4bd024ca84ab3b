"""When a reading was published, as its catalog entry records it: the one reader of that record.

The corpus reads each entry's ``published`` record once, when it loads the
reading (:attr:`Reading.published <readinglab.reading.Reading.published>`).
:func:`readinglab.readings` shows it as text and the timeline chart puts it on
a time axis, so the two cannot disagree about what an unknown, partial or
inferred date is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Publication:
    """A publication date, with how much of it is known and how we know it.

    >>> from readinglab import load
    >>> published = load("same-page").published
    >>> str(published), published.precision, published.start
    ('2017-07 (inferred)', 'month', Timestamp('2017-07-01 00:00:00'))
    """

    date: str  # as the catalog writes it: "2017-05-01", or "2017-07" when only the month is known
    precision: str  # "day", "month" or "year": how much of the date the evidence fixes
    status: str  # "stated" by the text, or "inferred" from its evidence

    @classmethod
    def from_catalog(cls, entry: dict) -> Publication | None:
        """The ``published`` record of a catalog entry; None when it is missing or "unknown"."""
        published = entry.get("published")
        if not isinstance(published, dict) or not published.get("date") or str(published["date"]) == "unknown":
            return None
        # YAML reads an unquoted 2017-05-01 as a date and 2017-07 as text: str() gives both as written.
        return cls(
            str(published["date"]), str(published.get("precision", "day")), str(published.get("status", "stated"))
        )

    def __str__(self) -> str:
        return f"{self.date} (inferred)" if self.status == "inferred" else self.date

    @property
    def start(self) -> pd.Timestamp | None:
        """The first day of the date's day, month or year; None if the date cannot be read as one."""
        import pandas as pd

        try:
            start = pd.to_datetime(self.date, format="mixed")
        except (ValueError, TypeError):
            return None
        return None if pd.isna(start) else start
