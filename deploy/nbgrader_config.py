# nbgrader settings for every server on the hub: students' and the formgrader's.
# deploy/install-course-env puts this file in the environment's etc/jupyter/, where nbgrader
# finds it whatever folder a server starts in. The course folder's own nbgrader_config.py
# (course/nbgrader_config.py) adds the instructors' settings on top, for the formgrader.

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "two-readings"
# The hub sets TWO_READINGS_EXCHANGE for every server (deploy/jupyterhub_config.py).
c.Exchange.root = os.environ.get("TWO_READINGS_EXCHANGE", "/srv/nbgrader/exchange")
