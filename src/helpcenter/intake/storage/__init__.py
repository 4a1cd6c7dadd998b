"""Where the outbox lives: `open_storage(url)` picks SQLite (sqlite:///PATH) or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from helpcenter.intake.storage.base import (  # noqa: F401 - the storage's public names
    FAILED, PENDING, SENT, STATES, Answer, Attempt, Claimed, DuplicateReference, KeyInProgress, NewTicket, Storage,
    TicketRecord, Write,
)
from helpcenter.intake.storage.feedback import VoteConflict, VoteRecord  # noqa: F401


def open_storage(url: str) -> Storage:
    """The storage for a database URL (checked by the settings), its tables created if missing."""
    if url.startswith("sqlite:///"):
        from helpcenter.intake.storage.sqlite import SqliteStorage

        storage = SqliteStorage(Path(url[len("sqlite:///"):]))
    else:
        from helpcenter.intake.storage.postgres import PostgresStorage

        storage = PostgresStorage(url)
    storage.create_schema()
    return storage
