"""SQLite storage: one file in WAL mode, nothing to install; one writer at a time, as SQLite allows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpcenter.intake.storage.base import Storage


class SqliteStorage(Storage):
    placeholder = "?"
    blob_type = "BLOB"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__()

    def _open_connection(self) -> sqlite3.Connection:
        # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE, so two writers
        # queue on the busy timeout instead of failing when they upgrade a read lock.
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        connection.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed ticket survives a power cut too, not only a crash of the service.
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        return connection

    def _begin(self, connection) -> None:
        connection.execute("BEGIN IMMEDIATE")

    def _is_unique_violation(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)
