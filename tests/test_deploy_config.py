"""deploy/jupyterhub_config.py as a hub loads it, on top of settings the hub already has (as TLJH and Z2JH do)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def load(tmp_path, monkeypatch, **settings):
    """The hub's view of its config: a main file with its own services and users, then ours via load_subconfig."""
    from traitlets.config.loader import PyFileConfigLoader

    for name in ("INSTRUCTORS", "STUDENTS", "ENV", "FORMGRADER_URL", "FORMGRADER_TOKEN", "EXCHANGE"):
        monkeypatch.delenv(f"TWO_READINGS_{name}", raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(f"TWO_READINGS_{name}", value)
    (tmp_path / "main.py").write_text(f"""
c = get_config()
c.JupyterHub.services = [{{"name": "idle-culler", "command": ["cull"]}}]
c.JupyterHub.load_roles = [{{"name": "idle-culler", "scopes": ["admin:servers"], "services": ["idle-culler"]}}]
c.Authenticator.allowed_users = {{"admin"}}
c.Spawner.environment = {{"EXISTING": "1"}}
load_subconfig({str(DEPLOY / "jupyterhub_config.py")!r})
""")
    config = PyFileConfigLoader("main.py", str(tmp_path)).load_config()
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import LocalProcessSpawner

    return JupyterHub(config=config), Authenticator(config=config), LocalProcessSpawner(config=config)


def test_the_course_adds_to_the_hub_and_gives_only_instructors_the_formgrader(tmp_path, monkeypatch):
    hub, authenticator, spawner = load(tmp_path, monkeypatch, INSTRUCTORS="ada", STUDENTS="ben, cy",
                                       ENV="/opt/course-env", EXCHANGE="/srv/exchange")
    assert [s["name"] for s in hub.services] == ["idle-culler", "two-readings"]  # the culler survives
    formgrader = hub.services[1]
    assert formgrader["user"] == "grader-two-readings" and formgrader["cwd"] == "/home/grader-two-readings/course"
    assert formgrader["command"][0] == "/opt/course-env/bin/jupyterhub-singleuser"
    assert "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=True" in formgrader["command"]
    assert formgrader["environment"]["TWO_READINGS_EXCHANGE"] == "/srv/exchange"
    roles = {r["name"]: r for r in hub.load_roles}
    assert set(roles) == {"idle-culler", "formgrader-two-readings"}
    assert roles["formgrader-two-readings"]["groups"] == ["instructors"]
    assert roles["formgrader-two-readings"]["scopes"] == ["access:services!service=two-readings"]
    assert hub.load_groups == {"instructors": {"users": ["ada"]}, "students": {"users": ["ben", "cy"]}}
    assert authenticator.allowed_users == {"admin", "ada", "ben", "cy"}
    assert spawner.cmd == ["/opt/course-env/bin/jupyterhub-singleuser"]
    assert spawner.environment == {"EXISTING": "1", "TWO_READINGS_EXCHANGE": "/srv/exchange",
                                   "PATH": "/opt/course-env/bin:/usr/local/bin:/usr/bin:/bin"}


def test_an_external_formgrader_is_only_routed_to(tmp_path, monkeypatch):
    hub, _, _ = load(tmp_path, monkeypatch, FORMGRADER_URL="http://formgrader:8888", FORMGRADER_TOKEN="s3cret")
    formgrader = hub.services[1]
    assert formgrader["url"] == "http://formgrader:8888" and formgrader["api_token"] == "s3cret"
    assert "command" not in formgrader and "user" not in formgrader


@pytest.mark.parametrize("settings, message", [
    ({}, "Set TWO_READINGS_ENV"),
    ({"FORMGRADER_URL": "http://formgrader:8888"}, "TWO_READINGS_FORMGRADER_TOKEN is not"),
])
def test_a_setting_that_cannot_work_stops_the_hub_with_a_reason(tmp_path, monkeypatch, settings, message):
    with pytest.raises(ValueError, match=message):
        load(tmp_path, monkeypatch, **settings)


def test_install_course_env_explains_itself():
    result = subprocess.run([str(DEPLOY / "install-course-env"), "--help"], capture_output=True, text=True)
    assert result.returncode == 2 and "ENV_DIR" in result.stdout
