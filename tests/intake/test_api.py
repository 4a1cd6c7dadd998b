"""The helpdesk API over HTTP (in process): tickets accepted durably with their deadline, idempotency,
bad input refused with field errors and nothing stored, CORS, rate limit, health, logs. Every response
is checked against api/ticket-intake.openapi.yaml."""

from __future__ import annotations

import io
import json
import logging
import threading
from datetime import datetime, timedelta

import pytest
from conftest import ROOT
from helpcenter.intake import logs
from helpcenter.intake.app import create_app
from helpcenter.intake.payload import body_limit
from helpcenter.intake.tickets import MAX_LENGTHS
from helpcenter.policy.loader import load_policy
from helpcenter.policy.sla import SlaClock
from intake_support import (
    ORIGIN, SPEC, client_for, general_question, key, seeded, settings_for, technical_ticket,
)

POLICY = load_policy(ROOT / "support.yml")
LIMITS = POLICY.ticket_form.attachments


def post(client, ticket, number=0, **headers):
    return client.post("/tickets", json=ticket, headers={"Idempotency-Key": key(number), **headers})


def stored(client) -> int:
    return sum(client.storage.counts().values())


def test_a_ticket_is_stored_before_the_answer_which_carries_the_reference_and_the_sla_deadline(service, clock):
    response = post(service, technical_ticket())
    assert response.status_code == 201
    body = response.json()
    expected = SlaClock(POLICY).first_response(clock.now, "high")
    assert body["first_response"] == {"due": expected.deadline.isoformat().replace("+00:00", "Z"),
                                      "window": expected.moment.window}
    assert datetime.fromisoformat(body["received_at"]) == clock.now
    record = service.storage.ticket(body["reference"])
    assert record.state == "pending" and record.attempts == 0
    assert record.ticket == technical_ticket(started_at="2026-11-24T08:30:00Z")


def test_the_deadline_follows_the_sla_clock_outside_business_hours(service, clock):
    clock.now = datetime.fromisoformat("2026-11-28T23:00:00+00:00")  # a Saturday night
    body = post(service, technical_ticket(started_at="2026-11-28T22:00:00Z")).json()
    expected = SlaClock(POLICY).first_response(clock.now, "high")
    assert body["first_response"]["window"] == expected.moment.window == "outside-business-hours"
    assert datetime.fromisoformat(body["first_response"]["due"]) == expected.deadline


def test_other_categories_get_no_deadline(service):
    body = post(service, general_question()).json()
    assert "first_response" not in body and body["reference"].startswith("HD-")


def test_the_same_key_and_ticket_returns_the_first_answer_and_stores_one_ticket(service):
    first = post(service, technical_ticket())
    again = post(service, technical_ticket())
    assert again.status_code == 201 and again.json() == first.json()
    assert stored(service) == 1


