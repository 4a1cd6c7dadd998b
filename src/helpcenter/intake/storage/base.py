"""The outbox storage, one implementation per engine sharing this SQL: tickets, files, attempts, keys.

A ticket, its files and its Idempotency-Key are written in one transaction before the service answers;
with SQLite the tickets submitted at the same moment share that transaction (group commit, `group.py`).
Workers claim a ticket with a lease (`claim`), send it, then `finish` the attempt. Times are seconds since
the epoch (UTC), the same in both engines. Every method is synchronous; the web app calls them in a
thread pool. The readers' votes share the database (`feedback.py`).
"""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

from helpcenter.intake.storage import feedback
from helpcenter.intake.storage.group import GroupCommit

PENDING, SENT, FAILED = "pending", "sent", "failed"
STATES = (PENDING, SENT, FAILED)


class DuplicateReference(Exception):
    """The generated reference exists already (the caller draws another)."""


class KeyInProgress(Exception):
    """Another instance is storing a ticket with this Idempotency-Key right now (409)."""


@dataclass(frozen=True)
class NewTicket:
    reference: str
    created_at: float
    ticket: dict  # the contract's JSON
    attachments: tuple[tuple[str, str, bytes], ...]  # (file name, content type, data)


@dataclass(frozen=True)
class Write:
    """One call of `Storage.store`, waiting for its group commit."""

    key: str
    fingerprint: str
    new: NewTicket
    answer: dict
    expires_at: float


@dataclass(frozen=True)
class Answer:
    """The stored answer to an Idempotency-Key."""

    fingerprint: str
    status: int
    body: dict


@dataclass(frozen=True)
class Claimed:
    """A ticket a worker holds until `lease_until`."""

    reference: str
    ticket: dict
    attempts: int  # attempts already made
    remote_id: str | None  # set once the remote side is known to hold it (e.g. a Jira issue key)
    attachments: tuple[tuple[str, str, bytes], ...]


@dataclass(frozen=True)
class Attempt:
    number: int
    started_at: float
    finished_at: float
    outcome: str  # sent, retry, failed
    detail: str  # what happened, without personal data


@dataclass(frozen=True)
class TicketRecord:
    reference: str
    created_at: float
    state: str
    attempts: int
    next_attempt_at: float
    remote_id: str | None
    last_error: str | None
    ticket: dict
    files: tuple[tuple[str, str, int], ...] = ()  # (file name, content type, size)
    history: tuple[Attempt, ...] = ()


