"""The course's build set-up: requirements.lock, environment.yml and `make lab`.

Nothing here is skipped: a missing `make` or a server that never answers fails.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .servers.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
ENVIRONMENT = ROOT / "environment.yml"
PYPROJECT = ROOT / "pyproject.toml"

PIN = re.compile(r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)==(?P<version>[A-Za-z0-9.!+_-]+)$")


# ---------------------------------------------------------------- helpers


def _add_pin(pins: dict[str, str], line: str, where: str) -> None:
    match = PIN.match(line)
    if not match:
        raise ValueError(f"{where}: not an exact `name==version` pin: {line!r}")
    name = canonicalize_name(match["name"])
    if name in pins:
        raise ValueError(f"{where}: {name} is pinned twice")
    pins[name] = match["version"]


def lock_pins(text: str) -> dict[str, str]:
    """Map each pinned package (canonical name) to its version in a requirements.lock text."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            _add_pin(pins, line, f"requirements.lock line {number}")
    return pins


def environment_pins(text: str) -> dict[str, str]:
    """The same map for the `pip:` section of an environment.yml text (`-e .` left out)."""
    document = yaml.safe_load(text)
    pip_sections = [entry["pip"] for entry in document["dependencies"] if isinstance(entry, dict) and "pip" in entry]
    if len(pip_sections) != 1:
        raise ValueError(f"environment.yml: expected one pip: section, found {len(pip_sections)}")
    pins: dict[str, str] = {}
    for line in pip_sections[0]:
        if line != "-e .":
            _add_pin(pins, str(line).strip(), "environment.yml pip: section")
    return pins


def pin_differences(lock: dict[str, str], environment: dict[str, str]) -> list[str]:
    """Human-readable differences between two pin maps; empty when they are identical."""
    problems = []
    for name in sorted(lock.keys() | environment.keys()):
        if name not in environment:
            problems.append(f"{name}=={lock[name]} is in requirements.lock only")
        elif name not in lock:
            problems.append(f"{name}=={environment[name]} is in environment.yml only")
        elif lock[name] != environment[name]:
            problems.append(f"{name}: {lock[name]} in requirements.lock, {environment[name]} in environment.yml")
    return problems


def project_requirements() -> list[Requirement]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in lines]


# ---------------------------------------------------------------- the lock and the conda file


def test_lock_is_sorted_exact_pins_with_a_regeneration_header():
    text = LOCK.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    assert "make lock" in "\n".join(header), "the header comment must say how to regenerate the lock"
    pins = lock_pins(text)  # raises on anything but name==version
    names = list(pins)
    assert names == sorted(names), "requirements.lock must be sorted by package name"
    assert len(pins) > 50, "the lock must carry the transitive dependencies too"


def test_environment_yml_carries_exactly_the_lock_pins():
    document = yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))
    assert document["name"] == "two-readings"
    assert document["channels"] == ["conda-forge"]
    plain = [entry for entry in document["dependencies"] if not isinstance(entry, dict)]
    assert plain == ["python=3.11", "pip"]
    pip_section = next(entry["pip"] for entry in document["dependencies"] if isinstance(entry, dict))
    assert pip_section[-1] == "-e .", "the package itself is installed editable"

    lock = lock_pins(LOCK.read_text(encoding="utf-8"))
    assert pin_differences(lock, environment_pins(ENVIRONMENT.read_text(encoding="utf-8"))) == []


def test_pin_comparison_catches_a_changed_missing_or_extra_pin():
    lock_text = LOCK.read_text(encoding="utf-8")
    environment_text = ENVIRONMENT.read_text(encoding="utf-8")
    lock = lock_pins(lock_text)
    assert pin_differences(lock, environment_pins(environment_text)) == []

    changed = environment_text.replace(f"- pandas=={lock['pandas']}", "- pandas==0.0.1")
    assert changed != environment_text
    assert pin_differences(lock, environment_pins(changed)) == [
        f"pandas: {lock['pandas']} in requirements.lock, 0.0.1 in environment.yml"
    ]

    missing = environment_text.replace(f"      - scipy=={lock['scipy']}\n", "")
    assert missing != environment_text
    assert pin_differences(lock, environment_pins(missing)) == [f"scipy=={lock['scipy']} is in requirements.lock only"]

    extra = environment_text.replace("      - -e .", "      - left-pad==1.0\n      - -e .")
    assert pin_differences(lock, environment_pins(extra)) == ["left-pad==1.0 is in environment.yml only"]

    with pytest.raises(ValueError, match="not an exact"):
        lock_pins(lock_text + "numpy>=2\n")
    with pytest.raises(ValueError, match="pinned twice"):
        lock_pins(lock_text + "PyYAML==6.0.3\n")


