"""One storage test suite, run against SQLite and against a real PostgreSQL (a temporary cluster the
session starts and stops): keys, tickets and files in one transaction, claims, attempts, restarts, two
workers forwarding concurrently without sending any ticket twice, and the readers' votes."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest

from helpcenter.intake.connectors import Delivered, TemporaryFailure
from helpcenter.intake.outbox import Forwarder, RetryPolicy
from helpcenter.intake.service import utc_now
from helpcenter.intake.feedback import Vote
from helpcenter.intake.storage import (
    Attempt, DuplicateReference, KeyInProgress, NewTicket, VoteConflict, Write, open_storage,
)
from helpcenter.intake.storage.postgres import PostgresStorage
from intake_support import general_question, seeded
from postgres_cluster import INSTALL_HINT, create_database, postgres_bin, temporary_cluster

_databases = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    if postgres_bin() is None:
        pytest.fail(f"the storage tests need PostgreSQL; {INSTALL_HINT}", pytrace=False)
    with temporary_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    return create_database(request.getfixturevalue("postgres_server"), f"test_{next(_databases)}")


@pytest.fixture
def storage(database_url):
    storage = open_storage(database_url)
    yield storage
    storage.close()


def new(reference: str, at: float = 1000.0, files=()) -> NewTicket:
    return NewTicket(reference, at, general_question(), tuple(files))


def test_a_ticket_its_files_and_its_key_are_stored_together(storage):
    files = (("a.png", "image/png", b"\x89PNG" + bytes(range(256))), ("b.log", "text/plain", b"line\n"))
    assert storage.store("key-1", "fp", new("HD-AAAA-0001", files=files), {"reference": "HD-AAAA-0001"}, 2000) is None
    assert storage.answer_for("key-1", 1500).body == {"reference": "HD-AAAA-0001"}
    record = storage.ticket("HD-AAAA-0001")
    assert record.state == "pending" and record.ticket == general_question()
    assert record.files == (("a.png", "image/png", 260), ("b.log", "text/plain", 5))
    claimed = storage.claim("w", 1000, 1300)
    assert claimed.attachments == files


def test_a_known_key_stores_nothing_and_returns_the_first_answer(storage):
    storage.store("key-1", "fp1", new("HD-AAAA-0001"), {"reference": "HD-AAAA-0001"}, 2000)
    earlier = storage.store("key-1", "fp2", new("HD-AAAA-0002"), {"reference": "HD-AAAA-0002"}, 2000)
    assert (earlier.fingerprint, earlier.status, earlier.body) == ("fp1", 201, {"reference": "HD-AAAA-0001"})
    assert storage.ticket("HD-AAAA-0002") is None
    assert storage.counts() == {"pending": 1, "sent": 0, "failed": 0}


def test_an_expired_key_is_forgotten(storage):
    storage.store("key-1", "fp", new("HD-AAAA-0001"), {}, expires_at=2000)
    assert storage.answer_for("key-1", 2000) is None
    storage.store("key-2", "fp", new("HD-AAAA-0002"), {}, expires_at=2000)
    assert storage.purge_keys(now=2001) == 2
    assert storage.store("key-1", "fp", new("HD-AAAA-0003", at=2001), {}, 3000) is None


def test_a_reference_drawn_twice_is_reported(storage):
    storage.store("key-1", "fp", new("HD-AAAA-0001"), {}, 2000)
    with pytest.raises(DuplicateReference):
        storage.store("key-2", "fp", new("HD-AAAA-0001"), {}, 2000)
    assert storage.answer_for("key-2", 1000) is None, "the failed transaction left no key behind"


def test_tickets_committed_together_each_keep_their_own_outcome(storage):
    storage.store("key-0", "fp0", new("HD-AAAA-0000"), {"reference": "HD-AAAA-0000"}, 9999)
    results = storage.store_batch([
        Write("key-1", "fp1", new("HD-AAAA-0001"), {"reference": "HD-AAAA-0001"}, 9999),
        Write("key-2", "fp2", new("HD-AAAA-0000"), {"reference": "HD-AAAA-0000"}, 9999),  # reference taken
        Write("key-0", "fp9", new("HD-AAAA-0003"), {"reference": "HD-AAAA-0003"}, 9999),  # key known
        Write("key-4", "fp4", new("HD-AAAA-0004", files=[("a.txt", "text/plain", b"x")]), {}, 9999),
    ])
    assert results[0] is None and results[3] is None
    assert isinstance(results[1], DuplicateReference)
    assert results[2].body == {"reference": "HD-AAAA-0000"}
    assert storage.answer_for("key-2", 1000) is None, "the failed write left nothing behind"
    assert {t.reference for t in storage.tickets()} == {"HD-AAAA-0000", "HD-AAAA-0001", "HD-AAAA-0004"}
    assert storage.ticket("HD-AAAA-0004").files == (("a.txt", "text/plain", 1),)


class HoldingStorage(PostgresStorage):
    """Stops inside the transaction of its first ticket until `release` is set: an instance mid-commit."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.inside, self.release = threading.Event(), threading.Event()

    def _store_one(self, run, write):
        result = super()._store_one(run, write)
        self.inside.set()
        assert self.release.wait(30)
        return result


