"""The support policy as frozen, typed objects. Built once per build by `helpcenter.policy.loader`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from types import MappingProxyType
from typing import Mapping
from urllib.parse import urljoin

from helpcenter.policy.schema import DEFS, vocabulary

# The fixed vocabulary of support.yml, declared once in support.schema.json.
# The two response windows of the SLA table: fixed, because the SLA clock needs to know which one
# applies inside business hours.
WINDOW_IDS = vocabulary("window-id")
BUSINESS_HOURS, OUTSIDE_BUSINESS_HOURS = WINDOW_IDS
WEEKDAYS = vocabulary("weekday")  # in order, Monday first (0 = Monday, as datetime.weekday())
TICKET_FIELDS = vocabulary("ticket-field")
CONTACT_FIELDS = vocabulary("contact-field")
# Names a translated text may use between braces; `helpcenter.l10n.localize.policy_facts` gives each its value.
PLACEHOLDERS = frozenset(vocabulary("placeholder"))
# What an e-mail address looks like, in support.yml and in a ticket (the same regex in Python and JavaScript).
EMAIL_PATTERN: str = DEFS["email"]["pattern"]
# The longest value of each free-text field of a ticket, for the form, the helpdesk API and
# api/ticket-intake.openapi.yaml (a test keeps the contract in step).
TEXT_LIMITS: Mapping[str, int] = MappingProxyType(
    {"subject": 200, "description": 10000, "name": 200, "email": 254, "company": 200})
# "Was this page helpful?": the longest comment a reader may add, and the longest page path the widget
# sends (the widget, the helpdesk API and the contract read them here; a test keeps the contract in step).
FEEDBACK_LIMITS: Mapping[str, int] = MappingProxyType({"comment": 500, "page": 300})
# The widget posts to this resource of the helpdesk API, next to the tickets (see TicketForm.endpoint).
FEEDBACK_RESOURCE = "feedback"


@dataclass(frozen=True)
class Text:
    """A human-readable text in every language of the help center."""

    translations: Mapping[str, str]

    def __getitem__(self, language: str) -> str:
        return self.translations[language]

    def as_dict(self) -> dict[str, str]:
        return dict(self.translations)


@dataclass(frozen=True)
class Language:
    code: str  # "fr": the folder under docs/ and the URL prefix
    locale: str  # "fr_FR": the Babel locale used to format numbers, dates and durations


@dataclass(frozen=True)
class Item:
    """A bullet of a section: technical means, exclusions."""

    id: str
    text: Text


@dataclass(frozen=True)
class Section:
    title: Text
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Channel:
    id: str
    name: Text


@dataclass(frozen=True)
class Category:
    id: str
    label: Text
    description: Text


@dataclass(frozen=True)
class Priority:
    id: str
    label: Text
    definition: Text


@dataclass(frozen=True)
class Product:
    id: str  # also the folder of its tutorials: docs/<language>/tutorials/<id>/
    name: Text
    description: Text


@dataclass(frozen=True)
class BusinessHours:
    timezone: str  # IANA name, e.g. "Europe/Paris"
    holiday_country: str  # ISO 3166 code whose public holidays are days off, e.g. "FR"
    weekdays: tuple[int, ...]  # 0 = Monday
    start: time
    end: time
    closures: tuple[date, ...]  # the company's own closure days, on top of public holidays


@dataclass(frozen=True)
class PublicHolidayNames:
    title: Text
    intro: Text
    closure_name: Text
    # holiday day key ("07-14", "easter+1", see values.HolidayDay) -> name in every language
    names: Mapping[str, Text]
    line: int | None = None  # of `names:` in support.yml, for messages
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # of each of its keys


@dataclass(frozen=True)
class ResponseWindow:
    id: str
    label: Text


@dataclass(frozen=True)
class FirstResponse:
    title: Text
    intro: Text
    applies_to: str  # category id
    priority_heading: Text
    within: Text
    windows: tuple[ResponseWindow, ...]
    # targets[priority_id][window_id] -> maximum time to first response
    targets: Mapping[str, Mapping[str, timedelta]]

    def target(self, priority_id: str, window_id: str) -> timedelta:
        return self.targets[priority_id][window_id]


@dataclass(frozen=True)
class Contacts:
    title: Text
    help_center_label: Text
    create_ticket_label: Text
    email_label: Text
    phone_label: Text
    ticket_page: str
    helpdesk_email: str
    phone: str
    commercial_email: str

    @property
    def phone_uri(self) -> str:
        """tel: URI of the phone number; the "(0)" trunk prefix is not dialled from abroad."""
        digits = self.phone.replace("(0)", "")
        return "tel:" + "".join(ch for ch in digits if ch.isdigit() or ch == "+")


@dataclass(frozen=True)
class AttachmentLimits:
    """Files a customer may attach to a ticket; none unless support.yml says so."""

    max_files: int = 0
    max_size: int = 0  # bytes, per file
    types: tuple[str, ...] = ()  # lower-case file name extensions with their dot: ".png"


@dataclass(frozen=True)
class TicketForm:
    endpoint: str
    timeout: timedelta
    fields: Mapping[str, tuple[str, ...]]  # category id -> ticket fields, in order
    optional: tuple[str, ...]
    privacy_policy_url: str
    privacy_notice: Text
    attachments: AttachmentLimits = AttachmentLimits()
    # category id -> Jira Service Management requestTypeId (for the helpdesk API's Jira connector)
    jira_request_types: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def feedback_endpoint(self) -> str:
        """Where the articles' "Was this page helpful?" widget posts: the same helpdesk API as the tickets,
        https://helpdesk.example.com/api/v1/feedback next to .../api/v1/tickets."""
        return urljoin(self.endpoint, FEEDBACK_RESOURCE)


@dataclass(frozen=True)
class SupportPolicy:
    source: str  # file name, for messages
    company: str
    languages: tuple[Language, ...]
    title: Text
    intro: Text
    availability_above_percent: float
    coverage: str
    technical_means: Section
    hosting_sites: int
    help_center_title: Text
    help_center_text: Text
    ticket_languages: tuple[str, ...]
    channels: tuple[Channel, ...]
    tickets_text: Text
    categories_title: Text
    categories_intro: Text
    categories: tuple[Category, ...]
    priorities_title: Text
    priorities_intro: Text
    priorities: tuple[Priority, ...]
    business_hours: BusinessHours
    public_holidays: PublicHolidayNames
    business_hours_text: Text
    first_response: FirstResponse
    exclusions: Section
    contacts: Contacts
    products: tuple[Product, ...]
    ticket_form: TicketForm

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    @property
    def default_language(self) -> str:
        return self.languages[0].code

    def language(self, code: str) -> Language:
        for language in self.languages:
            if language.code == code:
                return language
        raise KeyError(code)

    def category(self, category_id: str) -> Category:
        return by_id(self.categories, category_id)

    def priority(self, priority_id: str) -> Priority:
        return by_id(self.priorities, priority_id)

    def product(self, product_id: str) -> Product:
        return by_id(self.products, product_id)

    def window(self, window_id: str) -> ResponseWindow:
        return by_id(self.first_response.windows, window_id)


def by_id(items, item_id: str):
    """The item of `items` whose `id` is `item_id`; KeyError when there is none (callers report it)."""
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def frozen_mapping(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))
