"""The support policy in one language: every text resolved and every value formatted for the templates.

Python decides *what* is said here; the Jinja templates under overrides/helpcenter/ decide how it looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Mapping

from babel.dates import format_date
from babel.units import format_unit

from helpcenter.l10n import formatting
from helpcenter.policy.days_off import day_off_name, upcoming_days_off
from helpcenter.policy.model import (
    BUSINESS_HOURS,
    CONTACT_FIELDS,
    EMAIL_PATTERN,
    TEXT_LIMITS,
    TICKET_FIELDS,
    SupportPolicy,
    Text,
    by_id,
    frozen_mapping,
)
from helpcenter.policy.values import iso_duration


@dataclass(frozen=True)
class Entry:
    """A labelled thing of the policy: a category, a priority, a response window."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class SlaCell:
    priority_id: str
    window_id: str
    duration: str  # "1 heure"
    text: str  # "Sous 1 heure"
    iso: str  # "PT1H"
    seconds: int


@dataclass(frozen=True)
class SlaRow:
    priority: Entry
    cells: tuple[SlaCell, ...]


@dataclass(frozen=True)
class LocalizedContacts:
    title: str
    help_center_label: str
    create_ticket_label: str
    email_label: str
    phone_label: str
    helpdesk_email: str
    phone: str
    phone_uri: str
    commercial_email: str
    ticket_page: str


@dataclass(frozen=True)
class TicketLanguage:
    code: str
    name: str  # in the page's language: "Französisch"
    preselected: bool


@dataclass(frozen=True)
class LocalizedTicketForm:
    endpoint: str
    timeout_ms: int
    fields: Mapping[str, tuple[str, ...]]  # category id -> ticket fields, in order
    optional: tuple[str, ...]
    privacy_policy_url: str
    privacy_notice: str
    languages: tuple[TicketLanguage, ...]
    max_files: int = 0  # files a ticket may carry (0: no attachment field)
    max_size: int = 0  # bytes per file
    max_size_text: str = ""  # "5 Mo"
    file_types: tuple[str, ...] = ()  # ".png", ...
    # The vocabulary and rules of every ticket (helpcenter.policy.model), for the form and its script.
    ticket_fields: ClassVar[tuple[str, ...]] = TICKET_FIELDS
    contact_fields: ClassVar[tuple[str, ...]] = CONTACT_FIELDS
    max_lengths: ClassVar[Mapping[str, int]] = TEXT_LIMITS
    email_pattern: ClassVar[str] = EMAIL_PATTERN


@dataclass(frozen=True)
class LocalizedPolicy:
    language: str
    locale: str
    title: str
    intro: str
    availability: str
    technical_means_title: str
    technical_means: tuple[str, ...]
    help_center_title: str
    help_center_text: str
    tickets_text: str
    categories_title: str
    categories_intro: str
    categories: tuple[Entry, ...]
    priorities_title: str
    priorities_intro: str
    priorities: tuple[Entry, ...]
    business_hours: str  # "lun.–ven., 08:00–17:00 (heure de Paris)"
    sla_title: str
    sla_intro: str
    sla_applies_to: str  # the category whose tickets the response times apply to
    sla_priority_heading: str
    sla_windows: tuple[Entry, ...]  # description: the hours of the window, where it has fixed ones
    sla_rows: tuple[SlaRow, ...]
    exclusions_title: str
    exclusions: tuple[str, ...]
    contacts: LocalizedContacts
    products: tuple[Entry, ...]
    coverage: str
    ticket_languages: str
    ticket_form: LocalizedTicketForm
    holidays_title: str
    holidays_intro: str
    upcoming_days_off: tuple[Entry, ...]  # id: ISO date, label: "mardi 14 juillet 2026", description: name
    timezone_city: str
    facts: Mapping[str, str]  # the values placeholders stand for, formatted for this locale

    def priority(self, priority_id: str) -> Entry:
        return by_id(self.priorities, priority_id)

    def category(self, category_id: str) -> Entry:
        return by_id(self.categories, category_id)

    def product(self, product_id: str) -> Entry:
        return by_id(self.products, product_id)

    def window(self, window_id: str) -> Entry:
        return by_id(self.sla_windows, window_id)

    def sla_cell(self, priority_id: str, window_id: str) -> SlaCell:
        for row in self.sla_rows:
            for cell in row.cells:
                if cell.priority_id == priority_id and cell.window_id == window_id:
                    return cell
        raise KeyError((priority_id, window_id))


def policy_facts(policy: SupportPolicy, language: str) -> dict[str, str]:
    """The value of every placeholder a translated text may use, formatted for `language`."""
    locale = policy.language(language).locale
    hours = policy.business_hours
    facts = {
        "company": policy.company,
        "availability": formatting.format_percentage(policy.availability_above_percent, locale),
        "coverage": policy.coverage,
        "hosting_sites": formatting.format_count(policy.hosting_sites, locale),
        "language_count": formatting.format_count(len(policy.languages), locale),
        "ticket_languages": formatting.format_or_list(
            [formatting.language_name(code, locale) for code in policy.ticket_languages], locale
        ),
        "channels": formatting.format_or_list([channel.name[language] for channel in policy.channels], locale),
        "category": policy.category(policy.first_response.applies_to).label[language],
        "business_days": formatting.format_weekdays(hours.weekdays, locale),
        "business_hours": formatting.format_time_range(hours.start, hours.end, locale),
        "timezone_city": formatting.timezone_city(hours.timezone, locale),
        "helpdesk_email": policy.contacts.helpdesk_email,
        "commercial_email": policy.contacts.commercial_email,
        "phone": policy.contacts.phone,
    }
    return facts


