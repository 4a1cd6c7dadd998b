"""Load on the helpdesk API: a bounded burst of concurrent tickets on loopback, with SQLite and PostgreSQL.

Starts `helpcenter intake serve` (one uvicorn process, no connector, rate limit off) on 127.0.0.1, sends
TICKETS tickets from CONCURRENCY concurrent clients, prints tickets/s and latency percentiles, then checks
by counting that every ticket got a 201 with its own reference and is in the outbox: nothing lost.
PostgreSQL runs in a temporary cluster from Debian's package, with fsync on.

    .venv/bin/python bench/intake_load.py [--tickets 2000] [--concurrency 32] [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from postgres_cluster import create_database, temporary_cluster  # noqa: E402

from helpcenter.intake.storage import open_storage  # noqa: E402


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
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        process.terminate()
        process.wait(15)


async def burst(base: str, tickets: int, concurrency: int, first: int = 0) -> tuple[float, list[float], list[int], list[str]]:
    latencies, statuses, references = [], [], []
    queue = iter(range(first, first + tickets))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def customer():
            for number in queue:
                started = time.perf_counter()
                response = await client.post("/tickets", json=ticket(number),
                                             headers={"Idempotency-Key": f"bench-{number:08d}-{os.getpid()}"})
                latencies.append(time.perf_counter() - started)
                statuses.append(response.status_code)
                if response.status_code == 201:
                    references.append(response.json()["reference"])

        started = time.perf_counter()
        await asyncio.gather(*(customer() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, statuses, references


def run(engine: str, database: str, tickets: int, concurrency: int) -> None:
    from intake_support import free_port

    with service(database, free_port()) as base:
        asyncio.run(burst(base, 50, 8, first=10**7))  # warm-up (not counted)
        elapsed, latencies, statuses, references = asyncio.run(burst(base, tickets, concurrency))
    storage = open_storage(database)
    stored = sum(storage.counts().values())
    storage.close()
    latencies.sort()
    p50, p95, p99 = (latencies[int(len(latencies) * q) - 1] * 1000 for q in (0.50, 0.95, 0.99))
    print(f"{engine:<10} {tickets} tickets, {concurrency} concurrent: {tickets / elapsed:6.0f} tickets/s, "
          f"latency p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, mean {statistics.mean(latencies) * 1000:.1f} ms")
    assert statuses == [201] * tickets, f"not all 201: {sorted(set(statuses))}"
    assert len(set(references)) == tickets, "a reference was given twice"
    assert stored == tickets + 50, f"{stored} tickets in the outbox, {tickets + 50} sent: something was lost"
    print(f"{'':<10} counted: {tickets} answers 201, {len(set(references))} distinct references, "
          f"{stored - 50} in the outbox (+50 warm-up): nothing lost")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU(s); one uvicorn process; client on the same machine")
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            run("SQLite", f"sqlite:///{folder}/outbox.sqlite3", args.tickets, args.concurrency)
    if args.only != "sqlite":
        with temporary_cluster(durable=True) as server:
            run("PostgreSQL", create_database(server, "bench"), args.tickets, args.concurrency)


if __name__ == "__main__":
    main()
