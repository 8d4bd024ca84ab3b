"""Skip a test that needs a system tool or root when it is missing, or fail under READINGLAB_REQUIRE_SERVERS=1."""

from __future__ import annotations

import os

import pytest

HOW_TO_ENABLE = (
    "`make test` installs PostgreSQL and configurable-http-proxy when it runs as root with apt-get and npm; "
    "`make test-servers` (READINGLAB_REQUIRE_SERVERS=1) fails instead of skipping."
)


def unavailable(what: str, reason: str):
    message = f"{what} needs {reason}. To run it, {HOW_TO_ENABLE}"
    if os.environ.get("READINGLAB_REQUIRE_SERVERS") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
