"""Where tickets go after the outbox: a connector sends one ticket, or says whether to retry.

`build_connector(settings, policy)` returns the configured one, or None when tickets stay in the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

from helpcenter.intake.settings import Settings
from helpcenter.intake.storage import Claimed
from helpcenter.policy.model import SupportPolicy


class TemporaryFailure(Exception):
    """Worth retrying: a network error, 429 or 5xx. `retry_after` is the server's Retry-After, in seconds."""

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        self.detail = detail
        self.retry_after = retry_after
        super().__init__(detail)


class PermanentFailure(Exception):
    """Retrying would not help (a 4xx other than 429): the ticket is marked failed for a person to look at."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


@dataclass(frozen=True)
class Delivered:
    remote_id: str  # the Jira issue key, or the e-mail's Message-ID
    detail: str


class Connector(Protocol):
    name: str

    def send(self, ticket: Claimed, note_remote_id: Callable[[str], None]) -> Delivered:
        """Send `ticket`; call `note_remote_id` as soon as the remote side holds it. A ticket with attempts
        already made may already be there: a connector must look for it before creating it again."""

    def close(self) -> None: ...


def build_connector(settings: Settings, policy: SupportPolicy) -> Connector | None:
    if settings.connector == "jira":
        from helpcenter.intake.connectors.jira import JiraConnector

        return JiraConnector(settings.jira, policy)
    if settings.connector == "smtp":
        from helpcenter.intake.connectors.smtp import SmtpConnector

        return SmtpConnector(settings.smtp, policy)
    return None
