"""The package as students install it: a wheel built from the repository, as pip builds it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def build_wheel(folder: Path) -> Path:
    """Build the readinglab wheel into ``folder`` (no dependencies, no build isolation) and return its path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--disable-pip-version-check", "-w", str(folder), str(REPOSITORY)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (built,) = folder.glob("readinglab-*.whl")
    return built
