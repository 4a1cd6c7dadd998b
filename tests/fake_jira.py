"""A local fake of the Jira Service Management Cloud endpoints the connector uses, written from the public
REST documentation (developer.atlassian.com/cloud/jira/service-desk/rest/ and the platform's JQL search).

It keeps customers, requests and attachments in memory, records every request, checks basic auth and the
documented headers, and plays scripted faults: `faults["POST /rest/servicedeskapi/request"] = [500]`
answers 500 to the next such call; "lost" performs the call and then closes the connection unanswered;
(429, seconds) answers 429 with Retry-After.
"""

from __future__ import annotations

import base64
import email
import email.policy
import itertools
import json
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

EMAIL, TOKEN = "helpdesk-bot@example.com", "api-token-123"
DESK = "4"


@dataclass
class FakeJira:
    url: str = ""
    calls: list[dict] = field(default_factory=list)  # {"method", "path", "query", "json", "files", "headers"}
    site_users: dict[str, str] = field(default_factory=dict)  # e-mail -> accountId (customers of the site)
    desk_customers: set[str] = field(default_factory=set)  # accountIds added to the service desk
    requests: dict[str, dict] = field(default_factory=dict)  # issue key -> the request's body and files
    temporary: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    faults: dict[str, list] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def calls_to(self, method: str, path: str) -> list[dict]:
        return [call for call in self.calls if call["method"] == method and call["path"] == path]

    def routes(self) -> list[str]:
        return [f"{call['method']} {call['path']}" for call in self.calls]


def _handler(jira: FakeJira):
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            self.handle_call("GET")

        def do_POST(self):  # noqa: N802
            self.handle_call("POST")

        def answer(self, status: int, body=None, headers=None):
            payload = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def handle_call(self, method: str):
            parts = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            kind = self.headers.get("Content-Type", "")
            call = {"method": method, "path": parts.path, "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                    "json": json.loads(body) if kind.startswith("application/json") and body else None,
                    "files": _files(kind, body) if kind.startswith("multipart/") else None,
                    "headers": {name.lower(): value for name, value in self.headers.items()}}
            with lock:
                jira.calls.append(call)
                route = f"{method} {parts.path}"
                fault = jira.faults.get(route, []).pop(0) if jira.faults.get(route) else None
                expected = "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self.answer(401, {"errorMessage": "Client must be authenticated"})
                if isinstance(fault, int):
                    return self.answer(fault, {"errorMessage": "scripted failure"})
                if isinstance(fault, tuple):
                    return self.answer(fault[0], {"errorMessage": "rate limited"}, {"Retry-After": str(fault[1])})
                status, answer = self.serve(method, parts.path, call)
                if fault == "lost":  # done, but the answer never arrives
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.answer(status, answer)

        def serve(self, method: str, path: str, call: dict):
            query, data = call["query"], call["json"]
            if method == "GET" and path == f"/rest/servicedeskapi/servicedesk/{DESK}/customer":
                assert call["headers"].get("x-experimentalapi") == "opt-in"
                values = [{"accountId": account, "emailAddress": address, "displayName": address}
                          for address, account in jira.site_users.items()
                          if account in jira.desk_customers and query.get("query", "").lower() in address.lower()]
                return 200, {"values": values, "size": len(values), "isLastPage": True}
            if method == "POST" and path == "/rest/servicedeskapi/customer":
                if data["email"] in jira.site_users and query.get("strictConflictStatusCode") == "true":
                    return 409, {"errorMessage": "A user with that email already exists"}
                account = jira.site_users.setdefault(data["email"], f"acc-{next(jira._ids)}")
                return 201, {"accountId": account, "emailAddress": data["email"], "displayName": data["displayName"]}
            if method == "GET" and path == "/rest/api/3/user/search":
                return 200, [{"accountId": account, "emailAddress": address}
                             for address, account in jira.site_users.items() if address == query.get("query")]
            if method == "POST" and path == f"/rest/servicedeskapi/servicedesk/{DESK}/customer":
                jira.desk_customers.update(data["accountIds"])
                return 204, None
            if method == "POST" and path == "/rest/servicedeskapi/request":
                if data.get("raiseOnBehalfOf") not in jira.desk_customers:
                    return 400, {"errorMessage": "The customer is not a customer of this service desk"}
                fields = data["requestFieldValues"]
                if not fields.get("summary") or str(data.get("serviceDeskId")) != DESK:
                    return 400, {"errorMessage": "summary and serviceDeskId are required"}
                key = f"SUP-{len(jira.requests) + 1}"
                jira.requests[key] = {**data, "attachments": []}
                return 201, {"issueId": str(10000 + len(jira.requests)), "issueKey": key,
                             "requestTypeId": data["requestTypeId"], "serviceDeskId": DESK}
            if method == "GET" and path == "/rest/api/3/search/jql":
                label = re.fullmatch(r'labels = "([^"]+)"', query["jql"])
                keys = [key for key, request in jira.requests.items()
                        if label and label.group(1) in request["requestFieldValues"].get("labels", [])]
                return 200, {"issues": [{"key": key, "id": key} for key in keys], "isLast": True}
            if method == "POST" and path == f"/rest/servicedeskapi/servicedesk/{DESK}/attachTemporaryFile":
                if call["headers"].get("x-atlassian-token") != "no-check":
                    return 403, {"errorMessage": "XSRF check failed"}
                uploaded = []
                for name, content in call["files"]:
                    temporary = f"temp-{next(jira._ids)}"
                    jira.temporary[temporary] = (name, content)
                    uploaded.append({"temporaryAttachmentId": temporary, "fileName": name})
                return 201, {"temporaryAttachments": uploaded}
            match = re.fullmatch(r"/rest/servicedeskapi/request/([A-Z]+-\d+)/attachment", path)
            if match and match.group(1) in jira.requests:
                request = jira.requests[match.group(1)]
                if method == "GET":
                    return 200, {"values": [{"filename": name} for name, _ in request["attachments"]]}
                request["attachments"] += [jira.temporary.pop(temporary) for temporary in data["temporaryAttachmentIds"]]
                return 201, {"comment": {}, "attachments": {"values": []}}
            return 404, {"errorMessage": f"no such resource: {method} {path}"}

    return Handler


def _files(kind: str, body: bytes) -> list[tuple[str, bytes]]:
    message = email.message_from_bytes(f"Content-Type: {kind}\r\n\r\n".encode() + body, policy=email.policy.default)
    return [(part.get_filename(), part.get_payload(decode=True)) for part in message.iter_parts()
            if part.get_param("name", header="content-disposition") == "file"]


@contextmanager
def run_fake_jira() -> Iterator[FakeJira]:
    jira = FakeJira()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(jira))
    jira.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield jira
    finally:
        server.shutdown()
        server.server_close()
