"""The real helpdesk API (helpcenter.intake, served by uvicorn) on 127.0.0.1 for browser tests.

A thin ASGI layer in front of it records every POST (key, ticket, origin, file names) and can play a
scripted answer instead of the service: a status code, a (status, body) pair, or "slow" (the service
answers after 4 s, once the form has given up). Everything else reaches the real service and its outbox.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import uvicorn

from conftest import ROOT
from helpcenter.intake.app import create_app
from helpcenter.intake.settings import Settings
from helpcenter.intake.storage import Storage


@dataclass
class LiveIntake:
    url: str
    database_url: str
    storage: Storage | None = None
    requests: list[dict] = field(default_factory=list)  # every POST: {"key", "json", "origin", "files"}
    script: list = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def reset(self) -> None:
        self.requests.clear()
        self.script.clear()
        self._seen = {record.reference for record in self.storage.tickets(limit=10_000)}

    def new_tickets(self):
        """Tickets stored in the outbox since the last reset."""
        return [record for record in self.storage.tickets(limit=10_000) if record.reference not in self._seen]


class _Recorder:
    def __init__(self, app, live: LiveIntake) -> None:
        self.app, self.live = app, live

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        self.live.requests.append({"key": headers.get("idempotency-key"), "origin": headers.get("origin"),
                                   **_ticket_of(headers.get("content-type", ""), body)})
        action = self.live.script.pop(0) if self.live.script else None
        if action == "slow":
            await asyncio.sleep(4)
        elif action is not None:
            status, answer = action if isinstance(action, tuple) else (action, {"errors": []})
            payload = json.dumps(answer).encode()
            await send({"type": "http.response.start", "status": status, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                (b"access-control-allow-origin", headers.get("origin", "*").encode())]})
            return await send({"type": "http.response.body", "body": payload})
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _ticket_of(kind: str, body: bytes) -> dict:
    if kind.startswith("multipart/"):
        message = email.message_from_bytes(f"Content-Type: {kind}\r\n\r\n".encode() + body, policy=email.policy.default)
        parts = list(message.iter_parts())
        ticket = next(part for part in parts if part.get_param("name", header="content-disposition") == "ticket")
        return {"json": json.loads(ticket.get_content()), "files": [part.get_filename() for part in parts if part.get_filename()]}
    try:
        return {"json": json.loads(body or b"null"), "files": []}
    except ValueError:
        return {"json": None, "files": []}


@contextmanager
def run_live_intake(folder: Path, port: int, origins: tuple[str, ...]) -> Iterator[LiveIntake]:
    """The service on 127.0.0.1:`port`, its outbox in `folder`, answering CORS for `origins`."""
    database = f"sqlite:///{folder / 'outbox.sqlite3'}"
    live = LiveIntake(f"http://127.0.0.1:{port}/api/v1/tickets", database)
    app = create_app(Settings(policy_file=ROOT / "support.yml", database_url=database, cors_origins=origins,
                              rate_limit=None, feedback_rate_limit=None))
    live.storage = app.state.context.storage
    server = uvicorn.Server(uvicorn.Config(_Recorder(app, live), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the helpdesk API did not start"
    try:
        yield live
    finally:
        server.should_exit = True
        thread.join(10)
