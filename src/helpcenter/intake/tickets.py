"""A ticket as the form sends it, checked against support.yml: a `Ticket`, or field errors the form shows.

The rules are those of api/ticket-intake.openapi.yaml (a test keeps the lengths in step with it); the
lists of categories, products, impacts and languages, the fields asked per category and the optional
ones come from the policy, like the form's.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import PurePath

from helpcenter.policy.model import CONTACT_FIELDS, EMAIL_PATTERN, TEXT_LIMITS, TICKET_FIELDS, SupportPolicy

MAX_LENGTHS = TEXT_LIMITS
TRAP = "website"  # the spam trap: hidden from people, filled in by robots
TOP_LEVEL = ("category", *TICKET_FIELDS, "contact", "ticket_language", "page_language", TRAP)
CONTACT = CONTACT_FIELDS
EMAIL = re.compile(EMAIL_PATTERN)
CLOCK_SKEW = timedelta(minutes=5)  # a customer's clock may run a little ahead


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str  # required, email, invalid, future, file_count, file_size, file_type
    message: str

    def as_json(self) -> dict:
        return {"field": self.field, "code": self.code, "message": self.message}


class Rejected(Exception):
    """The request cannot be accepted; `status` is 400, 413, 415 or 422."""

    def __init__(self, status: int, errors: list[FieldError]) -> None:
        self.status = status
        self.errors = errors
        super().__init__("; ".join(f"{error.field}: {error.code}" for error in errors))

    def body(self) -> dict:
        return {"errors": [error.as_json() for error in self.errors]}


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Ticket:
    category: str
    subject: str
    description: str
    name: str
    email: str
    ticket_language: str
    page_language: str
    product: str | None = None
    impact: str | None = None
    started_at: datetime | None = None
    company: str | None = None
    attachments: tuple[Attachment, ...] = ()

    def as_json(self) -> dict:
        """The ticket in the contract's shape (attachments apart)."""
        data = {"category": self.category}
        for name in ("product", "impact"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.started_at:
            data["started_at"] = self.started_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
        data.update(subject=self.subject, description=self.description,
                    contact={"name": self.name, "email": self.email, **({"company": self.company} if self.company else {})},
                    ticket_language=self.ticket_language, page_language=self.page_language)
        return data

    def fingerprint(self) -> str:
        """What the Idempotency-Key is bound to: the ticket and its files."""
        canonical = json.dumps([self.as_json(), [(a.filename, a.digest) for a in self.attachments]],
                               sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def parse_ticket(payload: object, policy: SupportPolicy, now: datetime,
                 attachments: tuple[Attachment, ...] = ()) -> Ticket:
    """The ticket, or Rejected(422) listing every wrong field (Rejected(400) if it is not an object)."""
    if not isinstance(payload, dict):
        raise Rejected(400, [FieldError("body", "invalid", "the body must be a JSON object (a ticket)")])
    errors: list[FieldError] = []

    def fail(name: str, code: str, message: str) -> None:
        errors.append(FieldError(name, code, message))

    for name in payload:
        if name not in TOP_LEVEL:
            fail(name, "invalid", "unknown field")
    if payload.get(TRAP):
        fail(TRAP, "invalid", "this field must stay empty")
    contact = payload.get("contact")
    if contact is None:
        contact = {}
        fail("name", "required", "missing")
        fail("email", "required", "missing")
    elif not isinstance(contact, dict):
        contact = {}
        fail("contact", "invalid", "must be an object with name, email and company")
    else:
        for name in contact:
            if name not in CONTACT:
                fail(name, "invalid", "unknown contact field")

    form = policy.ticket_form
    category = _choice(payload, "category", [c.id for c in policy.categories], fail, required=True)
    asked = form.fields.get(category, ()) if category else ()
    values: dict[str, object] = {}
    for name in TICKET_FIELDS:
        present = payload.get(name) not in (None, "")
        if category and name not in asked:
            if present:
                fail(name, "invalid", f"not asked for the category {category!r}")
            continue
        required = name not in form.optional
        if name == "product":
            values[name] = _choice(payload, name, [p.id for p in policy.products], fail, required)
        elif name == "impact":
            values[name] = _choice(payload, name, [p.id for p in policy.priorities], fail, required)
        elif name == "started_at":
            values[name] = _instant(payload, name, now, fail, required)
        else:
            values[name] = _text(payload, name, fail, required)
    name = _text(contact, "name", fail, required="name" not in form.optional)
    email = _text(contact, "email", fail, required="email" not in form.optional)
    if email and not EMAIL.match(email):
        fail("email", "email", "not an e-mail address")
    company = _text(contact, "company", fail, required="company" not in form.optional)
    ticket_language = _choice(payload, "ticket_language", list(policy.ticket_languages), fail, required=True)
    page_language = _choice(payload, "page_language", list(policy.language_codes), fail, required=True)
    errors.extend(check_attachments(attachments, policy))
    if errors:
        raise Rejected(422, errors)
    return Ticket(category=category, subject=values.get("subject") or "", description=values.get("description") or "",
                  name=name, email=email, company=company or None, ticket_language=ticket_language,
                  page_language=page_language, product=values.get("product"), impact=values.get("impact"),
                  started_at=values.get("started_at"), attachments=attachments)


def check_attachments(attachments: tuple[Attachment, ...], policy: SupportPolicy) -> list[FieldError]:
    limits = policy.ticket_form.attachments
    errors = []
    if len(attachments) > limits.max_files:
        errors.append(FieldError("attachments", "file_count", f"at most {limits.max_files} files"))
    for attachment in attachments:
        if PurePath(attachment.filename).suffix.lower() not in limits.types:
            errors.append(FieldError("attachments", "file_type",
                                     f"{attachment.filename}: allowed types are {', '.join(limits.types)}"))
        if len(attachment.data) > limits.max_size:
            errors.append(FieldError("attachments", "file_size",
                                     f"{attachment.filename}: larger than {limits.max_size} bytes"))
        if not attachment.data:
            errors.append(FieldError("attachments", "invalid", f"{attachment.filename}: the file is empty"))
    return errors


def safe_filename(name: str) -> str:
    """The base name of an uploaded file, without folders or control characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"/')
    return base[:120] or "attachment"


def _text(source: dict, name: str, fail, required: bool) -> str | None:
    value = source.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            fail(name, "required", "missing")
        return None
    if not isinstance(value, str):
        fail(name, "invalid", "must be a text")
        return None
    value = value.strip()
    if len(value) > MAX_LENGTHS[name]:
        fail(name, "invalid", f"longer than {MAX_LENGTHS[name]} characters")
        return None
    return value


def _choice(source: dict, name: str, allowed: list[str], fail, required: bool) -> str | None:
    value = source.get(name)
    if value is None or value == "":
        if required:
            fail(name, "required", "missing")
        return None
    if value not in allowed:
        fail(name, "invalid", f"must be one of: {', '.join(allowed)}")
        return None
    return value


def _instant(source: dict, name: str, now: datetime, fail, required: bool) -> datetime | None:
    value = source.get(name)
    if value is None or value == "":
        if required:
            fail(name, "required", "missing")
        return None
    try:
        instant = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        fail(name, "invalid", "must be a date and time with its offset, e.g. 2026-11-20T09:30:00Z")
        return None
    if instant > now + CLOCK_SKEW:
        fail(name, "future", "is in the future")
        return None
    return instant.astimezone(timezone.utc)
