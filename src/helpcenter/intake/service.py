"""Accepting a ticket: the Idempotency-Key rules, the reference, the SLA deadline, one durable write.

Plain functions of the domain, called by the web endpoint in a worker thread; no HTTP here.
Idempotency follows the IETF draft (draft-ietf-httpapi-idempotency-key-header): the same key with the same
ticket returns the first answer, also after a restart (it is stored with the ticket); with another ticket,
422; while the first request with that key is still being processed, 409 (in this process; on PostgreSQL
also in another instance, through a lock the storage takes in the ticket's transaction). Keys are kept
for `Settings.idempotency_retention` (24 hours by default), then forgotten.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from helpcenter.intake.references import new_reference
from helpcenter.intake.storage import DuplicateReference, KeyInProgress, NewTicket, Storage
from helpcenter.intake.tickets import FieldError, Rejected, Ticket
from helpcenter.policy.model import SupportPolicy
from helpcenter.policy.sla import SlaClock

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict
    replayed: bool  # the answer of an earlier request with the same key


class InProgress(Exception):
    """A request with the same Idempotency-Key is still being processed (409)."""


class Intake:
    def __init__(self, policy: SupportPolicy, storage: Storage, clock: Clock, rng: random.Random,
                 retention: timedelta) -> None:
        self.policy = policy
        self.storage = storage
        self.clock = clock
        self.rng = rng
        self.retention = retention
        self.sla = SlaClock(policy)
        self._in_flight: set[str] = set()
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Compute one deadline: the SLA clock's first use builds the public-holiday calendar (seconds on
        a busy machine), which would otherwise be paid by the first customer."""
        self.sla.first_response(self.clock(), self.policy.priorities[0].id)

    def submit(self, key: str, ticket: Ticket) -> Outcome:
        """Store the ticket (or find the first answer to `key`); raises Rejected(422) for a reused key with
        another ticket and InProgress while the same key is being processed."""
        with self._lock:
            if key in self._in_flight:
                raise InProgress(key)
            self._in_flight.add(key)
        try:
            return self._submit(key, ticket)
        finally:
            with self._lock:
                self._in_flight.discard(key)

    def _submit(self, key: str, ticket: Ticket) -> Outcome:
        now = self.clock()
        fingerprint = ticket.fingerprint()
        # One transaction: store the ticket, or find the first answer to this key (then nothing is stored).
        for _ in range(5):  # a clash of random references is rare; draw again
            answer = self.answer(new_reference(self.rng), ticket, now)
            new = NewTicket(answer["reference"], now.timestamp(), ticket.as_json(),
                            tuple((a.filename, a.content_type, a.data) for a in ticket.attachments))
            try:
                earlier = self.storage.store(key, fingerprint, new, answer, (now + self.retention).timestamp())
                break
            except DuplicateReference:
                continue
            except KeyInProgress:  # another instance sharing the database is storing this key
                raise InProgress(key) from None
        else:
            raise RuntimeError("could not draw an unused ticket reference")
        if earlier is None:
            return Outcome(201, answer, replayed=False)
        if earlier.fingerprint != fingerprint:
            raise Rejected(422, [FieldError("Idempotency-Key", "invalid",
                                            "this key was already used for another ticket; use a new key")])
        return Outcome(earlier.status, earlier.body, replayed=True)

    def answer(self, reference: str, ticket: Ticket, now: datetime) -> dict:
        """The 201 body: the reference, when it was received and, for a ticket the response times apply
        to, the first-response deadline computed with the SLA clock."""
        body = {"reference": reference, "received_at": _iso(now)}
        if ticket.category == self.policy.first_response.applies_to and ticket.impact:
            first = self.sla.first_response(now, ticket.impact)
            body["first_response"] = {"due": _iso(first.deadline), "window": first.moment.window}
        return body


def _iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
