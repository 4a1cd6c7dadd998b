"""A reader's "Was this page helpful?" vote, checked: a `Vote`, or the field errors of the contract.

The rules are those of the `FeedbackRequest` of api/ticket-intake.openapi.yaml (a test keeps them in
step). A vote names no one: the page, its language, yes or no, and an optional comment the widget asks
the reader to keep free of personal data. `id` is a random UUID the widget draws for each vote, so
that a retry, or the comment sent after a "no", never counts a vote twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpcenter.intake.tickets import FieldError, Rejected
from helpcenter.policy.model import FEEDBACK_LIMITS, SupportPolicy

FIELDS = ("id", "page", "language", "helpful", "comment")
ID_PATTERN = r"^[0-9A-Za-z-]{8,64}$"
# A page's path inside its language, as the site links it: faq/products/ (no leading slash, no
# language folder, no query); segments of letters, digits, '-', '_' and '~', with an optional extension.
PAGE_PATTERN = r"^(?:[0-9A-Za-z_~-]+(?:\.[0-9A-Za-z]+)?/)*(?:[0-9A-Za-z_~-]+(?:\.[0-9A-Za-z]+)?)?$"


@dataclass(frozen=True)
class Vote:
    id: str
    page: str
    language: str
    helpful: bool
    comment: str | None = None


def parse_vote(payload: object, policy: SupportPolicy) -> Vote:
    """The vote, or Rejected(422) listing every wrong field (Rejected(400) if it is not an object)."""
    if not isinstance(payload, dict):
        raise Rejected(400, [FieldError("body", "invalid", "the body must be a JSON object (a vote)")])
    errors = [FieldError(name, "invalid", "unknown field") for name in payload if name not in FIELDS]
    for name in ("id", "page", "language", "helpful"):
        if payload.get(name) in (None, ""):
            errors.append(FieldError(name, "required", "missing"))
    vote_id, page, language = payload.get("id"), payload.get("page"), payload.get("language")
    helpful, comment = payload.get("helpful"), payload.get("comment")
    if vote_id and not (isinstance(vote_id, str) and re.match(ID_PATTERN, vote_id)):
        errors.append(FieldError("id", "invalid", "a UUID drawn by the widget for this vote"))
    if page and not (isinstance(page, str) and len(page) <= FEEDBACK_LIMITS["page"] and re.match(PAGE_PATTERN, page)):
        errors.append(FieldError("page", "invalid", "the page's path inside its language, e.g. faq/products/"))
    if language and language not in policy.language_codes:
        errors.append(FieldError("language", "invalid", f"must be one of: {', '.join(policy.language_codes)}"))
    if helpful is not None and not isinstance(helpful, bool):
        errors.append(FieldError("helpful", "invalid", "true (yes) or false (no)"))
    if comment is not None and not isinstance(comment, str):
        errors.append(FieldError("comment", "invalid", "must be a text"))
    elif len(comment or "") > FEEDBACK_LIMITS["comment"]:
        errors.append(FieldError("comment", "invalid", f"longer than {FEEDBACK_LIMITS['comment']} characters"))
    if errors:
        raise Rejected(422, errors)
    return Vote(vote_id, page, language, helpful, (comment or "").strip() or None)
