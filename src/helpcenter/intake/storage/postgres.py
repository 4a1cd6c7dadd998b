"""PostgreSQL storage: several service instances and workers share one database; workers claim
tickets with FOR UPDATE SKIP LOCKED, so no two of them hold the same ticket, and an Idempotency-Key being
stored by one instance is answered 409 by the others."""

from __future__ import annotations


from helpcenter.intake.storage.base import Storage


class PostgresStorage(Storage):
    placeholder = "%s"
    blob_type = "bytea"
    claim_lock = "FOR UPDATE SKIP LOCKED"
    # One writer thread would serialise every statement's round trip to the server: measured 6 times
    # slower than a transaction per ticket on the request threads, whose commits PostgreSQL already
    # flushes to the WAL together (bench/intake_load.py).
    group_commit = False

    def __init__(self, url: str) -> None:
        import psycopg  # the `postgres` extra; imported only when a PostgreSQL URL is configured

        self._psycopg = psycopg
        self.url = url
        super().__init__()

    def _open_connection(self):
        return self._psycopg.connect(self.url, autocommit=False)

    def _is_closed(self, connection) -> bool:
        return connection.closed

    def _begin(self, connection) -> None:
        """psycopg opens the transaction with the first statement."""

    def _is_unique_violation(self, error: Exception) -> bool:
        return isinstance(error, self._psycopg.errors.UniqueViolation)

    def _claim_key(self, run, key: str) -> bool:
        # A transaction-scoped advisory lock on the key's 64-bit hash, released by the commit: an instance
        # storing the same key meanwhile gets False (then 409) instead of waiting on the uncommitted row.
        return run("SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))", (key,)).fetchone()[0]
