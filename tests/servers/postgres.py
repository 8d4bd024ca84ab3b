"""A throw-away PostgreSQL server from the system's packages, on a loopback port, in a temporary folder.

PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` system user that Debian's package creates. The database trusts
loopback connections (it lives only as long as the test) and is stopped and
deleted afterwards, whatever happens.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .ports import free_port

DATABASE = "two_readings"
USER = "grader"


def find_bin_dir() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<newest>/bin."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return candidates[-1].parent if candidates else None


@dataclass
class PostgresServer:
    bin_dir: Path
    folder: Path
    port: int
    run_as: str | None  # the system user the server runs as (None: ourselves)

    @property
    def url(self) -> str:
        return self.url_of(DATABASE)

    def url_of(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database on this server; its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, name)
        return self.url_of(name)

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        argv = [str(self.bin_dir / command[0]), *command[1:]]
        if self.run_as:
            argv = ["runuser", "-u", self.run_as, "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=self.folder)
        if result.returncode != 0:
            log = self.folder / "server.log"
            raise RuntimeError(
                f"{' '.join(command)} failed: {result.stderr.strip()}\n{log.read_text() if log.exists() else ''}"
            )
        return result

    @classmethod
    def start(cls, bin_dir: Path) -> PostgresServer:
        run_as = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError(
                    "running as root, but there is no `postgres` system user to run PostgreSQL as"
                ) from None
            run_as = "postgres"
        folder = Path(tempfile.mkdtemp(prefix="readinglab-postgres-"))
        if run_as:
            shutil.chown(folder, user=run_as)
        server = cls(bin_dir, folder, free_port(), run_as)
        server._run(
            "initdb", "-D", str(folder / "data"), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"
        )
        server._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(folder / "data"),
            "-l",
            str(folder / "server.log"),
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c fsync=off",
        )
        server.create_database(DATABASE)
        return server

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.folder / "data"))
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
