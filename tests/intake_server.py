"""A small helpdesk intake server for browser tests: records every request, answers as scripted.

It behaves like the contract in api/ticket-intake.openapi.yaml: CORS preflight, 201 with a reference,
one ticket per Idempotency-Key. `script` lists what to answer to the next POSTs: a status code, a
(status, body) pair, "drop" to close the connection without answering (a network failure), or
"slow" to answer after 4 s.
"""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


@dataclass
class Intake:
    url: str = ""
    requests: list[dict] = field(default_factory=list)  # every POST: {"key", "json", "origin"}
    tickets: dict[str, str] = field(default_factory=dict)  # Idempotency-Key -> reference
    script: list = field(default_factory=list)

    def reset(self) -> None:
        self.requests.clear()
        self.tickets.clear()
        self.script.clear()


def _handler(intake: Intake):
    class Handler(BaseHTTPRequestHandler):
        def _cors(self) -> None:
            self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key")
            self.send_header("Access-Control-Expose-Headers", "Retry-After")

        def do_OPTIONS(self):  # noqa: N802 - http.server's naming
            self.send_response(204)
            self._cors()
            self.end_headers()

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            key = self.headers.get("Idempotency-Key")
            intake.requests.append({"key": key, "json": json.loads(body or b"null"),
                                    "origin": self.headers.get("Origin")})
            action = intake.script.pop(0) if intake.script else 201
            if action == "slow":  # answers after the form has given up
                time.sleep(4)
                action = 201
            if action == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            status, answer = action if isinstance(action, tuple) else (action, None)
            if status == 201:
                reference = intake.tickets.setdefault(key, f"HD-{20480 + len(intake.tickets) + 1}")
                answer = {"reference": reference}
            self.send_response(status)
            self._cors()
            if status == 429:
                self.send_header("Retry-After", "30")
            payload = json.dumps(answer or {}).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):
            pass

    return Handler


@contextmanager
def run_intake() -> Iterator[Intake]:
    intake = Intake()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(intake))
    intake.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1/tickets"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield intake
    finally:
        server.shutdown()
        server.server_close()
