"""Shared fixtures: copies of the readings folder in temporary directories."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import readinglab
from readinglab.corpus import default_texts_folder

SOURCE_TEXTS = Path(__file__).resolve().parent.parent / "source_texts"

MADE_UP_TEXT = (
    "Made-up kicker\n"
    "\n"
    "Talks resume as Japan and the US meet\n"
    "\n"
    "Officials from Tokyo and Washington met on Friday. “We will keep talking,” said Jang Song Chol.\n"
    "\n"
    "Related: an unrelated headline about Syria\n"
    "\n"
    "Japan’s envoy said the 3 days of talks cost $2 million. The U.S. team left early.\n"
)


@pytest.fixture(autouse=True)
def _default_corpus():
    """Every test starts and ends on the course's own readings."""
    readinglab.use_texts(None)
    yield
    readinglab.use_texts(None)


@pytest.fixture
def texts_copy(tmp_path: Path) -> Path:
    """A private copy of source_texts/ that a test may break."""
    folder = tmp_path / "source_texts"
    shutil.copytree(default_texts_folder(), folder)
    return folder


def add_made_up_reading(folder: Path, with_annotations: bool = True) -> str:
    """Drop a small made-up reading into ``folder`` the way the README says, and return its id."""
    (folder / "made-up.txt").write_text(MADE_UP_TEXT, encoding="utf-8")
    digest = hashlib.sha256(MADE_UP_TEXT.encode("utf-8")).hexdigest()
    with (folder / "catalog.yaml").open("a", encoding="utf-8") as catalog:
        catalog.write(
            "\n  - id: made-up\n"
            "    file: made-up.txt\n"
            f"    sha256: {digest}\n"
            "    genre: news report\n"
            "    published: {date: 2017-06-02, precision: day, status: stated}\n"
            "    structure:\n"
            "      kicker: [1]\n"
            "      headline: [3]\n"
            "      furniture: [7]\n"
        )
    if with_annotations:
        (folder / "annotations" / "made-up.yaml").write_text(
            "reading: made-up\n"
            "quotations:\n"
            "  - {quote: 'We will keep talking,', speaker: jang-song-chol, kind: direct, paragraph: 1, cue: said}\n"
            "figures:\n"
            "  - {text: '$2 million', value: 2000000, unit: US dollars, what: cost of the talks, paragraph: 2}\n"
            "events:\n"
            "  - {date: '2017-06', precision: month, event: talks resume, paragraph: 1, evidence: met on Friday, basis: inferred}\n",
            encoding="utf-8",
        )
    return "made-up"


@pytest.fixture
def corpus_with_made_up(texts_copy: Path) -> Path:
    add_made_up_reading(texts_copy)
    readinglab.use_texts(texts_copy)
    return texts_copy


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the whole run (tests/servers/postgres.py); each test makes its own database."""
    from .servers.availability import unavailable
    from .servers.postgres import PostgresServer, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        unavailable("A PostgreSQL gradebook test", "PostgreSQL's initdb and pg_ctl (Debian package postgresql)")
    server = PostgresServer.start(bin_dir)
    try:
        yield server
    finally:
        server.stop()
