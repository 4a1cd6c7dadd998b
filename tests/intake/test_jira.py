"""The Jira Service Management connector against a local fake of the documented endpoints: the exact
requests, then the faults (500 then 201, Jira down, a lost answer, 429) through the forwarding worker."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import ROOT
from fake_jira import DESK, EMAIL, TOKEN, run_fake_jira
from helpcenter.intake.connectors.jira import JiraConnector, retry_after
from helpcenter.intake.outbox import Forwarder, RetryPolicy
from helpcenter.intake.service import Intake
from helpcenter.intake.settings import JiraSettings
from helpcenter.intake.storage import open_storage
from helpcenter.intake.tickets import Attachment, parse_ticket
from helpcenter.policy.loader import load_policy
from intake_support import Clock, free_port, key, seeded, technical_ticket

POLICY = load_policy(ROOT / "support.yml")
CUSTOMER = technical_ticket()["contact"]


@pytest.fixture
def jira():
    with run_fake_jira() as fake:
        yield fake


@pytest.fixture
def outbox(tmp_path):
    storage = open_storage(f"sqlite:///{tmp_path / 'outbox.sqlite3'}")
    yield storage
    storage.close()


def connector_for(url: str) -> JiraConnector:
    return JiraConnector(JiraSettings(url=url, email=EMAIL, api_token=TOKEN, service_desk_id=DESK), POLICY, timeout=2)


def accept(storage, clock, number=0, files=()) -> str:
    ticket = parse_ticket(technical_ticket(), POLICY, clock(), tuple(files))
    return Intake(POLICY, storage, clock, seeded(), timedelta(hours=24)).submit(key(number), ticket).body["reference"]


def forwarder(storage, connector, clock) -> Forwarder:
    return Forwarder(storage, connector, clock, seeded(), RetryPolicy(max_attempts=5), "test-worker")


def test_a_ticket_becomes_a_request_raised_on_behalf_of_the_customer(jira, outbox):
    clock = Clock()
    files = (Attachment("screen.png", "image/png", b"\x89PNG-data"), Attachment("alerts.log", "text/plain", b"09:00\n"))
    reference = accept(outbox, clock, files=files)
    assert forwarder(outbox, connector_for(jira.url), clock).run_once()

    assert jira.routes() == [
        f"GET /rest/servicedeskapi/servicedesk/{DESK}/customer",  # look the customer up first
        "POST /rest/servicedeskapi/customer",  # not found: create it
        f"POST /rest/servicedeskapi/servicedesk/{DESK}/customer",  # and add it to the service desk
        "POST /rest/servicedeskapi/request",
        f"POST /rest/servicedeskapi/servicedesk/{DESK}/attachTemporaryFile",
        "POST /rest/servicedeskapi/request/SUP-1/attachment",
    ]
    lookup, create_customer, add_customer, create, upload, attach = jira.calls
    assert lookup["query"] == {"query": CUSTOMER["email"]}
    assert create_customer["query"] == {"strictConflictStatusCode": "true"}
    assert create_customer["json"] == {"email": CUSTOMER["email"], "displayName": CUSTOMER["name"]}
    account = jira.site_users[CUSTOMER["email"]]
    assert add_customer["json"] == {"accountIds": [account]}
    body = create["json"]
    assert {k: body[k] for k in ("serviceDeskId", "requestTypeId", "raiseOnBehalfOf")} == {
        "serviceDeskId": DESK, "requestTypeId": POLICY.ticket_form.jira_request_types["technical-assistance"],
        "raiseOnBehalfOf": account}
    fields = body["requestFieldValues"]
    assert fields["summary"] == technical_ticket()["subject"] and fields["labels"] == [reference]
    description = fields["description"]
    for expected in (f"Reference: {reference}", POLICY.category("technical-assistance").label["en"],
                     f"Product: {POLICY.product('lightning-alert').name['en']}",
                     f"Impact (customer's view): {POLICY.priority('high').label['en']}",
                     f"Started at: 2026-11-24 09:30 {POLICY.business_hours.timezone} (08:30 UTC)", "Reply in: en",
                     f"E-mail: {CUSTOMER['email']}", f"Company or contract: {CUSTOMER['company']}",
                     technical_ticket()["description"]):
        assert expected in description
    assert upload["headers"]["x-atlassian-token"] == "no-check"
    assert upload["files"] == [("screen.png", b"\x89PNG-data"), ("alerts.log", b"09:00\n")]
    assert attach["json"] == {"temporaryAttachmentIds": ["temp-2", "temp-3"], "public": True}
    assert jira.requests["SUP-1"]["attachments"] == [("screen.png", b"\x89PNG-data"), ("alerts.log", b"09:00\n")]
    record = outbox.ticket(reference)
    assert (record.state, record.remote_id, record.history[0].detail) == ("sent", "SUP-1", "created SUP-1 with 2 file(s)")


def test_a_known_customer_is_not_created_again(jira, outbox):
    jira.site_users[CUSTOMER["email"]] = "acc-known"  # a user of the site, not yet of the service desk
    clock = Clock()
    accept(outbox, clock)
    forwarder(outbox, connector_for(jira.url), clock).run_once()
    assert jira.routes()[:4] == [f"GET /rest/servicedeskapi/servicedesk/{DESK}/customer",
                                 "POST /rest/servicedeskapi/customer", "GET /rest/api/3/user/search",
                                 f"POST /rest/servicedeskapi/servicedesk/{DESK}/customer"]
    assert jira.requests["SUP-1"]["raiseOnBehalfOf"] == "acc-known"
    accept(outbox, clock, number=1)
    jira.calls.clear()
    forwarder(outbox, connector_for(jira.url), clock).run_once()
    assert jira.routes()[0:2] == [f"GET /rest/servicedeskapi/servicedesk/{DESK}/customer",
                                  "POST /rest/servicedeskapi/request"], "found in the service desk: no creation"


def test_500_then_201_creates_one_request(jira, outbox):
    clock = Clock()
    reference = accept(outbox, clock)
    jira.faults["POST /rest/servicedeskapi/request"] = [500]
    worker = forwarder(outbox, connector_for(jira.url), clock)
    worker.run_once()
    record = outbox.ticket(reference)
    assert (record.state, record.attempts) == ("pending", 1)
    assert record.last_error == "HTTP 500 from POST /rest/servicedeskapi/request: scripted failure"
    assert 0 <= record.next_attempt_at - clock().timestamp() <= RetryPolicy().base.total_seconds()
    assert not worker.run_once(), "not retried before its backoff delay"
    clock.advance(seconds=5)
    worker.run_once()
    assert len(jira.requests) == 1 and outbox.ticket(reference).state == "sent"
    assert "GET /rest/api/3/search/jql" in jira.routes(), "the retry looked for the request first"


def test_jira_down_keeps_the_ticket_pending_and_retries_with_growing_delays(jira, outbox):
    clock = Clock()
    reference = accept(outbox, clock)
    down = forwarder(outbox, connector_for(f"http://127.0.0.1:{free_port()}"), clock)
    for _ in range(3):
        clock.advance(hours=1)
        assert down.run_once()
    record = outbox.ticket(reference)
    assert (record.state, record.attempts) == ("pending", 3)
    assert [attempt.outcome for attempt in record.history] == ["retry"] * 3
    assert "ConnectError (network)" in record.last_error
    clock.advance(hours=1)
    assert forwarder(outbox, connector_for(jira.url), clock).run_once()  # Jira is back
    assert outbox.ticket(reference).state == "sent" and len(jira.requests) == 1


def test_a_lost_answer_is_found_by_the_search_and_no_second_request_is_created(jira, outbox):
    clock = Clock()
    reference = accept(outbox, clock)
    jira.faults["POST /rest/servicedeskapi/request"] = ["lost"]
    worker = forwarder(outbox, connector_for(jira.url), clock)
    worker.run_once()
    assert len(jira.requests) == 1, "Jira created the request, but its answer was lost"
    assert outbox.ticket(reference).state == "pending"
    clock.advance(minutes=5)
    worker.run_once()
    assert len(jira.requests) == 1, "no duplicate"
    assert jira.calls_to("GET", "/rest/api/3/search/jql")[-1]["query"]["jql"] == f'labels = "{reference}"'
    record = outbox.ticket(reference)
    assert (record.state, record.remote_id, record.history[-1].detail) == ("sent", "SUP-1", "found SUP-1")


def test_files_attached_before_a_failure_are_not_attached_twice(jira, outbox):
    clock = Clock()
    files = (Attachment("a.txt", "text/plain", b"a"),)
    reference = accept(outbox, clock, files=files)
    jira.faults["POST /rest/servicedeskapi/request/SUP-1/attachment"] = ["lost"]
    worker = forwarder(outbox, connector_for(jira.url), clock)
    worker.run_once()
    clock.advance(minutes=5)
    worker.run_once()
    assert jira.requests["SUP-1"]["attachments"] == [("a.txt", b"a")]
    assert outbox.ticket(reference).state == "sent"


def test_429_is_retried_no_sooner_than_retry_after(jira, outbox):
    clock = Clock()
    reference = accept(outbox, clock)
    jira.faults["POST /rest/servicedeskapi/request"] = [(429, 120)]
    forwarder(outbox, connector_for(jira.url), clock).run_once()
    assert outbox.ticket(reference).next_attempt_at >= clock().timestamp() + 120


def test_a_refused_request_fails_for_a_person_to_look_at_without_personal_data(jira, outbox):
    clock = Clock()
    reference = accept(outbox, clock)
    jira.faults[f"POST /rest/servicedeskapi/servicedesk/{DESK}/customer"] = [403]
    forwarder(outbox, connector_for(jira.url), clock).run_once()
    record = outbox.ticket(reference)
    assert record.state == "failed" and record.last_error.startswith("HTTP 403 from POST")
    assert CUSTOMER["email"] not in record.last_error


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("120") == 120 and retry_after(None) is None and retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
