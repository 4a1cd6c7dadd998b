"""E-mail to the helpdesk address over SMTP (Jira Service Management's e-mail channel, or any mailbox),
for teams without API access: one message per ticket, the customer as Reply-To, the files attached.

There is nothing to search on the remote side: a retry after a lost answer may send a second e-mail; it
carries the same Message-ID (derived from the reference), so mail systems and people can spot it.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from typing import Callable

from helpcenter.intake.connectors import Delivered, PermanentFailure, TemporaryFailure
from helpcenter.intake.connectors.text import ticket_text
from helpcenter.intake.settings import SmtpSettings
from helpcenter.intake.storage import Claimed
from helpcenter.policy.model import SupportPolicy


class SmtpConnector:
    name = "smtp"

    def __init__(self, settings: SmtpSettings, policy: SupportPolicy, timeout: float = 30.0) -> None:
        self.settings = settings
        self.policy = policy
        self.recipient = settings.recipient or policy.contacts.helpdesk_email
        self.timeout = timeout

    def close(self) -> None:
        pass

    def message(self, claimed: Claimed) -> EmailMessage:
        ticket, contact = claimed.ticket, claimed.ticket["contact"]
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = self.recipient
        message["Reply-To"] = formataddr((contact["name"], contact["email"]))
        message["Subject"] = f"[{claimed.reference}] {ticket['subject']}"
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = f"<{claimed.reference}@{self.settings.sender.rpartition('@')[2] or 'helpcenter'}>"
        message.set_content(ticket_text(claimed.reference, ticket, self.policy))
        for name, kind, data in claimed.attachments:
            maintype, _, subtype = kind.partition("/")
            message.add_attachment(data, maintype=maintype or "application", subtype=subtype or "octet-stream",
                                   filename=name)
        return message

    def send(self, claimed: Claimed, note_remote_id: Callable[[str], None]) -> Delivered:
        message = self.message(claimed)
        try:
            # The host name, not getfqdn(): a DNS lookup in EHLO can stall where DNS is slow.
            with smtplib.SMTP(self.settings.host, self.settings.port, timeout=self.timeout,
                              local_hostname=socket.gethostname()) as smtp:
                if self.settings.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.settings.username:
                    smtp.login(self.settings.username, self.settings.password or "")
                smtp.send_message(message)
        except smtplib.SMTPResponseException as error:  # 4xx: try later; 5xx: refused for good
            detail = f"SMTP {error.smtp_code} from {self.settings.host}"
            if 400 <= error.smtp_code < 500:
                raise TemporaryFailure(detail) from None
            raise PermanentFailure(detail) from None
        except smtplib.SMTPRecipientsRefused:
            raise PermanentFailure(f"{self.settings.host} refused the recipient {self.recipient}") from None
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(f"SMTP {self.settings.host}:{self.settings.port}: {type(error).__name__}") from None
        note_remote_id(message["Message-ID"])
        return Delivered(message["Message-ID"], f"e-mailed to {self.recipient}")