def test_every_pyproject_dependency_is_pinned_in_the_lock():
    lock = lock_pins(LOCK.read_text(encoding="utf-8"))
    requirements = project_requirements()
    assert {"pandas", "stop-words", "jupyterlab", "nbgrader", "hypothesis"} <= {
        canonicalize_name(r.name) for r in requirements
    }
    unpinned = [str(r) for r in requirements if canonicalize_name(r.name) not in lock]
    assert unpinned == [], f"in pyproject.toml but not in requirements.lock: {unpinned}"
    outside = [
        f"{r} (locked {lock[canonicalize_name(r.name)]})"
        for r in requirements
        if not r.specifier.contains(lock[canonicalize_name(r.name)], prereleases=True)
    ]
    assert outside == [], f"locked versions outside pyproject.toml's ranges: {outside}"


def test_this_environment_is_the_locked_one():
    lock = lock_pins(LOCK.read_text(encoding="utf-8"))
    wrong = {}
    for name, version in lock.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert wrong == {}, f"(locked, installed) differ, run `make venv`: {wrong}"
    check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


# ---------------------------------------------------------------- make lab


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _make_command(*arguments: str) -> tuple[list[str], dict[str, str]]:
    make = shutil.which("make")
    assert make, "make is not on PATH"
    command = [make, "--no-print-directory", "-C", str(ROOT), *arguments]
    if sys.prefix != sys.base_prefix:  # use the venv these tests run in
        command.append(f"VENV={sys.prefix}")
    # Not the jobserver or overrides of a `make test` that may be running us.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}
    }
    return command, environment


def test_make_lab_serves_jupyterlab_on_the_repository(tmp_path):
    # Set-up first (instant when the venv is current), so the 60 s below time only the server.
    command, environment = _make_command("venv")
    subprocess.run(command, env=environment, check=True, timeout=600, stdin=subprocess.DEVNULL)

    port = free_port()
    token = secrets.token_hex(16)
    command, environment = _make_command(
        "lab",
        f"PORT={port}",
        f"LAB_ARGS=--no-browser --IdentityProvider.token={token} --port-retries=0",
    )
    environment["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    environment["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "jupyter-runtime")
    log_path = tmp_path / "make-lab.log"
    base = f"http://127.0.0.1:{port}"

    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            status = None
            while time.monotonic() < deadline:
                assert server.poll() is None, (
                    f"make lab exited with {server.returncode}:\n{log_path.read_text(errors='replace')}"
                )
                try:
                    status, _ = _get(f"{base}/api/status?token={token}")
                except OSError:
                    status = None
                if status == 200:
                    break
                time.sleep(0.25)
            assert status == 200, f"no answer in 60 s:\n{log_path.read_text(errors='replace')}"

            status, body = _get(f"{base}/api/contents?token={token}")
            assert status == 200, body
            listing = json.loads(body)
            directories = {entry["name"] for entry in listing["content"] if entry["type"] == "directory"}
            assert "notebooks" in directories, f"root_dir is not the repository: {sorted(directories)}"
            assert "tests" in directories

            # The URL printed for the student opens JupyterLab itself.
            # `make lab` prints it once the server's runtime file appears: allow it a moment.
            student_url = f"{base}/lab?token={token}"
            deadline = time.monotonic() + 15
            while student_url not in log_path.read_text(errors="replace") and time.monotonic() < deadline:
                time.sleep(0.1)
            assert student_url in log_path.read_text(errors="replace"), "make lab printed no usable URL"
            status, page = _get(student_url)
            assert status == 200 and b"JupyterLab" in page
        finally:
            _stop_process_group(server)


def _stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM the whole group (make and the Jupyter server under it), SIGKILL what lingers."""
    group = process.pid
    try:
        os.killpg(group, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        process.poll()
        try:
            os.killpg(group, 0)  # anyone left in the group?
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        try:
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=20)
