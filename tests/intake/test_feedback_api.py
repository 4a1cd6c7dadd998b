"""POST /feedback over HTTP (in process): a reader's vote stored once, its comment joined to it, bad
votes refused with field errors and nothing stored, CORS as for tickets, its own rate limit, and nothing
that identifies the reader: no cookie, no address in the database or the logs. Every response is
checked against api/ticket-intake.openapi.yaml."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest

from helpcenter.intake import logs
from helpcenter.intake.app import create_app
from helpcenter.intake.feedback import ID_PATTERN, PAGE_PATTERN
from helpcenter.intake.settings import RateLimit
from helpcenter.policy.model import FEEDBACK_LIMITS
from intake_support import CLIENT, ORIGIN, SPEC, client_for, general_question, key, seeded, settings_for


def vote(**changes) -> dict:
    return {"id": "0b7c2f4e-8d1a-4c3b-9e5f-6a7b8c9d0e1f", "page": "faq/products/", "language": "de",
            "helpful": False, **changes}


def send(client, body, **headers):
    return client.post("/feedback", json=body, headers=headers)


def test_a_vote_is_stored_with_its_page_and_language_and_the_hour_only(service, clock):
    clock.now = clock.now.replace(minute=47, second=13)
    response = send(service, vote(helpful=True, id="11111111-2222-4333-8444-555555555555"))
    assert response.status_code == 204 and "set-cookie" not in response.headers
    [stored] = service.storage.votes()
    assert (stored.page, stored.language, stored.helpful, stored.comment) == ("faq/products/", "de", True, None)
    assert datetime.fromtimestamp(stored.received_at, clock.now.tzinfo) == clock.now.replace(minute=0, second=0)


def test_a_retry_counts_once_and_the_comment_after_a_no_joins_the_vote(service):
    assert send(service, vote()).status_code == 204
    assert send(service, vote()).status_code == 204
    assert send(service, vote(comment="  Der Abschnitt über API-Schlüssel fehlt.  ")).status_code == 204
    assert send(service, vote(comment="Der Abschnitt über API-Schlüssel fehlt.")).status_code == 204
    [stored] = service.storage.votes()
    assert stored.comment == "Der Abschnitt über API-Schlüssel fehlt." and stored.helpful is False
    assert len(service.storage.votes()) == 1


def test_another_answer_on_the_same_page_view_replaces_the_vote_and_another_page_is_refused(service):
    assert send(service, vote(helpful=True)).status_code == 204  # stored, though the reader saw it fail
    assert send(service, vote(helpful=False, comment="Zu kurz")).status_code == 204
    [stored] = service.storage.votes()
    assert (stored.helpful, stored.comment) == (False, "Zu kurz")
    taken = send(service, vote(page="guide/"))
    assert taken.status_code == 422 and taken.json()["errors"][0]["field"] == "id"
    assert len(service.storage.votes()) == 1


@pytest.mark.parametrize("change, field", [
    ({"language": "nl"}, "language"),
    ({"page": "../../etc/passwd"}, "page"),
    ({"page": "/faq/products/"}, "page"),
    ({"page": "faq/products/?q=1"}, "page"),
    ({"page": "a/" * 151}, "page"),
    ({"helpful": "no"}, "helpful"),
    ({"id": "short"}, "id"),
    ({"id": None}, "id"),
    ({"comment": "x" * (FEEDBACK_LIMITS["comment"] + 1)}, "comment"),
    ({"comment": 42}, "comment"),
    ({"email": "someone@example.com"}, "email"),
])
def test_a_bad_vote_gets_422_naming_the_field_and_nothing_is_stored(service, change, field):
    response = send(service, {key: value for key, value in vote(**change).items() if value is not None})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert service.storage.votes() == []


def test_malformed_votes_get_4xx_and_nothing_is_stored(service):
    assert service.post("/feedback", content=b"[1, 2]", headers={"Content-Type": "application/json"}).status_code == 400
    assert service.post("/feedback", content=b"{", headers={"Content-Type": "application/json"}).status_code == 400
    assert service.post("/feedback", data={"helpful": "true"}).status_code == 415
    assert send(service, vote(comment="x" * 20_000)).status_code == 413
    assert service.storage.votes() == []


def test_cors_answers_the_configured_origin_as_for_tickets(service):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = service.options("/feedback", headers={"Origin": ORIGIN, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-origin" not in service.options(
        "/feedback", headers={"Origin": "https://evil.example", **preflight}).headers
    assert send(service, vote(), Origin=ORIGIN).headers["access-control-allow-origin"] == ORIGIN


def test_votes_have_their_own_rate_limit_per_client(tmp_path, clock):
    settings = settings_for(tmp_path, feedback_rate_limit=RateLimit(2, timedelta(minutes=10)))
    app = create_app(settings, clock=clock, rng=seeded())
    with client_for(app, "198.51.100.1") as one, client_for(app, "198.51.100.2") as other:
        assert [send(one, vote(id=f"vote-{n:04d}")).status_code for n in range(2)] == [204, 204]
        limited = send(one, vote(id="vote-0002"))
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) == 600
        assert send(other, vote(id="vote-0003")).status_code == 204
        assert one.post("/tickets", json=general_question(), headers={"Idempotency-Key": key()}).status_code == 201
        clock.advance(minutes=10, seconds=1)
        assert send(one, vote(id="vote-0004")).status_code == 204


def test_a_database_failure_is_a_503(service):
    service.storage.store_vote = lambda *args: (_ for _ in ()).throw(OSError("disk full"))
    response = send(service, vote())
    assert response.status_code == 503 and response.headers["Retry-After"]


def test_nothing_identifies_the_reader_in_the_database_or_the_logs(service, tmp_path):
    stream = io.StringIO()
    logs.configure("INFO", stream)
    try:
        send(service, vote(comment="Seite unklar"), **{"User-Agent": "Mozilla/5.0 Reader-Browser",
                                                        "Cookie": "session=abc123"})
        send(service, vote(id="vote-0009", language="nl"))
    finally:
        logs.configure("INFO")
    service.storage.close()  # the WAL is written back into the file
    database = b"".join(path.read_bytes() for path in tmp_path.glob("outbox.sqlite3*"))
    assert b"Seite unklar" in database
    for trace in (CLIENT.encode(), b"Reader-Browser", b"abc123"):
        assert trace not in database
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(line["event"], line.get("fields")) for line in lines] == [("feedback.stored", None),
                                                                        ("feedback.rejected", ["language"])]
    for trace in (CLIENT, "Reader-Browser", "Seite", "faq/products"):
        assert trace not in stream.getvalue()


def test_the_rules_are_those_of_the_contract():
    request = SPEC["components"]["schemas"]["FeedbackRequest"]["properties"]
    assert request["comment"]["maxLength"] == FEEDBACK_LIMITS["comment"]
    assert request["page"]["maxLength"] == FEEDBACK_LIMITS["page"]
    assert (request["id"]["pattern"], request["page"]["pattern"]) == (ID_PATTERN, PAGE_PATTERN)
