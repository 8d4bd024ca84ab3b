"""deploy/jupyterhub_config.py as a hub loads it, on top of settings the hub already has (as TLJH and Z2JH do)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from readinglab.instructor.course import Course

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
COURSE_ID = Course.open(REPO / "course").course_id  # course/nbgrader_config.py owns it; the deploy files read it


def load(tmp_path, monkeypatch, hub_config=DEPLOY / "jupyterhub_config.py", **settings):
    """The hub's view of its config: a main file with its own services and users, then ours via load_subconfig."""
    from traitlets.config.loader import PyFileConfigLoader

    for name in (
        "INSTRUCTORS",
        "STUDENTS",
        "ENV",
        "FORMGRADER_URL",
        "FORMGRADER_TOKEN",
        "EXCHANGE",
        "COURSE_DIR",
        "COURSE_CONFIG",
    ):
        monkeypatch.delenv(f"TWO_READINGS_{name}", raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(f"TWO_READINGS_{name}", value)
    (tmp_path / "main.py").write_text(f"""
c = get_config()
c.JupyterHub.services = [{{"name": "idle-culler", "command": ["cull"]}}]
c.JupyterHub.load_roles = [{{"name": "idle-culler", "scopes": ["admin:servers"], "services": ["idle-culler"]}}]
c.Authenticator.allowed_users = {{"admin"}}
c.Spawner.environment = {{"EXISTING": "1"}}
load_subconfig({str(hub_config)!r})
""")
    config = PyFileConfigLoader("main.py", str(tmp_path)).load_config()
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import LocalProcessSpawner

    return JupyterHub(config=config), Authenticator(config=config), LocalProcessSpawner(config=config)


def test_the_course_adds_to_the_hub_and_gives_only_instructors_the_formgrader(tmp_path, monkeypatch):
    hub, authenticator, spawner = load(
        tmp_path, monkeypatch, INSTRUCTORS="ada", STUDENTS="ben, cy", ENV="/opt/course-env", EXCHANGE="/srv/exchange"
    )
    assert [s["name"] for s in hub.services] == ["idle-culler", COURSE_ID]  # the culler survives
    formgrader = hub.services[1]
    assert formgrader["user"] == "grader-two-readings" and formgrader["cwd"] == "/home/grader-two-readings/course"
    assert formgrader["command"][0] == "/opt/course-env/bin/jupyterhub-singleuser"
    assert "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=True" in formgrader["command"]
    assert formgrader["environment"]["TWO_READINGS_EXCHANGE"] == "/srv/exchange"
    roles = {r["name"]: r for r in hub.load_roles}
    assert set(roles) == {"idle-culler", f"formgrader-{COURSE_ID}"}
    assert roles[f"formgrader-{COURSE_ID}"]["groups"] == ["instructors"]
    assert roles[f"formgrader-{COURSE_ID}"]["scopes"] == [f"access:services!service={COURSE_ID}"]
    assert hub.load_groups == {"instructors": {"users": ["ada"]}, "students": {"users": ["ben", "cy"]}}
    assert authenticator.allowed_users == {"admin", "ada", "ben", "cy"}
    assert spawner.cmd == ["/opt/course-env/bin/jupyterhub-singleuser"]
    assert spawner.environment == {
        "EXISTING": "1",
        "TWO_READINGS_EXCHANGE": "/srv/exchange",
        "PATH": "/opt/course-env/bin:/usr/local/bin:/usr/bin:/bin",
    }


def test_an_external_formgrader_is_only_routed_to(tmp_path, monkeypatch):
    hub, _, _ = load(tmp_path, monkeypatch, FORMGRADER_URL="http://formgrader:8888", FORMGRADER_TOKEN="s3cret")
    formgrader = hub.services[1]
    assert formgrader["url"] == "http://formgrader:8888" and formgrader["api_token"] == "s3cret"
    assert "command" not in formgrader and "user" not in formgrader


@pytest.mark.parametrize(
    "settings, message",
    [
        ({}, "Set TWO_READINGS_ENV"),
        ({"FORMGRADER_URL": "http://formgrader:8888"}, "TWO_READINGS_FORMGRADER_TOKEN is not"),
    ],
)
def test_a_setting_that_cannot_work_stops_the_hub_with_a_reason(tmp_path, monkeypatch, settings, message):
    with pytest.raises(ValueError, match=message):
        load(tmp_path, monkeypatch, **settings)


# ---------------------------------------------------------------- the course id, read from the course config


def course_config(folder: Path, course_id: str) -> Path:
    """A course folder whose nbgrader_config.py names the course ``course_id``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.course_id = {course_id!r}\n")
    return folder / "nbgrader_config.py"


def test_the_hub_names_the_formgrader_after_the_course_folder_it_serves(tmp_path, monkeypatch):
    course = course_config(tmp_path / "grader-home" / "course", "history-101").parent
    hub, _, _ = load(tmp_path, monkeypatch, ENV="/opt/course-env", COURSE_DIR=str(course))
    assert hub.services[1]["name"] == "history-101" and hub.services[1]["cwd"] == str(course)
    assert {r["name"] for r in hub.load_roles} == {"idle-culler", "formgrader-history-101"}


def test_a_copied_hub_config_finds_the_course_or_says_where_it_looked(tmp_path, monkeypatch):
    """TLJH runs a copy in jupyterhub_config.d/, far from the repository, and Z2JH's hub sees no course folder:
    the course folder or a named config gives the id; without either the hub stops and says what to set."""
    copy = tmp_path / "jupyterhub_config.d" / "two-readings.py"
    copy.parent.mkdir()
    copy.write_text((DEPLOY / "jupyterhub_config.py").read_text())
    missing = tmp_path / "no-such-course"
    with pytest.raises(ValueError, match="TWO_READINGS_COURSE_CONFIG") as stopped:
        load(tmp_path, monkeypatch, hub_config=copy, ENV="/opt/course-env", COURSE_DIR=str(missing))
    assert str(missing / "nbgrader_config.py") in str(stopped.value)
    named = course_config(tmp_path / "mounted", "history-101")
    hub, _, _ = load(
        tmp_path, monkeypatch, hub_config=copy, ENV="/opt/course-env", COURSE_DIR=str(missing), COURSE_CONFIG=str(named)
    )
    assert hub.services[1]["name"] == "history-101"


def test_a_course_config_without_an_id_stops_the_hub(tmp_path, monkeypatch):
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "nbgrader_config.py").write_text("c = get_config()\n")
    with pytest.raises(ValueError, match="sets no c.CourseDirectory.course_id"):
        load(tmp_path, monkeypatch, ENV="/opt/course-env", COURSE_DIR=str(tmp_path / "course"))


def servers_course_id(config_file: Path) -> str:
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(config_file.name, str(config_file.parent)).load_config().CourseDirectory.course_id


def test_every_server_reads_the_course_id_where_install_course_env_puts_the_course_config(tmp_path):
    assert servers_course_id(DEPLOY / "nbgrader_config.py") == COURSE_ID  # in this repository
    clone = tmp_path / "clone"  # the deploy files of this repository, beside a course with another id
    shutil.copytree(DEPLOY, clone / "deploy")
    course_config(clone / "course", "history-101")
    env = tmp_path / "env"  # an environment whose python and jupyter do nothing: only the files are installed
    (env / "bin").mkdir(parents=True)
    for tool in ("python", "jupyter"):
        (env / "bin" / tool).write_text("#!/bin/sh\nexit 0\n")
        (env / "bin" / tool).chmod(0o755)
    subprocess.run([str(clone / "deploy" / "install-course-env"), str(env)], check=True, capture_output=True)
    installed = env / "etc" / "jupyter" / "nbgrader_config.py"
    assert servers_course_id(installed) == "history-101"
    assert [p.name for p in (env / "etc" / "course").iterdir()] == ["nbgrader_config.py"], "no answers for servers"
    (env / "etc" / "course" / "nbgrader_config.py").unlink()
    with pytest.raises(FileNotFoundError, match="install-course-env"):
        servers_course_id(installed)


def test_install_course_env_explains_itself():
    result = subprocess.run([str(DEPLOY / "install-course-env"), "--help"], capture_output=True, text=True)
    assert result.returncode == 2 and "ENV_DIR" in result.stdout
