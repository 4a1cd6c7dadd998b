"""Jira Service Management Cloud, through its REST API as a service account (e-mail + API token).

For each ticket: find the customer (or create it) and add it to the service desk, create the request on
its behalf (`raiseOnBehalfOf`) with the category's request type from support.yml, our reference as a
label (or a custom field), then upload the files in two steps (temporary files, then attach them).
Jira has no idempotency: before any retry, a JQL search for our reference finds a request an earlier
attempt created even if its answer was lost, so a retry never creates a second request.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable

import httpx

from helpcenter.intake.connectors import Delivered, PermanentFailure, TemporaryFailure
from helpcenter.intake.connectors.text import ticket_text
from helpcenter.intake.settings import JiraSettings
from helpcenter.intake.storage import Claimed
from helpcenter.policy.model import SupportPolicy

EXPERIMENTAL = {"X-ExperimentalApi": "opt-in"}  # customer lookup and temporary files are "experimental"


class JiraConnector:
    name = "jira"

    def __init__(self, settings: JiraSettings, policy: SupportPolicy, timeout: float = 20.0) -> None:
        self.settings = settings
        self.policy = policy
        self.desk = settings.service_desk_id
        self.client = httpx.Client(base_url=settings.url, auth=(settings.email, settings.api_token),
                                   timeout=httpx.Timeout(timeout, connect=5.0),
                                   headers={"Accept": "application/json"})
        self._local = threading.local()  # the ticket being sent by this thread (workers share the connector)

    def close(self) -> None:
        self.client.close()

    # -- one ticket --------------------------------------------------------------------------------

    def send(self, claimed: Claimed, note_remote_id: Callable[[str], None]) -> Delivered:
        ticket, reference = claimed.ticket, claimed.reference
        self._local.private = (ticket["contact"]["email"], ticket["contact"]["name"])
        issue = claimed.remote_id
        found = False
        if issue is None and claimed.attempts:  # an earlier attempt may have created it: look first
            issue = self.find_request(reference)
            found = issue is not None
            if found:
                note_remote_id(issue)
        if issue is None:
            account = self.customer(ticket["contact"])
            issue = self.create_request(reference, ticket, account)
            note_remote_id(issue)
        if claimed.attachments:
            self.attach(issue, claimed.attachments, check_existing=bool(claimed.attempts))
        return Delivered(issue, f"{'found' if found or claimed.remote_id else 'created'} {issue}"
                                + (f" with {len(claimed.attachments)} file(s)" if claimed.attachments else ""))

    def find_request(self, reference: str) -> str | None:
        field = self.settings.reference_field
        clause = f'labels = "{reference}"' if field == "labels" else f'cf[{field.removeprefix("customfield_")}] ~ "{reference}"'
        found = self._call("GET", "/rest/api/3/search/jql", params={"jql": clause, "fields": "key", "maxResults": 2})
        issues = found.json().get("issues", [])
        return issues[0]["key"] if issues else None

    def customer(self, contact: dict) -> str:
        """The accountId of the customer with this e-mail, created and added to the service desk if needed."""
        email = contact["email"]
        listed = self._call("GET", f"/rest/servicedeskapi/servicedesk/{self.desk}/customer",
                            params={"query": email}, headers=EXPERIMENTAL).json()
        for customer in listed.get("values", []):
            if customer.get("emailAddress", "").lower() == email.lower():
                return customer["accountId"]
        created = self._call("POST", "/rest/servicedeskapi/customer", params={"strictConflictStatusCode": "true"},
                             json={"email": email, "displayName": contact["name"]}, allow=(409,))
        if created.status_code == 409:  # a customer of the site, not yet of this service desk
            users = self._call("GET", "/rest/api/3/user/search", params={"query": email}).json()
            matches = [user for user in users if user.get("emailAddress", "").lower() == email.lower()] or users
            if not matches:
                raise PermanentFailure("Jira says the customer exists but the user search finds nobody")
            account = matches[0]["accountId"]
        else:
            account = created.json()["accountId"]
        self._call("POST", f"/rest/servicedeskapi/servicedesk/{self.desk}/customer", json={"accountIds": [account]})
        return account

    def create_request(self, reference: str, ticket: dict, account: str) -> str:
        request_type = self.policy.ticket_form.jira_request_types.get(ticket["category"])
        if request_type is None:
            raise PermanentFailure(f"support.yml has no ticket_form.jira_request_types for {ticket['category']!r}")
        field = self.settings.reference_field
        values = {"summary": ticket["subject"][:255], "description": ticket_text(reference, ticket, self.policy),
                  field: [reference] if field == "labels" else reference}
        created = self._call("POST", "/rest/servicedeskapi/request", json={
            "serviceDeskId": self.desk, "requestTypeId": request_type, "requestFieldValues": values,
            "raiseOnBehalfOf": account})
        return created.json()["issueKey"]

    def attach(self, issue: str, files, check_existing: bool) -> None:
        if check_existing:  # a retry: leave out the files an earlier attempt attached
            listed = self._call("GET", f"/rest/servicedeskapi/request/{issue}/attachment").json()
            present = {item.get("filename") for item in listed.get("values", [])}
            files = [file for file in files if file[0] not in present]
            if not files:
                return
        uploaded = self._call("POST", f"/rest/servicedeskapi/servicedesk/{self.desk}/attachTemporaryFile",
                              files=[("file", (name, data, kind)) for name, kind, data in files],
                              headers={"X-Atlassian-Token": "no-check", **EXPERIMENTAL}).json()
        ids = [item["temporaryAttachmentId"] for item in uploaded["temporaryAttachments"]]
        self._call("POST", f"/rest/servicedeskapi/request/{issue}/attachment",
                   json={"temporaryAttachmentIds": ids, "public": True})

    # -- HTTP --------------------------------------------------------------------------------------

    def _call(self, method: str, path: str, allow: tuple[int, ...] = (), **options) -> httpx.Response:
        what = f"{method} {path}"
        try:
            response = self.client.request(method, path, **options)
        except httpx.TransportError as error:  # refused, reset, timed out: Jira may or may not have acted
            raise TemporaryFailure(f"{what}: {type(error).__name__} (network)") from None
        status = response.status_code
        if status in allow or status < 400:
            return response
        detail = f"HTTP {status} from {what}{self._jira_message(response)}"
        if status == 429 or status >= 500:
            raise TemporaryFailure(detail, retry_after=retry_after(response.headers.get("Retry-After")))
        raise PermanentFailure(detail)

    def _jira_message(self, response: httpx.Response) -> str:
        try:
            message = response.json().get("errorMessage") or ""
        except ValueError:
            return ""
        for private in getattr(self._local, "private", ()):  # keep what the customer typed out of the records
            message = message.replace(private, "…")
        return f": {message[:200]}" if message else ""


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return None
