# JupyterHub settings for the "Two Readings" course: students, instructors, nbgrader's
# exchange and the formgrader as a hub service. deploy/README.md explains each step.
#
# Use it as it is, or drop it into a hub that has its own settings:
#   - The Littlest JupyterHub: copy it to /opt/tljh/config/jupyterhub_config.d/two-readings.py
#   - any JupyterHub: load_subconfig("/path/to/deploy/jupyterhub_config.py") from your config
# Authentication and the spawner are left to the hub (TLJH and Z2JH set their own).
#
# The settings below come from environment variables, so the same file serves a real hub and
# the end-to-end test (tests/hub/). Each default is what deploy/README.md sets up.

import os
import shlex

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file


def setting(name, default):
    return os.environ.get(f"TWO_READINGS_{name}", default)


def names(name, default=""):
    return sorted(set(setting(name, default).replace(",", " ").split()))


INSTRUCTORS = names("INSTRUCTORS")  # hub user names, e.g. TWO_READINGS_INSTRUCTORS="ada grace"
STUDENTS = names("STUDENTS")
# The system user that owns the course folder (source/, submitted/, gradebook.db) and runs the
# formgrader. Instructors never need its password: they reach it through the hub.
GRADER_USER = setting("GRADER_USER", "grader-two-readings")
COURSE_DIR = setting("COURSE_DIR", f"/home/{GRADER_USER}/course")


def read_course_id():
    """``c.CourseDirectory.course_id`` from the course's own nbgrader_config.py, the one place it is written.

    The first of these that exists: $TWO_READINGS_COURSE_CONFIG if set (then only it); the course
    folder's nbgrader_config.py (TLJH: the hub runs as root and reads the grader's copy); and
    ../course/nbgrader_config.py beside this file (a clone of this repository). On Kubernetes the hub
    sees neither folder: mount the file and name it (deploy/README.md, section 4).
    """
    from traitlets.config.loader import PyFileConfigLoader

    named = setting("COURSE_CONFIG", "")
    candidates = [os.path.abspath(named)] if named else [os.path.join(COURSE_DIR, "nbgrader_config.py")]
    if not named and "__file__" in globals():  # Z2JH exec()s this file, where __file__ is its own config's
        candidates.append(
            os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "course", "nbgrader_config.py")
        )
    for path in candidates:
        if os.path.isfile(path):
            course_id = (
                PyFileConfigLoader(os.path.basename(path), os.path.dirname(path))
                .load_config()
                .CourseDirectory.get("course_id")
            )
            if not course_id:
                raise ValueError(f"{path} sets no c.CourseDirectory.course_id: the hub names the formgrader after it.")
            return str(course_id)
    raise ValueError(
        f"The course's nbgrader_config.py, which names the course, is not at {' nor '.join(candidates)} "
        "(or the hub cannot read it). Set TWO_READINGS_COURSE_DIR to the course folder, or "
        "TWO_READINGS_COURSE_CONFIG to a copy of course/nbgrader_config.py that the hub can read."
    )


COURSE_ID = read_course_id()  # the formgrader service's name, and the exchange's folder for the course
# Every student and the grader must be able to write here; nbgrader keeps what a student
# submits unreadable to the others (see deploy/README.md for the permissions).
EXCHANGE = setting("EXCHANGE", "/srv/nbgrader/exchange")
# The Python environment with the course package (readinglab) and nbgrader in it, made by
# deploy/install-course-env (on TLJH: /opt/tljh/user). The formgrader service runs its
# jupyterhub-singleuser, so set it unless the formgrader runs elsewhere (FORMGRADER_URL).
COURSE_ENV = setting("ENV", "")
FORMGRADER_PORT = int(setting("FORMGRADER_PORT", "9999"))
# On Kubernetes the formgrader runs in a pod of its own (deploy/README.md): give its address and a
# shared token, and the hub only routes to it instead of starting it.
FORMGRADER_URL = setting("FORMGRADER_URL", "")
FORMGRADER_TOKEN = setting("FORMGRADER_TOKEN", "")
if FORMGRADER_URL and not FORMGRADER_TOKEN:
    raise ValueError(
        "TWO_READINGS_FORMGRADER_URL is set but TWO_READINGS_FORMGRADER_TOKEN is not: the hub and the "
        "formgrader pod need the same secret token (openssl rand -hex 32), or the hub cannot trust it."
    )
if not FORMGRADER_URL and not COURSE_ENV:
    raise ValueError(
        "Set TWO_READINGS_ENV to the course environment (deploy/install-course-env; /opt/tljh/user on "
        "TLJH): the formgrader service runs its jupyterhub-singleuser."
    )
FORMGRADER_ARGS = shlex.split(setting("FORMGRADER_ARGS", ""))  # e.g. --allow-root in a test

# ---------------------------------------------------------------- who may log in, and groups
# Added to what the hub already has (TLJH's users.allowed, Z2JH's hub.loadRoles and services,
# the idle culler), never replacing it: traitlets applies .update/.append on top.

c.Authenticator.allowed_users.update(set(INSTRUCTORS) | set(STUDENTS))

c.JupyterHub.load_groups.update(
    {
        "instructors": {"users": INSTRUCTORS},
        "students": {"users": STUDENTS},
    }
)

# Instructors reach the formgrader service; nobody else does. Students get JupyterHub's
# default user role only: their own server, nothing of anyone else's.
c.JupyterHub.load_roles.append(
    {
        "name": f"formgrader-{COURSE_ID}",
        "description": "Open the course's formgrader",
        "groups": ["instructors"],
        "scopes": [f"access:services!service={COURSE_ID}"],
    },
)

# ---------------------------------------------------------------- every user's server

bin_dir = os.path.join(COURSE_ENV, "bin") if COURSE_ENV else ""
# nbgrader's student side (the Assignments tab) reads the exchange from this variable, through
# the nbgrader_config.py installed into the environment (deploy/nbgrader_config.py).
c.Spawner.environment.update({"TWO_READINGS_EXCHANGE": EXCHANGE})
if COURSE_ENV:
    c.Spawner.cmd = [os.path.join(bin_dir, "jupyterhub-singleuser")]
    # Terminals and kernels find the environment's tools first (jupyter, python, course).
    c.Spawner.environment.update({"PATH": os.pathsep.join([bin_dir, "/usr/local/bin", "/usr/bin", "/bin"])})
c.Spawner.default_url = "/lab"

# ---------------------------------------------------------------- the formgrader, as a service

formgrader_command = [
    os.path.join(bin_dir, "jupyterhub-singleuser"),
    f"--ServerApp.root_dir={COURSE_DIR}",
    # Student environments switch the formgrader off (deploy/README.md); the service turns it on.
    "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=True",
    *FORMGRADER_ARGS,
]
formgrader_service = {
    "name": COURSE_ID,
    "display": True,
    "info": {"description": "Formgrader for the Two Readings course"},
    "oauth_no_confirm": True,
}
if FORMGRADER_URL:
    formgrader_service.update(url=FORMGRADER_URL, api_token=FORMGRADER_TOKEN)
else:
    formgrader_service.update(
        url=f"http://127.0.0.1:{FORMGRADER_PORT}",
        command=formgrader_command,
        user=GRADER_USER,
        cwd=COURSE_DIR,
        environment={
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            "TWO_READINGS_EXCHANGE": EXCHANGE,
            # `course grade` and nbgrader run `alembic` and kernels from the environment's bin/
            "PATH": os.pathsep.join(filter(None, [bin_dir, "/usr/local/bin", "/usr/bin", "/bin"])),
        },
    )
c.JupyterHub.services.append(formgrader_service)
