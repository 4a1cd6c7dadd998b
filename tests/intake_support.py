"""Helpers of the helpdesk API's tests: settings, a settable clock, sample tickets, and an HTTP client
that checks every response it receives against api/ticket-intake.openapi.yaml."""

from __future__ import annotations

import json
import random
import re
import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path

import warnings

import httpx
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from conftest import ROOT
from helpcenter.intake.contract import load_contract
from helpcenter.intake.settings import Settings
from helpcenter.policy.loader import load_policy

with warnings.catch_warnings():  # Starlette 1.x prefers the httpx2 fork; httpx (also our Jira client) works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: F401 - re-exported for the tests

# The contract as the service must honour it: its lists of ids are those of the support.yml the tests use.
SPEC = load_contract(ROOT / "api" / "ticket-intake.openapi.yaml", load_policy(ROOT / "support.yml"))
PREFIX = "/api/v1"
ORIGIN = "https://help.example.com"
# A Tuesday at 10:00 in Paris: inside business hours of the real support.yml (the tests compute the
# deadlines they expect with the SLA clock, never as literals).
TUESDAY_MORNING = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


# The address the in-process client of `client_for` comes from, unless a test names another one.
CLIENT = "203.0.113.7"


def client_for(app, host: str = CLIENT) -> TestClient:
    """An in-process client of `app` that checks every response against the contract."""
    client = TestClient(app, base_url=f"http://intake{PREFIX}", client=(host, 50000))
    client.event_hooks = {"response": [check_contract]}
    return client


class Clock:
    def __init__(self, now: datetime = TUESDAY_MORNING) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def settings_for(folder: Path, **changes) -> Settings:
    values = dict(policy_file=ROOT / "support.yml", database_url=f"sqlite:///{folder / 'outbox.sqlite3'}",
                  cors_origins=(ORIGIN,), rate_limit=None, feedback_rate_limit=None, workers=0)
    values.update(changes)
    return Settings(**values)


def technical_ticket(**changes) -> dict:
    ticket = {
        "category": "technical-assistance", "product": "lightning-alert", "impact": "high",
        "started_at": "2026-11-24T08:30:00.000Z", "subject": "No alerts since this morning",
        "description": "No SMS alert has arrived since 8 a.m.",
        "contact": {"name": "Anna Schmidt", "email": "anna.schmidt@example.de", "company": "Stadtwerke Beispiel"},
        "ticket_language": "en", "page_language": "de",
    }
    ticket.update(changes)
    return ticket


def general_question(**changes) -> dict:
    ticket = {"category": "general-question", "product": "espace-client", "subject": "Invoices",
              "description": "Where are last year's invoices?",
              "contact": {"name": "Jeanne Martin", "email": "jeanne.martin@example.fr"},
              "ticket_language": "fr", "page_language": "fr"}
    ticket.update(changes)
    return ticket


def key(number: int = 0) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seeded() -> random.Random:
    return random.Random(42)


# -- the contract ------------------------------------------------------------------------------------

def _validator(schema: dict, spec: dict = SPEC) -> Draft202012Validator:
    registry = Registry().with_resource("spec", Resource.opaque(spec))
    return Draft202012Validator(_rebase(schema), registry=registry, format_checker=FormatChecker())


def _rebase(node):
    """Point the spec's local $refs (#/components/...) at the registered document."""
    if isinstance(node, dict):
        return {k: (f"spec{v}" if k == "$ref" and v.startswith("#") else _rebase(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase(item) for item in node]
    return node


def assert_valid_ticket_request(payload: dict, spec: dict = SPEC) -> None:
    """A ticket as the form posts it conforms to the contract's TicketRequest."""
    errors = sorted(_validator({"$ref": "#/components/schemas/TicketRequest"}, spec).iter_errors(payload), key=str)
    assert not errors, "payload breaks the contract: " + "; ".join(error.message for error in errors)


def contract_problems(method: str, path: str, status: int, headers, body: bytes) -> list[str]:
    """What is wrong with a response according to the OpenAPI file (empty when it conforms)."""
    operation = SPEC["paths"].get(path, {}).get(method.lower())
    if operation is None:
        return [f"{method} {path} is not in the contract"]
    responses = operation["responses"]
    response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
    if response is None:
        return [f"{method} {path} answered {status}, which the contract does not list ({', '.join(responses)})"]
    problems = []
    for name, header in (response.get("headers") or {}).items():
        if "$ref" in header:
            header = SPEC["components"]["headers"][header["$ref"].rsplit("/", 1)[1]]
        value = headers.get(name)
        if value is None:
            problems.append(f"{status} without its {name} header")
        elif header["schema"]["type"] == "integer" and not (value.isdigit() and int(value) >= header["schema"].get("minimum", 0)):
            problems.append(f"{name}: {value!r} is not a valid integer")
    content = response.get("content")
    if content:
        if not headers.get("content-type", "").startswith("application/json"):
            problems.append(f"{status} is not JSON: {headers.get('content-type')}")
        else:
            errors = _validator(content["application/json"]["schema"]).iter_errors(json.loads(body))
            problems += [f"{status} body: {error.message} at {list(error.absolute_path)}" for error in errors]
    return problems


def check_contract(response: httpx.Response) -> None:
    response.read()
    path = re.sub(rf"^{PREFIX}", "", response.request.url.path)
    if response.request.method == "OPTIONS":  # CORS preflight: answered by the middleware, outside the contract
        return
    problems = contract_problems(response.request.method, path, response.status_code, response.headers,
                                 response.content)
    assert not problems, f"{response.request.method} {path}: " + "; ".join(problems)


def contract_client(base_url: str, **options) -> httpx.Client:
    """An HTTP client to a running service; every response is checked against the contract."""
    return httpx.Client(base_url=base_url, event_hooks={"response": [check_contract]}, **options)