def test_the_same_key_with_another_ticket_is_refused(service):
    post(service, technical_ticket())
    response = post(service, technical_ticket(subject="Something else"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert stored(service) == 1


def test_the_same_key_after_a_restart_returns_the_first_answer(tmp_path, clock):
    settings = settings_for(tmp_path)
    with client_for(create_app(settings, clock=clock, rng=seeded())) as client:
        first = post(client, technical_ticket()).json()
    app = create_app(settings, clock=clock)
    with client_for(app) as client:
        assert post(client, technical_ticket()).json() == first
        assert app.state.context.storage.counts()["pending"] == 1


def test_a_key_is_forgotten_after_its_retention(service, clock):
    first = post(service, technical_ticket()).json()
    clock.advance(hours=24, seconds=1)
    second = post(service, technical_ticket())
    assert second.status_code == 201 and second.json()["reference"] != first["reference"]
    assert service.storage.purge_keys(clock.now.timestamp()) == 0  # the expired key was replaced


def test_a_key_still_being_processed_gets_409(tmp_path, clock):
    """While the first request with a key is being written, a second one with that key waits for nothing:
    409, and the client retries."""
    app = create_app(settings_for(tmp_path), clock=clock, rng=seeded())
    storage = app.state.context.storage
    entered, release = threading.Event(), threading.Event()
    original = storage.store

    def slow_store(*args):
        entered.set()
        release.wait(5)
        return original(*args)

    storage.store = slow_store
    with client_for(app) as client:
        first = {}
        thread = threading.Thread(target=lambda: first.update(response=post(client, technical_ticket())))
        thread.start()
        assert entered.wait(5)
        second = post(client, technical_ticket())
        release.set()
        thread.join()
    assert second.status_code == 409 and second.headers["Retry-After"] == "1"
    assert first["response"].status_code == 201
    assert storage.counts()["pending"] == 1


@pytest.mark.parametrize("name, change, field, code", [
    ("unknown category", {"category": "sales"}, "category", "invalid"),
    ("unknown product", {"product": "thunder-radar"}, "product", "invalid"),
    ("invalid e-mail", {"contact": {"name": "A", "email": "anna@"}}, "email", "email"),
    ("missing name", {"contact": {"email": "a@example.com"}}, "name", "required"),
    ("missing subject", {"subject": None}, "subject", "required"),
    ("blank description", {"description": "   "}, "description", "required"),
    ("missing impact", {"impact": None}, "impact", "required"),
    ("language not handled", {"ticket_language": "de"}, "ticket_language", "invalid"),
    ("start in the future", {"started_at": "2099-01-01T00:00:00Z"}, "started_at", "future"),
    ("start without offset", {"started_at": "2026-11-24T08:30"}, "started_at", "invalid"),
    ("subject too long", {"subject": "x" * (MAX_LENGTHS["subject"] + 1)}, "subject", "invalid"),
    ("filled honeypot", {"website": "http://spam.example"}, "website", "invalid"),
    ("unknown field", {"priority": "high"}, "priority", "invalid"),
])
def test_bad_tickets_get_422_with_the_field_and_nothing_is_stored(service, name, change, field, code):
    ticket = {k: v for k, v in technical_ticket(**change).items() if v is not None}
    response = post(service, ticket)
    assert response.status_code == 422, name
    assert {"field": field, "code": code} in [{"field": e["field"], "code": e["code"]} for e in response.json()["errors"]]
    assert stored(service) == 0


def test_a_field_of_another_category_is_refused(service):
    response = post(service, general_question(impact="high"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "impact"


def test_every_wrong_field_is_listed_at_once(service):
    response = post(service, {"category": "technical-assistance", "contact": {"email": "x"}})
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"product", "impact", "subject", "description", "name", "email", "ticket_language",
            "page_language"} <= fields


def test_malformed_requests_get_4xx_and_nothing_is_stored(service):
    headers = {"Idempotency-Key": key()}
    cases = {
        "not json": service.post("/tickets", content=b"{nope", headers={**headers, "Content-Type": "application/json"}),
        "not an object": service.post("/tickets", json=["a"], headers=headers),
        "wrong type": service.post("/tickets", content=b"category=x", headers={**headers, "Content-Type": "text/plain"}),
        "no key": service.post("/tickets", json=technical_ticket()),
        "short key": service.post("/tickets", json=technical_ticket(), headers={"Idempotency-Key": "abc"}),
        "oversized": service.post("/tickets", content=b"{" + b" " * body_limit(POLICY) + b"}",
                                  headers={**headers, "Content-Type": "application/json"}),
    }
    assert {name: response.status_code for name, response in cases.items()} == {
        "not json": 400, "not an object": 400, "wrong type": 415, "no key": 400, "short key": 400, "oversized": 413}
    assert cases["no key"].json()["errors"][0] == {"field": "Idempotency-Key", "code": "required",
                                                   "message": cases["no key"].json()["errors"][0]["message"]}
    assert stored(service) == 0


def upload(client, files, ticket=None, number=0):
    return client.post("/tickets", data={"ticket": json.dumps(ticket or technical_ticket())},
                       files=[("attachments", file) for file in files], headers={"Idempotency-Key": key(number)})


def test_attachments_are_kept_with_the_ticket(service):
    png = b"\x89PNG\r\n\x1a\n" + bytes(2000)
    response = upload(service, [("screen.png", png, "image/png"), ("../../etc/alerts.log", b"09:00 no SMS\n", "text/plain")])
    assert response.status_code == 201
    record = service.storage.ticket(response.json()["reference"])
    assert record.files == (("screen.png", "image/png", len(png)), ("alerts.log", "text/plain", 13))


@pytest.mark.parametrize("files, code", [
    ([(f"shot{i}.png", b"png", "image/png") for i in range(LIMITS.max_files + 1)], "file_count"),
    ([("big.png", bytes(LIMITS.max_size + 1), "image/png")], "file_size"),
    ([("run.exe", b"MZ", "application/octet-stream")], "file_type"),
])
def test_attachments_outside_the_limits_of_support_yml_are_refused(service, files, code):
    response = upload(service, files)
    assert response.status_code == 422
    assert [error["code"] for error in response.json()["errors"]] == [code]
    assert response.json()["errors"][0]["field"] == "attachments"
    assert stored(service) == 0


def test_a_body_beyond_every_file_limit_is_refused_before_it_is_read(service):
    files = [(f"f{i}.png", bytes(LIMITS.max_size), "image/png") for i in range(LIMITS.max_files + 1)]
    response = upload(service, files)
    assert response.status_code == 413 and response.json()["errors"][0]["field"] == "attachments"
    assert stored(service) == 0


def test_the_same_files_are_part_of_the_idempotent_ticket(service):
    first = upload(service, [("a.txt", b"one", "text/plain")])
    assert upload(service, [("a.txt", b"one", "text/plain")]).json() == first.json()
    assert upload(service, [("a.txt", b"two", "text/plain")]).status_code == 422


def test_cors_answers_only_the_configured_origins(service):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,idempotency-key"}
    allowed = service.options("/tickets", headers={"Origin": ORIGIN, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "idempotency-key" in allowed.headers["access-control-allow-headers"].lower()
    other = service.options("/tickets", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    posted = post(service, technical_ticket(), Origin=ORIGIN)
    assert posted.headers["access-control-allow-origin"] == ORIGIN
    assert "retry-after" in posted.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-origin" not in post(service, technical_ticket(), 1, Origin="https://evil.example").headers


def test_the_rate_limit_applies_per_client(tmp_path, clock):
    from helpcenter.intake.settings import RateLimit

    app = create_app(settings_for(tmp_path, rate_limit=RateLimit(2, timedelta(minutes=10))), clock=clock, rng=seeded())
    with client_for(app, "198.51.100.1") as one, client_for(app, "198.51.100.2") as other:
        assert [post(one, general_question(), n).status_code for n in range(2)] == [201, 201]
        limited = post(one, general_question(), 2)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) == 600
        assert post(other, general_question(), 3).status_code == 201
        clock.advance(minutes=10, seconds=1)
        assert post(one, general_question(), 4).status_code == 201


def test_health_says_whether_the_database_answers(service):
    assert service.get("/health").json() == {"status": "ok"}
    service.storage.ping = lambda: (_ for _ in ()).throw(OSError("database down"))
    assert service.get("/health").status_code == 503


def test_a_database_failure_is_a_503_and_the_customer_keeps_the_ticket(service):
    def broken(*args):
        raise OSError("disk full")

    service.storage.store = broken
    response = post(service, technical_ticket())
    assert response.status_code == 503 and response.headers["Retry-After"]


def test_logs_hold_the_reference_but_nothing_the_customer_typed(service):
    stream = io.StringIO()
    logs.configure("INFO", stream)
    try:
        reference = post(service, technical_ticket()).json()["reference"]
        post(service, technical_ticket(contact={"name": "Anna", "email": "bad@"}), 1)
    finally:
        logs.configure("INFO")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    accepted = next(line for line in lines if line["event"] == "ticket.accepted")
    assert accepted["reference"] == reference and accepted["status"] == 201
    rejected = next(line for line in lines if line["event"] == "ticket.rejected")
    assert rejected["fields"] == ["email"]
    text = stream.getvalue()
    for secret in ("Anna", "anna.schmidt", "example.de", "Stadtwerke", "No alerts", "SMS", "203.0.113.7"):
        assert secret not in text
    with pytest.raises(ValueError):
        logs.event("oops", email="a@example.com")
    assert logging.getLogger(logs.LOGGER).propagate is False


def test_the_lengths_are_those_of_the_contract():
    properties = SPEC["components"]["schemas"]["TicketRequest"]["properties"]
    contact = properties["contact"]["properties"]
    assert MAX_LENGTHS == {"subject": properties["subject"]["maxLength"],
                           "description": properties["description"]["maxLength"],
                           "name": contact["name"]["maxLength"], "email": contact["email"]["maxLength"],
                           "company": contact["company"]["maxLength"]}
