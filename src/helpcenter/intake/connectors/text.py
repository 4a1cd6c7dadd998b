"""A ticket as plain text for support staff: every field the customer filled in, labelled, with the labels
of support.yml in the ticket's language (the Jira description, the e-mail body)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from helpcenter.policy.model import SupportPolicy


def ticket_text(reference: str, ticket: dict, policy: SupportPolicy) -> str:
    language = ticket["ticket_language"]
    contact = ticket["contact"]
    lines = [f"Reference: {reference}",
             f"Category: {policy.category(ticket['category']).label[language]}"]
    if ticket.get("product"):
        lines.append(f"Product: {policy.product(ticket['product']).name[language]}")
    if ticket.get("impact"):
        lines.append(f"Impact (customer's view): {policy.priority(ticket['impact']).label[language]}")
    if ticket.get("started_at"):
        lines.append(f"Started at: {started_at_text(ticket['started_at'], policy)}")
    lines += [f"Reply in: {language}", f"Sent from the help center page in: {ticket['page_language']}",
              f"Name: {contact['name']}", f"E-mail: {contact['email']}"]
    if contact.get("company"):
        lines.append(f"Company or contract: {contact['company']}")
    lines += ["", f"Subject: {ticket['subject']}", "", ticket["description"]]
    return "\n".join(lines) + "\n"


def started_at_text(value: str, policy: SupportPolicy) -> str:
    """'2026-11-24 09:30 Europe/Paris (08:30 UTC)': in the support team's time zone, and in UTC."""
    instant = datetime.fromisoformat(value)
    zone = policy.business_hours.timezone
    local = instant.astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M} {zone} ({instant:%H:%M} UTC)"
