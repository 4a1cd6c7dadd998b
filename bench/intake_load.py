"""Load on the helpdesk API: a bounded burst of concurrent tickets on loopback, with SQLite and PostgreSQL.

Starts `helpcenter intake serve` (one uvicorn process, no connector, rate limit off) on 127.0.0.1, sends
TICKETS tickets from CONCURRENCY concurrent clients, prints tickets/s and latency percentiles, then checks
by counting that every ticket got a 201 with its own reference and is in the outbox: nothing lost.
PostgreSQL runs in a temporary cluster from Debian's package, with fsync on.

Then the storage alone, in this process (less sensitive to a busy machine than HTTP on loopback): the
same number of threads store tickets durably, once with group commit and once with one transaction per
ticket; it prints tickets/s, commits/s and tickets per commit. The service uses group commit with SQLite
and a transaction per ticket with PostgreSQL (`Storage.group_commit`, chosen from these figures). Each
figure is printed with the machine's load average at that moment, and the HTTP run the CPU time the
service used per ticket (a figure that a busy machine disturbs less).

    .venv/bin/python bench/intake_load.py [--tickets 2000] [--concurrency 32] [--only sqlite|postgresql]
                                          [--part http|storage]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from postgres_cluster import create_database, temporary_cluster  # noqa: E402

from helpcenter.intake.storage import NewTicket, open_storage  # noqa: E402


def ticket(number: int) -> dict:
    return {"category": "technical-assistance", "product": "lightning-alert", "impact": "high",
            "subject": f"Load test ticket {number}", "description": "No alert since this morning. " * 10,
            "contact": {"name": "Load Test", "email": f"load{number}@example.com"},
            "ticket_language": "en", "page_language": "en"}


@contextmanager
def service(database: str, port: int):
    environment = {**os.environ, "HELPCENTER_INTAKE_POLICY": str(ROOT / "support.yml"),
                   "HELPCENTER_INTAKE_DATABASE_URL": database, "HELPCENTER_INTAKE_RATE_LIMIT": "off",
                   "HELPCENTER_INTAKE_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "intake", "serve", "--port", str(port)],
                               env=environment, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("the service did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/api/v1", process.pid
    finally:
        process.terminate()
        process.wait(15)


async def burst(base: str, tickets: int, concurrency: int, first: int = 0) -> tuple[float, list[float], list[int], list[str]]:
    """`concurrency` keep-alive connections post the tickets. A minimal HTTP/1.1 client on asyncio streams:
    httpx cost about 9 ms of CPU per ticket here, more than the service, on the same two cores."""
    latencies, statuses, references = [], [], []
    queue = iter(range(first, first + tickets))
    url = urlsplit(base)

    async def customer():
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        try:
            for number in queue:
                body = json.dumps(ticket(number)).encode()
                started = time.perf_counter()
                writer.write(f"POST {url.path}/tickets HTTP/1.1\r\nHost: {url.netloc}\r\n"
                             f"Content-Type: application/json\r\nIdempotency-Key: bench-{number:08d}-{os.getpid()}\r\n"
                             f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)).decode("latin-1")
                length = int(re.search(r"(?im)^content-length:\s*(\d+)", head).group(1))
                answer = await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                statuses.append(int(head.split(" ", 2)[1]))
                if statuses[-1] == 201:
                    references.append(json.loads(answer)["reference"])
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(customer() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, statuses, references


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process, from Linux's /proc: a figure that a busy
    machine disturbs much less than wall-clock rates."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPU(s)"


def run(engine: str, database: str, tickets: int, concurrency: int) -> None:
    from intake_support import free_port

    with service(database, free_port()) as (base, pid):
        asyncio.run(burst(base, 50, 8, first=10**7))  # warm-up (not counted)
        server_cpu, client_cpu = cpu_seconds(pid), time.process_time()
        elapsed, latencies, statuses, references = asyncio.run(burst(base, tickets, concurrency))
        server_cpu, client_cpu = cpu_seconds(pid) - server_cpu, time.process_time() - client_cpu
    storage = open_storage(database)
    stored = sum(storage.counts().values())
    storage.close()
    latencies.sort()
    p50, p95, p99 = (latencies[int(len(latencies) * q) - 1] * 1000 for q in (0.50, 0.95, 0.99))
    print(f"{engine:<10} HTTP, {tickets} tickets, {concurrency} concurrent: {tickets / elapsed:6.0f} tickets/s, "
          f"latency p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, mean {statistics.mean(latencies) * 1000:.1f} ms")
    print(f"{'':<10} CPU per ticket: service {server_cpu / tickets * 1000:.2f} ms, load client "
          f"{client_cpu / tickets * 1000:.2f} ms (what the service would need of one core at 300 tickets/s: "
          f"{server_cpu / tickets * 300:.0%})")
    assert statuses == [201] * tickets, f"not all 201: {sorted(set(statuses))}"
    assert len(set(references)) == tickets, "a reference was given twice"
    assert stored == tickets + 50, f"{stored} tickets in the outbox, {tickets + 50} sent: something was lost"
    print(f"{'':<10} counted: {tickets} answers 201, {len(set(references))} distinct references, "
          f"{stored - 50} in the outbox (+50 warm-up): nothing lost; {load()}")


def run_storage(engine: str, database: str, tickets: int, concurrency: int, grouped: bool) -> None:
    """`concurrency` threads store `tickets` tickets: through the group commit, or one transaction each
    (whichever the engine uses by default, `Storage.group_commit`)."""
    storage = open_storage(database)
    storage.group_commit = grouped
    batches = []
    write_batch = storage.store_batch

    def counted(writes):
        results = write_batch(writes)
        batches.append(len(writes))
        return results

    storage.store_batch = counted  # before the first store: the writer calls it
    body, numbers, lock = ticket(0), iter(range(tickets)), threading.Lock()

    def writer():
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            reference, now = f"HD-{engine[:2].upper()}{int(grouped)}-{number:06d}", time.time()
            storage.store(f"{reference}-key", "fp", NewTicket(reference, now, body, ()), {"reference": reference},
                          now + 3600)

    threads = [threading.Thread(target=writer) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    stored = storage.counts()["pending"]
    storage.close()
    assert stored == tickets, f"{stored} stored of {tickets}"
    commits = len(batches) if grouped else tickets
    way = "group commit" if grouped else "one commit per ticket"
    print(f"{engine:<10} storage alone, {way:<21}, {concurrency} threads: {tickets / elapsed:6.0f} tickets/s, "
          f"{commits / elapsed:5.0f} commits/s, {tickets / commits:5.1f} tickets per commit; {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--part", choices=("http", "storage"))
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU(s); one uvicorn process; client on the same machine")

    def measure(engine: str, database) -> None:
        if args.part != "storage":
            run(engine, database("http"), args.tickets, args.concurrency)
        if args.part != "http":
            for grouped in (True, False):
                run_storage(engine, database(f"storage{int(grouped)}"), args.tickets, args.concurrency, grouped)

    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            measure("SQLite", lambda name: f"sqlite:///{folder}/{name}.sqlite3")
    if args.only != "sqlite":
        with temporary_cluster(durable=True) as server:
            measure("PostgreSQL", lambda name: create_database(server, name))


if __name__ == "__main__":
    main()
