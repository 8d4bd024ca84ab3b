"""A real JupyterHub for the end-to-end tests: system users, the course environment, the hub and its proxy.

Everything is on loopback and under one temporary folder; the class is made of
real system users (created here, removed afterwards), so each student's server
runs as that student and file permissions are the ones a real hub has. The hub
runs deploy/jupyterhub_config.py, the file an instructor installs, with only
the test's own authenticator, ports and paths added (``hub_config.py`` in the
temporary folder).
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from readinglab.instructor.course import Course

from ..servers.ports import free_port

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
PROXY = REPO / "tests" / "servers" / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE_ID = Course.open(REPO / "course").course_id  # the course config owns it
PASSWORD = secrets.token_urlsafe(12)


def shared_python() -> str | None:
    """A Python 3.11+ that every user can run (pyenv's, under /root, is not): the course environment's base."""
    for candidate in ("/usr/bin/python3.13", "/usr/bin/python3.12", "/usr/bin/python3.11", "/usr/bin/python3"):
        if not os.access(candidate, os.X_OK):
            continue
        check = subprocess.run(
            [
                "runuser",
                "-u",
                "nobody",
                "--",
                candidate,
                "-c",
                "import sys, venv; sys.exit(sys.version_info < (3, 11))",
            ],
            capture_output=True,
            timeout=60,
        )
        if check.returncode == 0:
            return candidate
    return None


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, argv))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


# ---------------------------------------------------------------- system users


def remove_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
    time.sleep(0.2)
    subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)


def add_user(name: str) -> Path:
    remove_user(name)  # a leftover from an interrupted run
    run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", "readinglab hub test", name])
    home = Path(pwd.getpwnam(name).pw_dir)
    home.chmod(0o700)  # Debian's default (0755) would let every student read every home
    return home


def as_user(name: str, argv: list[str], env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run a command as a system user, as that user would in a terminal on the hub."""
    home = pwd.getpwnam(name).pw_dir
    environment = {"HOME": home, "USER": name, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", **(env or {})}
    return subprocess.run(
        ["runuser", "-u", name, "--", "env", "-i", *[f"{k}={v}" for k, v in environment.items()], *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=home,
    )


# ---------------------------------------------------------------- the hub


@dataclass
class Hub:
    folder: Path  # everything the test makes, but the users' homes
    instructors: list[str]
    students: list[str]
    grader: str
    python: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env_dir(self) -> Path:
        return self.folder / "course-env"

    @property
    def exchange(self) -> Path:
        return self.folder / "exchange"

    @property
    def course_dir(self) -> Path:
        return Path(pwd.getpwnam(self.grader).pw_dir) / "course"

    @property
    def log(self) -> Path:
        return self.folder / "hub" / "jupyterhub.log"

    @property
    def users(self) -> list[str]:
        return [*self.instructors, *self.students, self.grader]

    # -------------------------------------------------------- set-up

    def install_environment(self) -> None:
        """The environment every server runs in, made by the instructors' own script."""
        run([str(DEPLOY / "install-course-env"), str(self.env_dir), self.python], timeout=900)

    def create_users(self, course_source: Path) -> None:
        for name in self.users:
            add_user(name)
        from ..support.course_copy import copy_course

        copy_course(course_source, self.course_dir)
        run(["chown", "-R", f"{self.grader}:{self.grader}", str(self.course_dir)])

    def write_config(self) -> Path:
        hub_dir = self.folder / "hub"
        hub_dir.mkdir(mode=0o700)
        config = hub_dir / "hub_config.py"
        config.write_text(
            f"""\
# The test's additions to deploy/jupyterhub_config.py: authenticator, ports and paths only.
c = get_config()  # noqa: F821
load_subconfig({str(DEPLOY / "jupyterhub_config.py")!r})  # noqa: F821

c.JupyterHub.bind_url = {self.url!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.auth_token = {secrets.token_hex(16)!r}
c.JupyterHub.db_url = "sqlite:///{hub_dir}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{hub_dir}/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.env_keep = ["LANG"]  # not the test's PATH: the students' PATH comes from deploy/jupyterhub_config.py
c.JupyterHub.cleanup_servers = True
c.JupyterHub.log_level = "INFO"
""",
            encoding="utf-8",
        )
        return config

    def start(self) -> None:
        self.exchange.mkdir()
        self.exchange.chmod(0o777)  # nbgrader's requirement for a shared exchange (deploy/README.md)
        config = self.write_config()
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(self.folder / "hub"),
            "TWO_READINGS_INSTRUCTORS": " ".join(self.instructors),
            "TWO_READINGS_STUDENTS": " ".join(self.students),
            "TWO_READINGS_GRADER_USER": self.grader,
            "TWO_READINGS_COURSE_DIR": str(self.course_dir),
            "TWO_READINGS_EXCHANGE": str(self.exchange),
            "TWO_READINGS_ENV": str(self.env_dir),
            "TWO_READINGS_FORMGRADER_PORT": str(free_port()),
        }
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                cwd=self.folder / "hub",
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub stopped at start-up:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"JupyterHub did not answer within 120 s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""

    def stop(self) -> None:
        """Stop the hub (which stops the proxy, the service and the servers), then anything left of the users."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # the proxy, if it outlived the hub
            except ProcessLookupError:
                pass
        for name in self.users:
            remove_user(name)
        shutil.rmtree(self.folder, ignore_errors=True)

    def user(self, name: str) -> HubUser:
        return HubUser(self, name)


def make_hub(instructors: list[str], students: list[str], grader: str, python: str) -> Hub:
    folder = Path(tempfile.mkdtemp(prefix="readinglab-hub-"))
    folder.chmod(0o755)  # every user's server needs the course environment and the exchange inside it
    return Hub(folder, instructors, students, grader, python)


# ---------------------------------------------------------------- a person using the hub over HTTP


class HubUser:
    """One person: logs in through the hub's login form, then works with an API token, as a script would."""

    def __init__(self, hub: Hub, name: str):
        self.hub, self.name = hub, name
        self.api = requests.Session()
        self.token = ""

    def log_in(self, password: str = PASSWORD) -> HubUser:
        browser = requests.Session()
        browser.get(f"{self.hub.url}/hub/login", timeout=30)
        xsrf = browser.cookies.get("_xsrf", path="/hub/") or browser.cookies.get("_xsrf")
        answer = browser.post(
            f"{self.hub.url}/hub/login",
            data={"username": self.name, "password": password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 302:
            raise PermissionError(f"{self.name} could not log in: HTTP {answer.status_code}")
        # The XSRF token belongs to the session, which logging in replaced: take the new one from a page.
        browser.get(f"{self.hub.url}/hub/token", timeout=60)
        xsrf = browser.cookies.get("_xsrf", path="/hub/") or browser.cookies.get("_xsrf")
        token = browser.post(
            f"{self.hub.url}/hub/api/users/{self.name}/tokens",
            headers={"X-XSRFToken": xsrf},
            json={"note": "readinglab end-to-end test", "expires_in": 3600},
            timeout=30,
        )
        if token.status_code != 201:
            raise PermissionError(
                f"{self.name} could not get an API token: HTTP {token.status_code} {token.text[:300]}"
            )
        self.token = token.json()["token"]
        self.api.headers["Authorization"] = f"token {self.token}"
        return self

    # -------------------------------------------------------- hub API

    def hub_get(self, path: str, **kwargs) -> requests.Response:
        return self.api.get(f"{self.hub.url}/hub/api/{path}", timeout=60, **kwargs)

    def start_server(self, timeout: float = 180) -> None:
        answer = self.api.post(f"{self.hub.url}/hub/api/users/{self.name}/server", timeout=60)
        if answer.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"{self.name}'s server did not start: HTTP {answer.status_code} {answer.text}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.hub_get(f"users/{self.name}").json().get("servers", {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise RuntimeError(f"{self.name}'s server was not ready in {timeout} s:\n{self.hub.log_tail()}")

    # -------------------------------------------------------- a single-user server or a service

    def server_url(self, owner: str | None = None) -> str:
        return f"{self.hub.url}/user/{owner or self.name}/"

    def service_url(self, service: str = COURSE_ID) -> str:
        return f"{self.hub.url}/services/{service}/"

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.api.get(url, timeout=120, allow_redirects=False, **kwargs)

    def post(self, url: str, **kwargs) -> requests.Response:
        return self.api.post(url, timeout=600, allow_redirects=False, **kwargs)

    def nbgrader(self, action: str, assignment: str) -> list | dict:
        """The student side of nbgrader on the user's own server: fetch, submit or fetch_feedback."""
        answer = self.post(
            f"{self.server_url()}assignments/{action}", data={"assignment_id": assignment, "course_id": COURSE_ID}
        )
        answer.raise_for_status()
        return answer.json()

    def assignments(self) -> list[dict]:
        answer = self.get(f"{self.server_url()}assignments", params={"course_id": COURSE_ID})
        answer.raise_for_status()
        return json.loads(answer.text)["value"] if isinstance(answer.json(), dict) else answer.json()