class Storage(feedback.FeedbackVotes, ABC):
    """One class per engine; `placeholder` and the few engine-specific statements differ."""

    placeholder = "%s"
    blob_type = "bytea"
    claim_lock = ""
    # True: `store` goes through one writer thread that commits the waiting tickets together (an engine
    # with one writer at a time, SQLite). False: each call has its own transaction on its thread's
    # connection, and the server flushes concurrent commits together itself (PostgreSQL).
    group_commit = True

    # -- engine specifics --------------------------------------------------------------------------

    @abstractmethod
    def _begin(self, connection) -> None:
        """Start a write transaction."""

    @abstractmethod
    def _is_unique_violation(self, error: Exception) -> bool: ...

    def __init__(self) -> None:
        self._group: GroupCommit | None = None  # the writer, started by the first `store`
        self._writer_lock = threading.Lock()
        self._local = threading.local()  # one connection per thread
        self._opened: list = []  # every connection opened, closed by `close`
        self._opened_lock = threading.Lock()

    def close(self) -> None:
        """Commit the writes still queued, stop the writer, close the connections opened by this object."""
        with self._writer_lock:
            group, self._group = self._group, None
        if group is not None:
            group.close()
        self._close_connections()

    @abstractmethod
    def _open_connection(self):
        """A new connection to the database, set up for this storage."""

    def _is_closed(self, connection) -> bool:
        return False

    def _connection(self):
        """The calling thread's connection, opened on its first use (and again if it was closed)."""
        connection = getattr(self._local, "connection", None)
        if connection is None or self._is_closed(connection):
            connection = self._open_connection()
            self._local.connection = connection
            with self._opened_lock:
                self._opened.append(connection)
        return connection

    def _close_connections(self) -> None:
        with self._opened_lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()
        self._local = threading.local()

    # -- plumbing ----------------------------------------------------------------------------------

    def _sql(self, statement: str) -> str:
        return statement.replace("%s", self.placeholder).replace("{blob}", self.blob_type)

    @contextmanager
    def _transaction(self) -> Iterator:
        connection = self._connection()
        self._begin(connection)
        cursor = connection.cursor()
        try:
            yield lambda statement, params=(): cursor.execute(self._sql(statement), params) or cursor
            connection.commit()
        except BaseException:
            connection.rollback()
            raise

    def create_schema(self) -> None:
        with self._transaction() as run:
            for statement in SCHEMA + feedback.SCHEMA:
                run(statement)

    def ping(self) -> None:
        with self._transaction() as run:
            run("SELECT 1").fetchone()

    # -- intake ------------------------------------------------------------------------------------

    def answer_for(self, key: str, now: float) -> Answer | None:
        with self._transaction() as run:
            row = run("SELECT fingerprint, status, response FROM idempotency_keys WHERE key = %s AND expires_at > %s",
                      (key, now)).fetchone()
        return Answer(row[0], row[1], json.loads(row[2])) if row else None

    def store(self, key: str, fingerprint: str, new: NewTicket, answer: dict, expires_at: float) -> Answer | None:
        """Store the ticket, its files and the key's answer and return None once they are committed. If the
        key is already known (and not expired), store nothing and return the first answer instead. Raises
        DuplicateReference if the reference exists, KeyInProgress if another instance is storing this key.

        With `group_commit`, concurrent calls are committed together: one transaction and one fsync for
        all the tickets waiting at that moment; each call returns only after the commit holding its ticket."""
        write = Write(key, fingerprint, new, answer, expires_at)
        if self.group_commit:
            return self._writer().submit(write)
        try:
            with self._transaction() as run:
                return self._store_one(run, write)
        except Exception as error:
            if self._is_unique_violation(error):
                raise DuplicateReference(new.reference) from None
            raise

    def waiting_writes(self) -> int:
        """How many `store` calls wait for the next group commit (for tests and monitoring)."""
        with self._writer_lock:
            return self._group.waiting() if self._group else 0

    def _writer(self) -> GroupCommit:
        with self._writer_lock:
            if self._group is None:
                self._group = GroupCommit(self.store_batch, name=f"{type(self).__name__}-writer")
            return self._group

    def store_batch(self, writes: Sequence[Write]) -> list[object]:
        """Commit `writes` in one transaction, now, in the calling thread (the group-commit writer calls
        this); each in its own savepoint, so one that fails (a reference drawn twice) leaves the others in. Returns
        each write's result or exception, after the commit."""
        results: list[object] = []
        with self._transaction() as run:
            for write in writes:
                run("SAVEPOINT ticket")
                try:
                    results.append(self._store_one(run, write))
                except Exception as error:
                    run("ROLLBACK TO SAVEPOINT ticket")
                    if self._is_unique_violation(error):
                        error = DuplicateReference(write.new.reference)
                    results.append(error)
                run("RELEASE SAVEPOINT ticket")
        return results

    def _store_one(self, run, write: Write) -> Answer | None:
        key, new = write.key, write.new
        if not self._claim_key(run, key):
            raise KeyInProgress(key)
        run("DELETE FROM idempotency_keys WHERE key = %s AND expires_at <= %s", (key, new.created_at))
        inserted = run("INSERT INTO idempotency_keys (key, fingerprint, status, response, reference, "
                       "created_at, expires_at) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO NOTHING",
                       (key, write.fingerprint, 201, json.dumps(write.answer), new.reference, new.created_at,
                        write.expires_at)).rowcount
        if inserted == 0:  # another request with this key was committed first
            row = run("SELECT fingerprint, status, response FROM idempotency_keys WHERE key = %s", (key,)).fetchone()
            return Answer(row[0], row[1], json.loads(row[2]))
        run("INSERT INTO tickets (reference, created_at, state, attempts, next_attempt_at, ticket) "
            "VALUES (%s, %s, %s, 0, %s, %s)",
            (new.reference, new.created_at, PENDING, new.created_at, json.dumps(new.ticket, ensure_ascii=False)))
        for position, (name, content_type, data) in enumerate(new.attachments):
            run("INSERT INTO attachments (reference, position, filename, content_type, size, data) "
                "VALUES (%s, %s, %s, %s, %s, %s)", (new.reference, position, name, content_type, len(data), data))
        return None

    def _claim_key(self, run, key: str) -> bool:
        """False if another instance is storing `key` right now. The default suits an engine with one
        writer at a time (SQLite): another process waits for the commit, then finds the first answer."""
        return True

    def purge_keys(self, now: float) -> int:
        """Forget the keys older than their retention; returns how many."""
        with self._transaction() as run:
            return run("DELETE FROM idempotency_keys WHERE expires_at <= %s", (now,)).rowcount

    # -- forwarding --------------------------------------------------------------------------------

    def claim(self, worker: str, now: float, lease_until: float) -> Claimed | None:
        """Take the pending ticket due first that no other worker holds; hold it until `lease_until`."""
        with self._transaction() as run:
            row = run("UPDATE tickets SET lease_owner = %s, lease_until = %s WHERE reference = ("
                      " SELECT reference FROM tickets WHERE state = 'pending' AND next_attempt_at <= %s"
                      " AND (lease_until IS NULL OR lease_until < %s) ORDER BY next_attempt_at LIMIT 1"
                      f" {self.claim_lock}) RETURNING reference, ticket, attempts, remote_id",
                      (worker, lease_until, now, now)).fetchone()
            if row is None:
                return None
            files = run("SELECT filename, content_type, data FROM attachments WHERE reference = %s ORDER BY position",
                        (row[0],)).fetchall()
        return Claimed(row[0], json.loads(row[1]), row[2], row[3],
                       tuple((name, kind, bytes(data)) for name, kind, data in files))

    def note_remote_id(self, reference: str, remote_id: str) -> None:
        """Record as soon as it is known that the remote side holds the ticket (before files are sent)."""
        with self._transaction() as run:
            run("UPDATE tickets SET remote_id = %s WHERE reference = %s", (remote_id, reference))

    def finish(self, worker: str, reference: str, attempt: Attempt, next_attempt_at: float | None = None) -> bool:
        """Record an attempt and its outcome: sent, retry (at `next_attempt_at`) or failed. Returns False
        if this worker no longer held the ticket (its lease ran out and another worker took it)."""
        state = {"sent": SENT, "retry": PENDING, "failed": FAILED}[attempt.outcome]
        with self._transaction() as run:
            held = run("UPDATE tickets SET state = %s, attempts = attempts + 1, next_attempt_at = %s, "
                       "last_error = %s, lease_owner = NULL, lease_until = NULL "
                       "WHERE reference = %s AND lease_owner = %s",
                       (state, next_attempt_at if next_attempt_at is not None else attempt.finished_at,
                        None if attempt.outcome == "sent" else attempt.detail, reference, worker)).rowcount
            if held:
                run("INSERT INTO attempts (reference, number, started_at, finished_at, outcome, detail) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    (reference, attempt.number, attempt.started_at, attempt.finished_at, attempt.outcome,
                     attempt.detail))
        return bool(held)

    def requeue(self, reference: str, now: float) -> bool:
        """Send a ticket again as soon as possible (the CLI's retry)."""
        with self._transaction() as run:
            return bool(run("UPDATE tickets SET state = 'pending', next_attempt_at = %s, lease_owner = NULL, "
                            "lease_until = NULL WHERE reference = %s AND state <> 'sent'",
                            (now, reference)).rowcount)

    # -- reading -----------------------------------------------------------------------------------

    def tickets(self, state: str | None = None, limit: int = 100) -> list[TicketRecord]:
        where, params = ("WHERE state = %s", (state,)) if state else ("", ())
        with self._transaction() as run:
            rows = run(f"SELECT reference, created_at, state, attempts, next_attempt_at, remote_id, last_error, ticket "
                       f"FROM tickets {where} ORDER BY created_at DESC, reference LIMIT {int(limit)}", params).fetchall()
        return [TicketRecord(*row[:7], json.loads(row[7])) for row in rows]

    def ticket(self, reference: str) -> TicketRecord | None:
        with self._transaction() as run:
            row = run("SELECT reference, created_at, state, attempts, next_attempt_at, remote_id, last_error, ticket "
                      "FROM tickets WHERE reference = %s", (reference,)).fetchone()
            if row is None:
                return None
            files = run("SELECT filename, content_type, size FROM attachments WHERE reference = %s ORDER BY position",
                        (reference,)).fetchall()
            attempts = run("SELECT number, started_at, finished_at, outcome, detail FROM attempts "
                           "WHERE reference = %s ORDER BY number", (reference,)).fetchall()
        return TicketRecord(*row[:7], json.loads(row[7]), tuple(map(tuple, files)),
                            tuple(Attempt(*attempt) for attempt in attempts))

    def counts(self) -> dict[str, int]:
        with self._transaction() as run:
            rows = run("SELECT state, COUNT(*) FROM tickets GROUP BY state").fetchall()
        return {state: 0 for state in STATES} | {state: count for state, count in rows}


