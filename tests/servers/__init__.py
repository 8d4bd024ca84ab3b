"""Real servers started by the tests themselves (PostgreSQL, JupyterHub), on loopback only."""
