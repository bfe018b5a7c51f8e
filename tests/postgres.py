"""A throwaway PostgreSQL server for the test suite, started from the machine's own binaries.

The server listens only on a Unix socket in a temporary folder, so tests never touch the
network and never collide with another cluster on the machine.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PORT = 54329


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if Path(folder, "initdb").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found (initdb/pg_ctl); `make test` installs them"
    )


def _run_as(user: str | None, args: list[str]) -> None:
    # initdb refuses to run as root, so as root the server runs as the postgres user.
    command = ["runuser", "-u", user, "--", *args] if user else args
    subprocess.run(command, check=True, capture_output=True, text=True)


@dataclass
class PostgresServer:
    root: Path
    bindir: Path
    user: str | None

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://techzone@/{database}?host={self.socket_dir}&port={PORT}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database: empty, or a copy of ``template`` (which must have no connections)."""
        copied = ["-T", template] if template else []
        _run_as(
            self.user,
            [
                str(self.bindir / "createdb"),
                "-h",
                str(self.socket_dir),
                "-p",
                str(PORT),
                "-U",
                "techzone",
                *copied,
                name,
            ],
        )
        return self.url(name)

    def stop(self) -> None:
        _run_as(
            self.user,
            [str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "stop"],
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_postgres() -> PostgresServer:
    bindir = _bindir()
    user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="techzone-pg-"))
    (root / "socket").mkdir()
    if user:
        entry = pwd.getpwnam(user)
        for path in (root, root / "socket"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    data = str(root / "data")
    _run_as(
        user, [str(bindir / "initdb"), "-D", data, "-U", "techzone", "-A", "trust", "-E", "UTF8"]
    )
    options = f"-p {PORT} -k {root / 'socket'} -c listen_addresses='' -c fsync=off"
    _run_as(
        user,
        [str(bindir / "pg_ctl"), "-D", data, "-o", options, "-l", str(root / "log"), "-w", "start"],
    )
    return PostgresServer(root=root, bindir=bindir, user=user)
