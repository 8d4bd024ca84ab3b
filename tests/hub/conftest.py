"""The hub fixture: skips (or fails under READINGLAB_REQUIRE_SERVERS=1) when it cannot be real.

Without bubblewrap the grader cannot grade sandboxed: it skips then too (or fails under
READINGLAB_REQUIRE_SANDBOX=1), as the hostile battery does.
"""

from __future__ import annotations

import os
import shutil

import pytest

from ..servers.availability import unavailable
from ..support.course_copy import COURSE
from .hub import PROXY, make_hub, shared_python

INSTRUCTORS = ["rl-instructor"]
HONEST = ["rl-student1", "rl-student2", "rl-student3"]
HOSTILE = "rl-student4"  # a dishonest student: its first answer cell attacks the grader (test_class_on_jupyterhub)
STUDENTS = [*HONEST, HOSTILE]
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
    if shutil.which("bwrap") is None:
        message = (
            f"{what} needs bubblewrap (bwrap, Debian package bubblewrap): the grader account grades the class sandboxed"
        )
        if os.environ.get("READINGLAB_REQUIRE_SANDBOX") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message + " (set READINGLAB_REQUIRE_SANDBOX=1 to fail instead)")
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
