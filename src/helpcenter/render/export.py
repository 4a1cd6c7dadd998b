"""support-policy.json: the whole policy for other systems (customer area, chatbot, ticket form).

Its shape is documented in README.md ("support-policy.json"). Texts are given in every language with
their placeholders already filled; durations in ISO 8601 and in seconds.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Iterable

from helpcenter.l10n import formatting
from helpcenter.policy.days_off import CLOSURE, day_off_name, days_off, exported_years
from helpcenter.l10n.localize import localize
from helpcenter.policy.model import BUSINESS_HOURS, OUTSIDE_BUSINESS_HOURS, WEEKDAYS, SupportPolicy, by_id
from helpcenter.policy.sla import COMPANY_CLOSURE, IN_HOURS, OUTSIDE_HOURS, PUBLIC_HOLIDAY, WEEKEND
from helpcenter.policy.values import iso_duration

SCHEMA_VERSION = 1


def policy_document(policy: SupportPolicy, today: date) -> dict:
    """The JSON-ready dictionary of the whole policy; `today` picks the years of days off."""
    views = {language.code: localize(policy, language.code) for language in policy.languages}

    def texts(pick) -> dict[str, str]:
        return {code: pick(view) for code, view in views.items()}

    def entries(pick_all, ids) -> list[dict]:
        return [
            {
                "id": entry_id,
                "label": texts(lambda view: by_id(pick_all(view), entry_id).label),
                "description": texts(lambda view: by_id(pick_all(view), entry_id).description),
            }
            for entry_id in ids
        ]

    hours = policy.business_hours
    first_response = policy.first_response
    return {
        "schema_version": SCHEMA_VERSION,
        "company": policy.company,
        "default_language": policy.default_language,
        "languages": [
            {"code": language.code, "locale": language.locale, "name": formatting.native_language_name(language.code)}
            for language in policy.languages
        ],
        "title": texts(lambda view: view.title),
        "intro": texts(lambda view: view.intro),
        "availability": {"above_percent": policy.availability_above_percent},
        "coverage": policy.coverage,
        "technical_means": {
            "title": texts(lambda view: view.technical_means_title),
            "hosting_sites": policy.hosting_sites,
            "items": [
                {"id": item.id, "text": texts(lambda view: view.technical_means[index])}
                for index, item in enumerate(policy.technical_means.items)
            ],
        },
        "help_center": {
            "title": texts(lambda view: view.help_center_title),
            "text": texts(lambda view: view.help_center_text),
        },
        "tickets": {
            "languages": list(policy.ticket_languages),
            "channels": [{"id": channel.id, "name": channel.name.as_dict()} for channel in policy.channels],
            "text": texts(lambda view: view.tickets_text),
        },
        "request_categories": {
            "title": texts(lambda view: view.categories_title),
            "items": entries(lambda view: view.categories, [category.id for category in policy.categories]),
        },
        "priorities": {
            "title": texts(lambda view: view.priorities_title),
            "items": entries(lambda view: view.priorities, [priority.id for priority in policy.priorities]),
        },
        "business_hours": {
            "timezone": hours.timezone,
            "days": [WEEKDAYS[day] for day in hours.weekdays],
            "start": hours.start.strftime("%H:%M"),
            "end": hours.end.strftime("%H:%M"),
            "text": texts(lambda view: view.business_hours),
            "weekdays": list(hours.weekdays),  # the same days as numbers, 0 = Monday
            "holiday_country": hours.holiday_country,
            # Public holidays and closures of the previous, current and next two years, so that a
            # browser can tell the window of any moment without a holiday library.
            "days_off": days_off_entries(policy, exported_years(today)),
        },
        # The ids the SLA clock answers with (helpcenter.policy.sla), for scripts that run it.
        "sla_clock": {
            "windows": {"business_hours": BUSINESS_HOURS, "outside_business_hours": OUTSIDE_BUSINESS_HOURS},
            "reasons": {"business_hours": IN_HOURS, "outside_hours": OUTSIDE_HOURS, "weekend": WEEKEND,
                        "public_holiday": PUBLIC_HOLIDAY, "closure": COMPANY_CLOSURE},
        },
        "first_response": {
            "title": texts(lambda view: view.sla_title),
            "applies_to": first_response.applies_to,
            "windows": [
                {"id": window.id, "label": texts(lambda view: view.window(window.id).label)}
                for window in first_response.windows
            ],
            "targets": [
                {
                    "priority": priority_id,
                    "windows": {
                        window_id: {"iso": iso_duration(duration), "seconds": int(duration.total_seconds()),
                                    "text": texts(lambda view: view.sla_cell(priority_id, window_id).text)}
                        for window_id, duration in row.items()
                    },
                }
                for priority_id, row in first_response.targets.items()
            ],
        },
        "exclusions": {
            "title": texts(lambda view: view.exclusions_title),
            "items": [
                {"id": item.id, "text": texts(lambda view: view.exclusions[index])}
                for index, item in enumerate(policy.exclusions.items)
            ],
        },
        "products": entries(lambda view: view.products, [product.id for product in policy.products]),
        "contacts": {
            "helpdesk_email": policy.contacts.helpdesk_email,
            "phone": policy.contacts.phone,
            "phone_uri": policy.contacts.phone_uri,
            "commercial_email": policy.contacts.commercial_email,
            "ticket_page": policy.contacts.ticket_page,
        },
    }


def days_off_entries(policy: SupportPolicy, years: Iterable[int]) -> list[dict]:
    """The days off of `years` as support-policy.json gives them; `kind` is the SLA clock's reason."""
    return [
        {"date": day.isoformat(), "kind": COMPANY_CLOSURE if key == CLOSURE else PUBLIC_HOLIDAY,
         "key": key, "name": {code: day_off_name(policy, key, code) for code in policy.language_codes}}
        for day, key in days_off(policy, years).items()
    ]


def policy_json(policy: SupportPolicy, today: date) -> str:
    return json.dumps(policy_document(policy, today), ensure_ascii=False, indent=2) + "\n"
