"""End-to-end: a class of real system users on a real JupyterHub with nbgrader's exchange (needs root)."""
