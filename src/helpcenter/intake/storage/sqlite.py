"""SQLite storage: one file in WAL mode, nothing to install; one writer at a time, as SQLite allows."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from helpcenter.intake.storage.base import Storage


class SqliteStorage(Storage):
    placeholder = "?"
    blob_type = "BLOB"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__()
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE, so two writers
            # queue on the busy timeout instead of failing when they upgrade a read lock.
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed ticket survives a power cut too, not only a crash of the service.
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
            with self._lock:
                self._opened.append(connection)
        return connection

    def _begin(self, connection) -> None:
        connection.execute("BEGIN IMMEDIATE")

    def _is_unique_violation(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)

    def _close_connections(self) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()
        self._local = threading.local()
