# nbgrader settings for every server on the hub: students' and the formgrader's.
# deploy/install-course-env puts this file in the environment's etc/jupyter/, where nbgrader
# finds it whatever folder a server starts in. The course folder's own nbgrader_config.py
# (course/nbgrader_config.py) adds the instructors' settings on top, for the formgrader.

import os
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

# The course id is written once, in the course's own config. It is read from ../course/nbgrader_config.py
# beside this file: in this repository that is course/nbgrader_config.py, and install-course-env keeps the
# same layout (ENV/etc/jupyter/nbgrader_config.py and ENV/etc/course/nbgrader_config.py). Only the id is
# taken from it: its other settings are the instructors'.
course_config = Path(__file__).resolve().parent.parent / "course" / "nbgrader_config.py"
if not course_config.is_file():
    raise FileNotFoundError(
        f"No {course_config}: it names the course (c.CourseDirectory.course_id). "
        "Run deploy/install-course-env again, which installs it beside this file."
    )
c.CourseDirectory.course_id = (
    PyFileConfigLoader(course_config.name, str(course_config.parent)).load_config().CourseDirectory.course_id
)
# The hub sets TWO_READINGS_EXCHANGE for every server (deploy/jupyterhub_config.py).
c.Exchange.root = os.environ.get("TWO_READINGS_EXCHANGE", "/srv/nbgrader/exchange")