def localize(policy: SupportPolicy, language: str, today: date | None = None) -> LocalizedPolicy:
    """Resolve every text of the policy in `language` and format every value with its Babel locale.

    `today` (in the support team's time zone) dates the list of upcoming days off; without it the
    list is empty.
    """
    locale = policy.language(language).locale
    facts = policy_facts(policy, language)

    def say(text: Text, **extra: str) -> str:
        return text[language].format_map({**facts, **extra})

    business_hours = say(policy.business_hours_text)
    first_response = policy.first_response
    windows = tuple(
        Entry(window.id, say(window.label), business_hours if window.id == BUSINESS_HOURS else "")
        for window in first_response.windows
    )
    priorities = tuple(Entry(p.id, say(p.label), say(p.definition)) for p in policy.priorities)
    rows = []
    for priority in priorities:
        cells = []
        for window in windows:
            target = first_response.target(priority.id, window.id)
            duration = formatting.format_duration(target, locale)
            cells.append(SlaCell(
                priority.id, window.id, duration, say(first_response.within, duration=duration),
                iso_duration(target), int(target.total_seconds()),
            ))
        rows.append(SlaRow(priority, tuple(cells)))
    contacts = policy.contacts
    return LocalizedPolicy(
        language=language,
        locale=locale,
        title=say(policy.title),
        intro=say(policy.intro),
        availability=facts["availability"],
        technical_means_title=say(policy.technical_means.title),
        technical_means=tuple(say(item.text) for item in policy.technical_means.items),
        help_center_title=say(policy.help_center_title),
        help_center_text=say(policy.help_center_text),
        tickets_text=say(policy.tickets_text),
        categories_title=say(policy.categories_title),
        categories_intro=say(policy.categories_intro),
        categories=tuple(Entry(c.id, say(c.label), say(c.description)) for c in policy.categories),
        priorities_title=say(policy.priorities_title),
        priorities_intro=say(policy.priorities_intro),
        priorities=priorities,
        business_hours=business_hours,
        sla_title=say(first_response.title),
        sla_intro=say(first_response.intro),
        sla_applies_to=first_response.applies_to,
        sla_priority_heading=say(first_response.priority_heading),
        sla_windows=windows,
        sla_rows=tuple(rows),
        exclusions_title=say(policy.exclusions.title),
        exclusions=tuple(say(item.text) for item in policy.exclusions.items),
        contacts=LocalizedContacts(
            title=say(contacts.title),
            help_center_label=say(contacts.help_center_label),
            create_ticket_label=say(contacts.create_ticket_label),
            email_label=say(contacts.email_label),
            phone_label=say(contacts.phone_label),
            helpdesk_email=contacts.helpdesk_email,
            phone=contacts.phone,
            phone_uri=contacts.phone_uri,
            commercial_email=contacts.commercial_email,
            ticket_page=contacts.ticket_page,
        ),
        products=tuple(Entry(p.id, say(p.name), say(p.description)) for p in policy.products),
        coverage=policy.coverage,
        ticket_languages=facts["ticket_languages"],
        ticket_form=_ticket_form(policy, language, locale),
        holidays_title=say(policy.public_holidays.title),
        holidays_intro=say(policy.public_holidays.intro),
        upcoming_days_off=tuple(
            Entry(day.isoformat(), format_date(day, format="full", locale=locale), day_off_name(policy, key, language))
            for day, key in (upcoming_days_off(policy, today) if today else [])
        ),
        timezone_city=facts["timezone_city"],
        facts=frozen_mapping(facts),
    )


def _ticket_form(policy: SupportPolicy, language: str, locale: str) -> LocalizedTicketForm:
    form = policy.ticket_form
    # The page's language when tickets are handled in it; otherwise the first ticket language that is
    # not the default one (English, with fr/en): a German reader is offered English, not French.
    handled = policy.ticket_languages
    others = [code for code in handled if code != policy.default_language] or list(handled)
    preselected = language if language in handled else others[0]
    return LocalizedTicketForm(
        endpoint=form.endpoint,
        timeout_ms=int(form.timeout.total_seconds() * 1000),
        fields={category: list(fields) for category, fields in form.fields.items()},  # JSON-ready for the script
        optional=form.optional,
        privacy_policy_url=form.privacy_policy_url,
        privacy_notice=form.privacy_notice[language],
        languages=tuple(
            TicketLanguage(code, formatting.language_name(code, locale), code == preselected) for code in handled
        ),
        max_files=form.attachments.max_files,
        max_size=form.attachments.max_size,
        max_size_text=_size_text(form.attachments.max_size, locale),
        file_types=form.attachments.types,
    )


def _size_text(size: int, locale: str) -> str:
    """5 MiB -> "5 MB" ("5 Mo" in French); sizes are whole KB or MB (see helpcenter.policy.values)."""
    if size % (1024 * 1024) == 0:
        return format_unit(size // (1024 * 1024), "digital-megabyte", length="short", locale=locale)
    return format_unit(size // 1024, "digital-kilobyte", length="short", locale=locale)
