"""A throw-away JupyterLab server on a temporary copy of the course, for the browser tests.

Nothing here writes into the repository: the server's root, its config,
runtime and data folders, the nbgrader exchange and the readings all live in
a temporary folder. The venv's labextensions (ipywidgets, nbgrader) and server
extensions stay visible because they sit in the venv's sys-prefix paths,
which Jupyter searches whatever JUPYTER_CONFIG_DIR and JUPYTER_DATA_DIR say.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..servers.ports import free_port

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
# What nbgrader generates in course/: a copy must start without it.
GENERATED = (
    "release",
    "submitted",
    "autograded",
    "feedback",
    "gradebook.db",
    "exchange",
    "__pycache__",
    ".ipynb_checkpoints",
)
START_TIMEOUT = 90  # seconds; the server is usually ready in about 3


@dataclass
class LabServer:
    root: Path  # the temporary copy of the course that the server serves
    exchange: Path  # nbgrader's exchange (TWO_READINGS_EXCHANGE)
    runtime_dir: Path
    url: str  # http://127.0.0.1:PORT/
    token: str
    process: subprocess.Popen
    log_path: Path
    environment: dict[str, str]  # the server's: run nbgrader's command line with it to act on the same course

    def lab_url(self, path: str = "") -> str:
        """The address of a file in JupyterLab, in a new workspace so no earlier test's layout comes back.

        (Not `?reset`: the router applies it again on every change of the page's #fragment,
        which nbgrader's Assignments panel makes, and closes every tab.)
        """
        where = f"lab/workspaces/test-{secrets.token_hex(6)}"
        if path:
            where += f"/tree/{path}"
        return f"{self.url}{where}?token={self.token}"

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def shut_down_kernels(self) -> None:
        """Stop every kernel, so the next test starts on a quiet machine and shares no kernel state."""
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")


def copy_course(destination: Path) -> Path:
    """The parts of the repository a student's JupyterLab sees, without anything generated."""
    destination.mkdir(parents=True)
    ignore = shutil.ignore_patterns(*GENERATED)
    for folder in ("notebooks", "source_texts", "course"):
        shutil.copytree(REPO / folder, destination / folder, ignore=ignore)
    shutil.copy2(REPO / "nbgrader_config.py", destination / "nbgrader_config.py")
    return destination


def server_environment(base: Path, root: Path, exchange: Path) -> dict[str, str]:
    config_dir = base / "jupyter-config"
    # The "news" pop-up would cover the notebook; a fresh config folder also means no saved workspace.
    (config_dir / "labconfig").mkdir(parents=True)
    (config_dir / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    # Keep every cell in the page (no virtual scrolling), so off-screen outputs can be checked too.
    tracker = config_dir / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    environment = dict(os.environ)
    environment.update(
        JUPYTER_CONFIG_DIR=str(config_dir),
        JUPYTER_RUNTIME_DIR=str(base / "jupyter-runtime"),
        JUPYTER_DATA_DIR=str(base / "jupyter-data"),
        IPYTHONDIR=str(base / "ipython"),
        # The venv first: the kernelspec runs `python`, and nbgrader runs `alembic` by name.
        PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        READINGLAB_TEXTS=str(root / "source_texts"),
        TWO_READINGS_EXCHANGE=str(exchange),
        PYTHONHASHSEED="0",
    )
    environment.pop("JUPYTER_PATH", None)
    environment.pop("JUPYTER_PREFER_ENV_PATH", None)
    return environment


def start_lab(base: Path) -> LabServer:
    """Start JupyterLab on a copy of the course in ``base`` and wait until it answers."""
    root = copy_course(base / "course-copy")
    exchange = base / "exchange"
    exchange.mkdir()
    environment = server_environment(base, root, exchange)
    port, token = free_port(), secrets.token_hex(16)
    command = [
        str(VENV_BIN / "jupyter-lab"),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log_path = base / "jupyterlab.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = LabServer(
        root, exchange, base / "jupyter-runtime", f"http://127.0.0.1:{port}/", token, process, log_path, environment
    )
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab stopped while starting (exit code {process.returncode}):\n{server.log()}")
        try:
            server.api("GET", "api/status")
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                stop_lab(server)
                raise RuntimeError(f"JupyterLab did not answer within {START_TIMEOUT} s:\n{server.log()}") from None
            time.sleep(0.2)


def stop_lab(server: LabServer) -> None:
    """Stop the server's whole process group, then any kernel it started that outlived it."""
    try:
        server.shut_down_kernels()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        pass  # the server is already gone; the kernels are found below
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=15)
    try:
        os.killpg(server.process.pid, signal.SIGKILL)  # helpers left in the group, if any
    except ProcessLookupError:
        pass
    # Kernels run in sessions of their own; ours are the ones whose connection file is in our runtime folder.
    for pid in _pids_mentioning(str(server.runtime_dir)):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _pids_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command_line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in command_line:
                found.append(int(entry.name))
    return found