SCHEMA = (
    """CREATE TABLE IF NOT EXISTS tickets (
        reference TEXT PRIMARY KEY,
        created_at DOUBLE PRECISION NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at DOUBLE PRECISION NOT NULL,
        lease_owner TEXT,
        lease_until DOUBLE PRECISION,
        remote_id TEXT,
        last_error TEXT,
        ticket TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS tickets_due ON tickets (next_attempt_at) WHERE state = 'pending'",
    "CREATE INDEX IF NOT EXISTS tickets_created ON tickets (created_at)",
    """CREATE TABLE IF NOT EXISTS attachments (
        reference TEXT NOT NULL REFERENCES tickets (reference),
        position INTEGER NOT NULL,
        filename TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        data {blob} NOT NULL,
        PRIMARY KEY (reference, position))""",
    """CREATE TABLE IF NOT EXISTS attempts (
        reference TEXT NOT NULL REFERENCES tickets (reference),
        number INTEGER NOT NULL,
        started_at DOUBLE PRECISION NOT NULL,
        finished_at DOUBLE PRECISION NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (reference, number))""",
    """CREATE TABLE IF NOT EXISTS idempotency_keys (
        key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        status INTEGER NOT NULL,
        response TEXT NOT NULL,
        reference TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency_keys (expires_at)",
)
