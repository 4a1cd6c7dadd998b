"""The e-mail connector against a real SMTP server (aiosmtpd on 127.0.0.1): the message, its attachments,
and what a refusal or an unreachable server does to the ticket."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from conftest import ROOT
from helpcenter.intake.connectors.smtp import SmtpConnector
from helpcenter.intake.outbox import Forwarder, RetryPolicy
from helpcenter.intake.service import Intake
from helpcenter.intake.settings import SmtpSettings
from helpcenter.intake.storage import open_storage
from helpcenter.intake.tickets import Attachment, parse_ticket
from helpcenter.policy.loader import load_policy
from intake_support import Clock, free_port, key, seeded, technical_ticket

POLICY = load_policy(ROOT / "support.yml")


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages = []
        self.refuse = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        if self.refuse:
            return self.refuse
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 OK"


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), server_hostname="localhost")
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def connector(port: int) -> SmtpConnector:
    settings = SmtpSettings(host="127.0.0.1", port=port, starttls=False, username=None, password=None,
                            sender="helpcenter@meteorage.example", recipient=None)
    return SmtpConnector(settings, POLICY, timeout=5)


@pytest.fixture
def outbox(tmp_path):
    storage = open_storage(f"sqlite:///{tmp_path / 'outbox.sqlite3'}")
    yield storage
    storage.close()


def accept(storage, clock, files=()) -> str:
    ticket = parse_ticket(technical_ticket(), POLICY, clock(), tuple(files))
    return Intake(POLICY, storage, clock, seeded(), timedelta(hours=24)).submit(key(), ticket).body["reference"]


def test_the_ticket_arrives_by_email_with_its_files(inbox, outbox):
    clock = Clock()
    files = (Attachment("screen.png", "image/png", b"\x89PNG\r\n"), Attachment("alerts.log", "text/plain", b"09:00 none\n"))
    reference = accept(outbox, clock, files)
    Forwarder(outbox, connector(inbox.port), clock, seeded(), RetryPolicy(), "w").run_once()
    ((recipients, message),) = inbox.messages
    assert recipients == [POLICY.contacts.helpdesk_email]
    assert message["Subject"] == f"[{reference}] {technical_ticket()['subject']}"
    assert message["Reply-To"] == "Anna Schmidt <anna.schmidt@example.de>"
    assert message["Message-ID"] == f"<{reference}@meteorage.example>"
    body = message.get_body(("plain",)).get_content()
    assert f"Reference: {reference}" in body and technical_ticket()["description"] in body
    attached = [(part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
                for part in message.iter_attachments()]
    assert attached == [("screen.png", "image/png", b"\x89PNG\r\n"), ("alerts.log", "text/plain", b"09:00 none\n")]
    record = outbox.ticket(reference)
    assert record.state == "sent" and record.history[0].detail == f"e-mailed to {POLICY.contacts.helpdesk_email}"


def test_a_temporary_refusal_is_retried_and_a_permanent_one_fails(inbox, outbox):
    clock = Clock()
    reference = accept(outbox, clock)
    worker = Forwarder(outbox, connector(inbox.port), clock, seeded(), RetryPolicy(), "w")
    inbox.refuse = "451 try again later"
    worker.run_once()
    assert outbox.ticket(reference).state == "pending"
    clock.advance(hours=1)
    inbox.refuse = "554 no"
    worker.run_once()
    record = outbox.ticket(reference)
    assert (record.state, record.last_error) == ("failed", "SMTP 554 from 127.0.0.1")


def test_an_unreachable_server_keeps_the_ticket_pending(outbox):
    clock = Clock()
    reference = accept(outbox, clock)
    Forwarder(outbox, connector(free_port()), clock, seeded(), RetryPolicy(), "w").run_once()
    record = outbox.ticket(reference)
    assert record.state == "pending" and "ConnectionRefusedError" in record.last_error
