"""Readers' votes, in the same database as the tickets (a part of `Storage`, the same SQL on both engines).

A vote holds the page, its language, yes or no, an optional comment and the hour it arrived: no
address, no browser, nothing that tells who voted. Its `id` (drawn by the widget) makes a retry
harmless, and lets the comment written after a "no" join the vote already counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpcenter.intake.feedback import Vote


class VoteConflict(Exception):
    """The vote's id is already taken by another page, language, answer or comment (422)."""


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
        """Store the vote once committed; the same vote again changes nothing, and a comment sent later
        with the vote's id is added to it. Raises VoteConflict if the id holds something else."""
        with self._transaction() as run:
            inserted = run("INSERT INTO feedback (id, received_at, page, language, helpful, comment) "
                           "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                           (vote.id, received_at, vote.page, vote.language, int(vote.helpful), vote.comment)).rowcount
            if inserted:
                return
            page, language, helpful, comment = run("SELECT page, language, helpful, comment FROM feedback "
                                                   "WHERE id = %s", (vote.id,)).fetchone()
            if (page, language, bool(helpful)) != (vote.page, vote.language, vote.helpful) or \
                    (vote.comment and comment not in (None, vote.comment)):
                raise VoteConflict(vote.id)
            if vote.comment and comment is None:
                run("UPDATE feedback SET comment = %s WHERE id = %s", (vote.comment, vote.id))

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
