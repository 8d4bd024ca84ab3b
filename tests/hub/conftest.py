"""The hub fixture: skips (or fails under READINGLAB_REQUIRE_SERVERS=1) when it cannot be real."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ..servers.availability import unavailable
from .hub import PROXY, make_hub, shared_python

COURSE = Path(__file__).resolve().parents[2] / "course"
INSTRUCTORS = ["rl-instructor"]
STUDENTS = ["rl-student1", "rl-student2", "rl-student3"]
GRADER = "rl-grader"


@pytest.fixture(scope="package")
def hub():
    what = "The JupyterHub end-to-end test"
    if os.geteuid() != 0:
        unavailable(what, "root, to create the class's system users (each student's server runs as that student)")
    for tool in ("useradd", "userdel", "runuser", "pkill"):
        if shutil.which(tool) is None:
            unavailable(what, f"the system tool {tool}")
    if not os.access(PROXY, os.X_OK):
        unavailable(what, f"configurable-http-proxy at {PROXY} (npm ci --prefix tests/servers)")
    python = shared_python()
    if python is None:
        unavailable(what, "a Python 3.11+ with venv that every user can run (e.g. Debian's python3 and python3-venv)")
    hub = make_hub(INSTRUCTORS, STUDENTS, GRADER, python)
    try:
        hub.install_environment()
        hub.create_users(COURSE)
        hub.start()
        yield hub
    finally:
        hub.stop()
