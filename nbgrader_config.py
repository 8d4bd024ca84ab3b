"""nbgrader settings for a Jupyter server started at the repository root (`make lab`).

The formgrader and the Assignments tab read nbgrader_config.py from the folder
Jupyter starts in; the course's real settings live in course/nbgrader_config.py.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file
load_subconfig(os.path.join(os.path.dirname(os.path.abspath(__file__)), "course", "nbgrader_config.py"))  # noqa: F821
