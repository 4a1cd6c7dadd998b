"""Forwarding workers: claim a pending ticket, send it with the connector, record the attempt.

Retries use exponential backoff with full jitter (a random delay between 0 and base * 2^attempts, capped),
and never sooner than a Retry-After the remote side asked for. Clock and randomness are injected.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from helpcenter.intake import logs
from helpcenter.intake.connectors import Connector, PermanentFailure, TemporaryFailure
from helpcenter.intake.service import Clock
from helpcenter.intake.storage import Attempt, Storage


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 20
    base: timedelta = timedelta(seconds=5)
    cap: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(minutes=5)  # longer than one attempt can take (timeouts included)

    def delay(self, attempts_made: int, rng: random.Random, retry_after: float | None) -> float:
        ceiling = min(self.cap.total_seconds(), self.base.total_seconds() * 2 ** (attempts_made - 1))
        delay = rng.uniform(0, ceiling)
        return max(delay, retry_after or 0)


class Forwarder:
    def __init__(self, storage: Storage, connector: Connector, clock: Clock, rng: random.Random,
                 retry: RetryPolicy, worker: str) -> None:
        self.storage = storage
        self.connector = connector
        self.clock = clock
        self.rng = rng
        self.retry = retry
        self.worker = worker

    def run_once(self) -> bool:
        """Forward one due ticket; False when none is due."""
        now = self.clock().timestamp()
        claimed = self.storage.claim(self.worker, now, now + self.retry.lease.total_seconds())
        if claimed is None:
            return False
        number = claimed.attempts + 1
        next_at = None
        try:
            delivered = self.connector.send(
                claimed, lambda remote_id: self.storage.note_remote_id(claimed.reference, remote_id))
            outcome, detail = "sent", delivered.detail
        except TemporaryFailure as failure:
            detail = failure.detail
            if number >= self.retry.max_attempts:
                outcome = "failed"
                detail += f" (gave up after {number} attempts)"
            else:
                outcome = "retry"
                delay = self.retry.delay(number, self.rng, failure.retry_after)
                next_at = self.clock().timestamp() + delay
        except PermanentFailure as failure:
            outcome, detail = "failed", failure.detail
        except Exception as error:  # a bug must not stop the worker: keep the ticket, retry later
            logs.log.exception("forward.crashed", extra={"reference": claimed.reference})
            outcome, detail = "retry", f"internal error: {type(error).__name__}"
            next_at = self.clock().timestamp() + self.retry.delay(number, self.rng, None)
        finished = self.clock().timestamp()
        self.storage.finish(self.worker, claimed.reference, Attempt(number, now, finished, outcome, detail), next_at)
        logs.event("forward.attempt", level=logging.INFO if outcome == "sent" else logging.WARNING,
                   reference=claimed.reference, attempt=number, outcome=outcome, connector=self.connector.name,
                   detail=detail, **({"delay_s": round(next_at - finished, 1)} if next_at else {}))
        return True

    def run(self, stop: threading.Event, idle_seconds: float = 0.5) -> None:
        """Forward until `stop` is set; sleeps `idle_seconds` when nothing is due."""
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception as error:  # the database is down: wait and try again
                logs.event("forward.storage_failed", level=logging.ERROR, worker=self.worker,
                           detail=type(error).__name__)
                busy = False
            if not busy:
                stop.wait(idle_seconds)


def start_workers(count: int, make: callable, name: str) -> tuple[threading.Event, list[threading.Thread]]:
    """Start `count` threads, each running `make(index).run(stop)`."""
    stop = threading.Event()
    threads = [threading.Thread(target=make(index).run, args=(stop,), name=f"{name}-{index}", daemon=True)
               for index in range(count)]
    for thread in threads:
        thread.start()
    return stop, threads


def wait_until_idle(storage: Storage, timeout: float = 10.0) -> None:
    """For tests and tools: wait until no ticket is pending."""
    deadline = time.monotonic() + timeout
    while storage.counts()["pending"] and time.monotonic() < deadline:
        time.sleep(0.05)
