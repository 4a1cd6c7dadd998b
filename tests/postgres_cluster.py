"""A temporary PostgreSQL cluster from Debian's `postgresql` package, on 127.0.0.1 and a free port.

The server refuses to run as root: as root, the folder is given to the `postgres` user and initdb/pg_ctl
run through `runuser -u postgres --`. The cluster and its folder are removed when the context ends.
Used by the storage tests (once per session) and by bench/intake_load.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

INSTALL_HINT = "install Debian's PostgreSQL: sudo apt-get install -y postgresql (or run `make test`, which does)"


def postgres_bin() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda path: int(path.parts[-3]))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def temporary_cluster(durable: bool = False) -> Iterator[str]:
    """Yields the URL of a superuser connection to the `postgres` database. `durable=False` turns fsync off
    (tests: a crash of our service, not of PostgreSQL, is what they simulate); the benchmark keeps it on."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError(f"PostgreSQL is not installed; {INSTALL_HINT}")
    folder = Path(tempfile.mkdtemp(prefix="helpcenter-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    run = lambda *command: subprocess.run([*as_postgres, *command], check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        run(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start")
    except subprocess.CalledProcessError as error:
        log = folder / "server.log"
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {error.stderr}"
                           f"{log.read_text() if log.exists() else ''}") from None
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server_url: str, name: str) -> str:
    """A new empty database on the cluster; returns its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"
