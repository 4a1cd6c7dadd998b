"""Readers' votes, in the same database as the tickets (a part of `Storage`, the same SQL on both engines).

A vote holds the page, its language, yes or no, an optional comment and the hour it arrived: no
address, no browser, nothing that tells who voted. Its `id` (drawn by the widget once per page view)
makes a retry harmless, lets the comment written after a "no" join the vote already counted, and lets a
reader who answers again (after a post that seemed to fail but was stored) change the vote instead of
counting twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpcenter.intake.feedback import Vote


class VoteConflict(Exception):
    """The vote's id is already taken by a vote on another page or language (422)."""


@dataclass(frozen=True)
class VoteRecord:
    received_at: float  # seconds since the epoch, to the hour
    page: str
    language: str
    helpful: bool
    comment: str | None


class FeedbackVotes:
    """Mixed into `Storage`, which provides `_transaction`."""

    def store_vote(self, vote: Vote, received_at: float) -> None:
        """Store the vote once committed. The same id again is the same reader on the same page view:
        the latest answer and comment replace the stored ones, except that a post without a comment
        keeps the comment of an unchanged answer (a retry of the bare vote). Raises VoteConflict if the
        id holds a vote on another page or language."""
        with self._transaction() as run:
            inserted = run("INSERT INTO feedback (id, received_at, page, language, helpful, comment) "
                           "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                           (vote.id, received_at, vote.page, vote.language, int(vote.helpful), vote.comment)).rowcount
            if inserted:
                return
            page, language, helpful, comment = run("SELECT page, language, helpful, comment FROM feedback "
                                                   "WHERE id = %s", (vote.id,)).fetchone()
            if (page, language) != (vote.page, vote.language):
                raise VoteConflict(vote.id)
            kept = comment if vote.comment is None and bool(helpful) == vote.helpful else vote.comment
            if (bool(helpful), comment) != (vote.helpful, kept):
                run("UPDATE feedback SET helpful = %s, comment = %s WHERE id = %s",
                    (int(vote.helpful), kept, vote.id))

    def votes(self, since: float | None = None, until: float | None = None) -> list[VoteRecord]:
        """The votes received from `since` (included) to `until` (excluded), oldest first."""
        bounds = [(f"received_at {operator} %s", value) for operator, value in ((">=", since), ("<", until))
                  if value is not None]
        where = "WHERE " + " AND ".join(condition for condition, _ in bounds) if bounds else ""
        with self._transaction() as run:
            rows = run(f"SELECT received_at, page, language, helpful, comment FROM feedback {where} "
                       "ORDER BY received_at, page, language", tuple(value for _, value in bounds)).fetchall()
        return [VoteRecord(at, page, language, bool(helpful), comment) for at, page, language, helpful, comment in rows]


SCHEMA = (
    """CREATE TABLE IF NOT EXISTS feedback (
        id TEXT PRIMARY KEY,
        received_at DOUBLE PRECISION NOT NULL,
        page TEXT NOT NULL,
        language TEXT NOT NULL,
        helpful INTEGER NOT NULL,
        comment TEXT)""",
    "CREATE INDEX IF NOT EXISTS feedback_received ON feedback (received_at)",
)