def test_a_key_being_stored_by_another_instance_is_in_progress_on_postgresql(postgres_server):
    url = create_database(postgres_server, f"test_{next(_databases)}")
    first, other = HoldingStorage(url), open_storage(url)
    first.create_schema()
    thread = threading.Thread(target=first.store,
                              args=("key-1", "fp", new("HD-AAAA-0001"), {"reference": "HD-AAAA-0001"}, 9999))
    thread.start()
    try:
        assert first.inside.wait(30)
        with pytest.raises(KeyInProgress):
            other.store("key-1", "fp", new("HD-BBBB-0001"), {"reference": "HD-BBBB-0001"}, 9999)
        assert other.store("key-2", "fp", new("HD-BBBB-0002"), {}, 9999) is None, "other keys go on"
    finally:
        first.release.set()
        thread.join(30)
    assert other.store("key-1", "fp", new("HD-BBBB-0003"), {}, 9999).body == {"reference": "HD-AAAA-0001"}
    assert other.counts()["pending"] == 2
    first.close()
    other.close()


def test_claims_lease_a_ticket_to_one_worker_until_it_finishes_or_the_lease_ends(storage):
    storage.store("k1", "fp", new("HD-AAAA-0001", at=1000), {}, 9999)
    storage.store("k2", "fp", new("HD-AAAA-0002", at=1001), {}, 9999)
    first = storage.claim("a", now=1002, lease_until=1100)
    second = storage.claim("b", now=1002, lease_until=1100)
    assert (first.reference, second.reference) == ("HD-AAAA-0001", "HD-AAAA-0002")
    assert storage.claim("c", now=1002, lease_until=1100) is None
    # a's lease runs out: c takes the ticket over, and a's late result is not recorded
    assert storage.claim("c", now=1101, lease_until=1200).reference == "HD-AAAA-0001"
    assert not storage.finish("a", "HD-AAAA-0001", Attempt(1, 1002, 1150, "sent", "late"))
    assert storage.finish("c", "HD-AAAA-0001", Attempt(1, 1101, 1102, "sent", "created HD-1"))
    assert storage.finish("b", "HD-AAAA-0002", Attempt(1, 1002, 1003, "retry", "HTTP 503"), next_attempt_at=1500)
    assert storage.claim("d", now=1400, lease_until=1500) is None, "not due before its next attempt"
    retried = storage.claim("d", now=1500, lease_until=1600)
    assert (retried.reference, retried.attempts) == ("HD-AAAA-0002", 1)
    storage.finish("d", "HD-AAAA-0002", Attempt(2, 1500, 1501, "failed", "HTTP 400"))
    record = storage.ticket("HD-AAAA-0002")
    assert (record.state, record.attempts, record.last_error) == ("failed", 2, "HTTP 400")
    assert [(a.number, a.outcome, a.detail) for a in record.history] == [(1, "retry", "HTTP 503"), (2, "failed", "HTTP 400")]
    assert [t.reference for t in storage.tickets(state="sent")] == ["HD-AAAA-0001"]


def test_retry_requeues_a_failed_ticket_and_remote_ids_are_kept(storage):
    storage.store("k1", "fp", new("HD-AAAA-0001"), {}, 9999)
    storage.claim("a", 1000, 1100)
    storage.note_remote_id("HD-AAAA-0001", "SUP-7")
    storage.finish("a", "HD-AAAA-0001", Attempt(1, 1000, 1001, "failed", "HTTP 400"))
    assert storage.requeue("HD-AAAA-0001", now=2000)
    claimed = storage.claim("b", 2000, 2100)
    assert (claimed.reference, claimed.remote_id, claimed.attempts) == ("HD-AAAA-0001", "SUP-7", 1)
    storage.finish("b", "HD-AAAA-0001", Attempt(2, 2000, 2001, "sent", "ok"))
    assert not storage.requeue("HD-AAAA-0001", now=3000), "a sent ticket is not sent again"
    assert not storage.requeue("HD-NONE-0000", now=3000)


