"""The real service (`helpcenter intake serve`, uvicorn) killed with SIGKILL during a burst of tickets, then
restarted: every ticket that got a 2xx is in the outbox, and a ticket retried with its Idempotency-Key
after the restart gets the first answer (or, if it never got one, exactly one ticket)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import httpx

from conftest import ROOT
from helpcenter.intake.storage import open_storage
from intake_support import contract_client, free_port, general_question, key


def start_service(database: str, port: int) -> subprocess.Popen:
    environment = {**os.environ, "HELPCENTER_INTAKE_POLICY": str(ROOT / "support.yml"),
                   "HELPCENTER_INTAKE_DATABASE_URL": database, "HELPCENTER_INTAKE_RATE_LIMIT": "off"}
    process = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "intake", "serve", "--port", str(port)],
                               env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.05)
        assert process.poll() is None, process.stderr.read()
    raise AssertionError("the service did not start")


def test_sigkill_during_a_burst_loses_no_acknowledged_ticket(tmp_path):
    database, port = f"sqlite:///{tmp_path / 'outbox.sqlite3'}", free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    service = start_service(database, port)
    acknowledged: dict[str, str] = {}  # Idempotency-Key -> reference, for every 201
    unanswered: list[str] = []
    lock, counter = threading.Lock(), iter(range(100_000))

    def customer():
        with contract_client(base, timeout=5) as client:
            while True:
                with lock:
                    number = next(counter)
                try:
                    response = client.post("/tickets", json=general_question(subject=f"ticket {number}"),
                                           headers={"Idempotency-Key": key(number)})
                except httpx.TransportError:
                    with lock:
                        unanswered.append(key(number))
                    return
                assert response.status_code == 201
                with lock:
                    acknowledged[key(number)] = response.json()["reference"]

    customers = [threading.Thread(target=customer) for _ in range(8)]
    for thread in customers:
        thread.start()
    while len(acknowledged) < 150 and service.poll() is None:
        time.sleep(0.01)
    service.send_signal(signal.SIGKILL)
    service.wait()
    for thread in customers:
        thread.join(10)
    assert len(acknowledged) >= 150 and unanswered

    service = start_service(database, port)
    try:
        storage = open_storage(database)
        references = {record.reference for record in storage.tickets(limit=100_000)}
        storage.close()
        assert set(acknowledged.values()) <= references, "a ticket that got a 201 was lost"
        with contract_client(base, timeout=5) as client:
            first_key, first_reference = next(iter(acknowledged.items()))
            number = int(first_key.rsplit("-", 1)[1])
            again = client.post("/tickets", json=general_question(subject=f"ticket {number}"),
                                headers={"Idempotency-Key": first_key})
            assert again.json()["reference"] == first_reference, "same key after a restart: the first answer"
            for lost in unanswered:  # the form retries a ticket that got no answer, with its key
                number = int(lost.rsplit("-", 1)[1])
                for _ in range(2):
                    assert client.post("/tickets", json=general_question(subject=f"ticket {number}"),
                                       headers={"Idempotency-Key": lost}).status_code == 201
        storage = open_storage(database)
        total = storage.counts()["pending"]
        storage.close()
        assert total == len(acknowledged) + len(unanswered), "one ticket per key, none twice"
    finally:
        service.terminate()
        service.wait(10)
