"""Group commit: tickets submitted together share one transaction (one fsync), and each request is
answered only after the commit that holds its ticket; a failing write or commit loses nobody's answer."""

from __future__ import annotations

import threading
import time

import pytest

from helpcenter.intake.app import create_app
from helpcenter.intake.storage.group import GroupCommit
from helpcenter.intake.storage.sqlite import SqliteStorage
from intake_support import TestClient, general_question, key, seeded, settings_for

PREFIX = "/api/v1"


class RecordingStorage(SqliteStorage):
    """Records each commit (its references, when it ended); holds the first one until `release` is set."""

    def __init__(self, path) -> None:
        super().__init__(path)
        self.commits: list[tuple[set[str], float]] = []
        self.holding, self.release = threading.Event(), threading.Event()

    def store_batch(self, writes):
        if not self.holding.is_set():
            self.holding.set()
            assert self.release.wait(30)
        results = super().store_batch(writes)  # committed when it returns
        self.commits.append(({write.new.reference for write in writes}, time.monotonic()))
        return results


def test_concurrent_tickets_are_committed_together_and_each_answered_after_its_commit(tmp_path):
    storage = RecordingStorage(tmp_path / "outbox.sqlite3")
    storage.create_schema()
    app = create_app(settings_for(tmp_path), rng=seeded(), storage=storage)
    answered: dict[str, float] = {}
    statuses: list[int] = []
    lock = threading.Lock()

    def customer(client, number):
        response = client.post("/tickets", json=general_question(subject=f"ticket {number}"),
                               headers={"Idempotency-Key": key(number)})
        with lock:
            statuses.append(response.status_code)
            answered[response.json()["reference"]] = time.monotonic()

    with TestClient(app, base_url=f"http://intake{PREFIX}") as client:
        threads = [threading.Thread(target=customer, args=(client, number)) for number in range(8)]
        threads[0].start()
        assert storage.holding.wait(30), "the first ticket reached the writer"
        for thread in threads[1:]:
            thread.start()
        deadline = time.monotonic() + 30
        while storage.waiting_writes() < 7 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert storage.waiting_writes() == 7, "the other tickets wait while the first is being committed"
        assert not answered, "no answer before its commit"
        storage.release.set()
        for thread in threads:
            thread.join(30)
    assert statuses == [201] * 8
    assert [len(references) for references, _ in storage.commits] == [1, 7], "the 7 waiting ones: one commit"
    for references, committed_at in storage.commits:
        for reference in references:
            assert answered[reference] >= committed_at, f"{reference} was answered before its commit"
    assert storage.counts()["pending"] == 8


def test_a_failed_write_fails_only_its_caller_and_a_failed_commit_fails_its_whole_batch():
    gate = threading.Event()

    def write_batch(items):
        if "hold" in items:
            gate.wait(30)
        if "commit fails" in items:
            raise OSError("disk full")
        return [ValueError(item) if item == "bad" else item.upper() for item in items]

    group = GroupCommit(write_batch)
    try:
        assert group.submit("one") == "ONE"
        with pytest.raises(ValueError):
            group.submit("bad")
        held = group.submit_future("hold")
        deadline = time.monotonic() + 30
        while group.waiting() and time.monotonic() < deadline:  # the writer took it and waits at the gate
            time.sleep(0.01)
        together = [group.submit_future(item) for item in ("two", "commit fails")]
        gate.set()
        assert held.result(30) == "HOLD"
        assert [type(future.exception(30)) for future in together] == [OSError, OSError]
        assert group.submit("three") == "THREE", "the writer goes on after a failed commit"
    finally:
        group.close()
    with pytest.raises(RuntimeError):
        group.submit("after close")