def test_everything_survives_a_restart(database_url):
    first = open_storage(database_url)
    first.store("k1", "fp", new("HD-AAAA-0001", files=[("a.txt", "text/plain", b"x")]), {"reference": "HD-AAAA-0001"}, 9999)
    first.close()
    again = open_storage(database_url)
    try:
        assert again.answer_for("k1", 1000).body == {"reference": "HD-AAAA-0001"}
        assert again.ticket("HD-AAAA-0001").files == (("a.txt", "text/plain", 1),)
    finally:
        again.close()


class CountingConnector:
    """Counts sends per reference; slow enough that two workers overlap."""

    name = "counting"

    def __init__(self, fail_first: set[str] = frozenset()) -> None:
        self.sent: Counter[str] = Counter()
        self.by_worker: Counter[str] = Counter()
        self.fail_first = set(fail_first)
        self.lock = threading.Lock()

    def send(self, ticket, note_remote_id):
        time.sleep(0.002)
        with self.lock:
            if ticket.reference in self.fail_first:
                self.fail_first.discard(ticket.reference)
                raise TemporaryFailure("HTTP 503", retry_after=0)
            self.sent[ticket.reference] += 1
            self.by_worker[threading.current_thread().name] += 1
        return Delivered(f"R-{ticket.reference}", "sent")

    def close(self):
        pass


def test_two_workers_forward_concurrently_and_send_no_ticket_twice(database_url):
    storage = open_storage(database_url)
    references = [f"HD-CONC-{n:04d}" for n in range(60)]
    for n, reference in enumerate(references):
        storage.store(f"k{n}", "fp", new(reference, at=time.time() - 1), {}, time.time() + 3600)
    connector = CountingConnector(fail_first=set(references[::10]))
    retry = RetryPolicy(base=timedelta(milliseconds=1))
    stop = threading.Event()
    workers = [threading.Thread(target=Forwarder(open_storage(database_url), connector, utc_now, seeded(), retry,
                                                 f"worker-{n}").run, args=(stop, 0.01), name=f"worker-{n}")
               for n in range(2)]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 30
    while storage.counts()["sent"] < len(references) and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for worker in workers:
        worker.join()
    assert storage.counts() == {"pending": 0, "sent": 60, "failed": 0}
    assert sorted(connector.sent) == references and set(connector.sent.values()) == {1}
    assert set(connector.by_worker) == {"worker-0", "worker-1"}, "both workers took part"
    details = {attempt.detail for ref in references for attempt in storage.ticket(ref).history}
    assert details == {"sent", "HTTP 503"}
    storage.close()


def test_votes_are_stored_once_with_their_comment_and_read_by_period(storage):
    no = Vote("vote-0001", "faq/products/", "de", False)
    storage.store_vote(no, 3600.0)
    storage.store_vote(Vote("vote-0001", "faq/products/", "de", False, "Zu kurz"), 3600.0)
    storage.store_vote(no, 3600.0)  # a retry without the comment keeps it
    storage.store_vote(Vote("vote-0002", "guide/", "fr", True), 7200.0)
    with pytest.raises(VoteConflict):
        storage.store_vote(Vote("vote-0001", "faq/", "de", False), 3600.0)
    assert [(vote.page, vote.helpful, vote.comment) for vote in storage.votes()] == [
        ("faq/products/", False, "Zu kurz"), ("guide/", True, None)]
    assert [vote.page for vote in storage.votes(since=7200.0)] == ["guide/"]
    assert [vote.page for vote in storage.votes(until=7200.0)] == ["faq/products/"]


def test_another_answer_with_the_same_id_replaces_the_vote(storage):
    storage.store_vote(Vote("vote-0003", "guide/", "it", True), 3600.0)  # stored, though the reader saw a failure
    storage.store_vote(Vote("vote-0003", "guide/", "it", False), 3600.0)
    storage.store_vote(Vote("vote-0003", "guide/", "it", False, "Manca un esempio"), 3600.0)
    storage.store_vote(Vote("vote-0003", "guide/", "it", False, "Manca un esempio completo"), 3600.0)
    assert [(vote.helpful, vote.comment) for vote in storage.votes()] == [(False, "Manca un esempio completo")]
    storage.store_vote(Vote("vote-0003", "guide/", "it", True), 3600.0)
    assert [(vote.helpful, vote.comment) for vote in storage.votes()] == [(True, None)]
