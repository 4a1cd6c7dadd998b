"""Load support.yml into a `SupportPolicy`, stopping at the first mistake with file, line and key.

Three steps: the YAML with the line of every key (`yamlsource`), its shape checked against
support.schema.json (`schema`), then the values converted and cross-checked here: translations and
placeholders, ids defined once and used elsewhere, locales, time zone, hours.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpcenter.errors import PolicyError
from helpcenter.policy.days_off import supported_countries
from helpcenter.policy.model import (
    PLACEHOLDERS,
    AttachmentLimits,
    WEEKDAYS,
    WINDOW_IDS,
    BusinessHours,
    Category,
    Channel,
    Contacts,
    FirstResponse,
    Item,
    Language,
    Priority,
    Product,
    PublicHolidayNames,
    ResponseWindow,
    Section,
    SupportPolicy,
    Text,
    TicketForm,
    frozen_mapping,
)
from helpcenter.policy.schema import DEFS, FORMATS, SCHEMA, check_shape, join_key
from helpcenter.policy.values import parse_holiday_day
from helpcenter.policy.yamlsource import LocatedDict, LocatedList, load_located_yaml, read_located_yaml

# Texts that must contain a given placeholder, because that is where the value is shown.
_REQUIRED_PLACEHOLDERS = {"first_response.within": {"duration"}}


def load_policy(path: Path, display_name: str | None = None) -> SupportPolicy:
    """Read and validate support.yml. Errors name the file as `display_name` (default: file name)."""
    name = display_name or path.name
    return build_policy(read_located_yaml(path, name), name)


def parse_policy(text: str, file_name: str = "support.yml", shape_checked: bool = False) -> SupportPolicy:
    """Validate support.yml given as text (used by tests and tools); `shape_checked`: these exact bytes
    passed the schema before (the rest is checked all the same)."""
    return build_policy(load_located_yaml(text, file_name), file_name, shape_checked)


def build_policy(root: Any, file_name: str, shape_checked: bool = False) -> SupportPolicy:
    """The policy of a YAML tree read by `yamlsource`; PolicyError at the first mistake."""
    if root is None:
        raise PolicyError(file_name, None, "", "the file is empty")
    languages = tuple(root["languages"]) if isinstance(root, dict) and isinstance(root.get("languages"), dict) else ()
    if not shape_checked:
        check_shape(root, file_name, languages)
    reader = _Reader(file_name, languages)
    return reader.policy(reader.convert(root, SCHEMA, "", root.line))


class _Reader:
    """Turns a tree that has the schema's shape into the model, checking what the schema cannot say."""

    def __init__(self, file_name: str, languages: tuple[str, ...]) -> None:
        self.file = file_name
        self.languages = languages

    def fail(self, line: int | None, key: str, problem: str) -> PolicyError:
        return PolicyError(self.file, line, key, problem)

    # -- values, as the schema declares them ---------------------------------------------------------

    def convert(self, node: Any, schema: dict, key: str, line: int) -> Any:
        """Convert every value the schema declares as a translated text or a formatted value (duration,
        time of day, date); mappings and lists keep the lines of their keys and items."""
        if schema is DEFS["text"]:
            return self.text(node, key, line)
        if schema is DEFS["plain-text"]:
            return node.strip()
        if "format" in schema:
            return FORMATS[schema["format"]](node)
        if isinstance(node, LocatedDict):
            converted = LocatedDict()
            converted.line, converted.key_lines = node.line, node.key_lines
            properties, others = schema.get("properties", {}), schema.get("additionalProperties", {})
            for name, value in node.items():
                converted[name] = self.convert(value, properties.get(name, others), join_key(key, name),
                                               node.key_lines[name])
            return converted
        if isinstance(node, LocatedList):
            converted = LocatedList(
                self.convert(item, schema.get("items", {}), f"{key}[{index}]", node.item_lines[index])
                for index, item in enumerate(node)
            )
            converted.line, converted.item_lines = node.line, node.item_lines
            return converted
        return node

    def text(self, node: LocatedDict, key: str, line: int) -> Text:
        """A translated text: one non-empty string per language, with the same placeholders in each."""
        for language in node:
            if language not in self.languages:
                raise self.fail(node.key_lines[language], f"{key}.{language}",
                                f"{language!r} is not a language of the help center (languages: "
                                f"{', '.join(self.languages)}); remove it or add it under 'languages:'")
        for language in self.languages:
            if language not in node:
                raise self.fail(node.line, key,
                                f"has no {language!r} translation; add a '{language}:' line")
        translations = {}
        expected_fields: set[str] | None = None
        for language in self.languages:
            value_key, value_line = f"{key}.{language}", node.key_lines[language]
            fields = self.placeholders(node[language], value_key, value_line)
            if expected_fields is None:
                expected_fields = fields
            elif fields != expected_fields:
                raise self.fail(
                    value_line, value_key,
                    f"uses placeholders {_braced(fields)} but the {self.languages[0]!r} text uses "
                    f"{_braced(expected_fields)}; every translation must show the same values",
                )
            # Fold the line breaks of YAML's folded text, but keep no-break spaces (French « … »).
            translations[language] = re.sub(r"[ \t\r\n]+", " ", node[language].strip())
        return Text(frozen_mapping(translations))

    def placeholders(self, value: str, key: str, line: int) -> set[str]:
        try:
            fields = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
        except ValueError:
            raise self.fail(line, key, "unbalanced braces; placeholders look like {availability}") from None
        required = _REQUIRED_PLACEHOLDERS.get(key.rsplit(".", 1)[0], set())
        allowed = PLACEHOLDERS | required
        unknown = sorted(field for field in fields if field not in allowed)
        if unknown:
            raise self.fail(line, key,
                            f"unknown placeholder {{{unknown[0]}}}; known placeholders: {', '.join(sorted(allowed))}")
        if missing := sorted(required - fields):
            raise self.fail(line, key, f"must contain the placeholder {{{missing[0]}}}")
        return fields

    # -- cross-references ----------------------------------------------------------------------------

    def unique(self, items: LocatedList, key: str) -> LocatedList:
        """Items with an id: each id once."""
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item["id"] in seen:
                raise self.fail(items.item_lines[index], f"{key}[{index}].id",
                                f"id {item['id']!r} is already used by item {seen[item['id']]}; ids must be unique")
            seen[item["id"]] = index
        return items

    def defined(self, value: str, key: str, line: int, ids: list[str], what: str, section: str) -> str:
        if value not in ids:
            raise self.fail(line, key, f"{what} {value!r} is not defined in {section} (defined: {', '.join(ids)})")
        return value

    def rows_for(self, node: LocatedDict, key: str, ids: list[str], what: str, section: str,
                 missing: str) -> dict[str, Any]:
        """A mapping keyed by ids defined elsewhere (priorities, categories): each key must be defined
        there, and each defined id must have its row. Returns the rows in the order of `ids`."""
        for item_id in node:
            self.defined(item_id, f"{key}.{item_id}", node.key_lines[item_id], ids, what, section)
        for item_id in ids:
            if item_id not in node:
                raise self.fail(node.line, f"{key}.{item_id}", missing.format(id=item_id))
        return {item_id: node[item_id] for item_id in ids}

    def all_keys(self, node: LocatedDict, key: str, names: tuple[str, ...]) -> dict[str, Any]:
        """A mapping keyed by fixed names (the response windows): every name present, in their order."""
        for name in names:
            if name not in node:
                raise self.fail(node.line, f"{key}.{name}", "missing; add this key")
        return {name: node[name] for name in names}

    # -- the policy ----------------------------------------------------------------------------------

    def policy(self, doc: LocatedDict) -> SupportPolicy:
        categories = self.unique(doc["request_categories"]["items"], "request_categories.items")
        priorities = self.unique(doc["priorities"]["items"], "priorities.items")
        tickets = doc["tickets"]
        return SupportPolicy(
            source=self.file,
            company=doc["company"],
            languages=self.read_languages(doc["languages"]),
            title=doc["policy"]["title"],
            intro=doc["policy"]["intro"],
            availability_above_percent=float(doc["availability"]["above_percent"]),
            coverage=doc["coverage"],
            technical_means=self.section(doc["technical_means"], "technical_means"),
            hosting_sites=doc["technical_means"]["hosting_sites"],
            help_center_title=doc["help_center"]["title"],
            help_center_text=doc["help_center"]["text"],
            ticket_languages=self.read_ticket_languages(tickets["languages"]),
            channels=tuple(Channel(**item) for item in self.unique(tickets["channels"], "tickets.channels")),
            tickets_text=tickets["text"],
            categories_title=doc["request_categories"]["title"],
            categories_intro=doc["request_categories"]["intro"],
            categories=tuple(Category(**item) for item in categories),
            priorities_title=doc["priorities"]["title"],
            priorities_intro=doc["priorities"]["intro"],
            priorities=tuple(Priority(**item) for item in priorities),
            business_hours=self.read_business_hours(doc["business_hours"]),
            public_holidays=self.read_public_holidays(doc["public_holidays"]),
            business_hours_text=doc["business_hours_text"],
            first_response=self.read_first_response(doc["first_response"], categories, priorities),
            exclusions=self.section(doc["exclusions"], "exclusions"),
            contacts=Contacts(**doc["contacts"]),
            products=tuple(Product(**item) for item in self.unique(doc["products"], "products")),
            ticket_form=self.read_ticket_form(doc["ticket_form"], categories),
        )

    def read_languages(self, node: LocatedDict) -> tuple[Language, ...]:
        languages = []
        for code, settings in node.items():
            locale, line = settings["locale"], settings.key_lines["locale"]
            try:
                parsed = Locale.parse(locale)
            except (UnknownLocaleError, ValueError):
                raise self.fail(line, f"languages.{code}.locale",
                                f"{locale!r} is not a locale Babel knows; write one such as fr_FR") from None
            if parsed.language != code:
                raise self.fail(line, f"languages.{code}.locale", f"{locale!r} is not a locale of the language {code!r}")
            languages.append(Language(code, locale))
        return tuple(languages)

    def read_ticket_languages(self, node: LocatedList) -> tuple[str, ...]:
        for index, code in enumerate(node):
            if code not in self.languages:
                raise self.fail(node.item_lines[index], f"tickets.languages[{index}]",
                                f"{code!r} is not one of the help center's languages ({', '.join(self.languages)})")
        return tuple(node)

    def section(self, node: LocatedDict, key: str) -> Section:
        return Section(node["title"], tuple(Item(**item) for item in self.unique(node["items"], f"{key}.items")))

    def read_business_hours(self, node: LocatedDict) -> BusinessHours:
        at = node.key_lines
        try:
            ZoneInfo(node["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(at["timezone"], "business_hours.timezone",
                            f"{node['timezone']!r} is not a time zone name; write one such as Europe/Paris") from None
        start, end = node["start"], node["end"]
        if start >= end:
            raise self.fail(at["start"], "business_hours.start", f"start {start:%H:%M} is not before end {end:%H:%M}; "
                                                                 "business hours must start before they end")
        if node["holiday_country"] not in supported_countries():
            raise self.fail(at["holiday_country"], "business_hours.holiday_country",
                            f"{node['holiday_country']!r} is not a country the holidays package knows; "
                            "write a two-letter ISO 3166 code such as FR")
        return BusinessHours(
            timezone=node["timezone"],
            holiday_country=node["holiday_country"],
            weekdays=tuple(sorted(WEEKDAYS.index(day) for day in node["days"])),
            start=start,
            end=end,
            closures=tuple(sorted(node.get("closures", ()))),
        )

    def read_public_holidays(self, node: LocatedDict) -> PublicHolidayNames:
        """Names keyed by the day the holiday falls on ("07-14", "easter+50"), one spelling per day."""
        names_node, names, lines = node["names"], {}, {}
        for name, text in names_node.items():
            at, key = names_node.key_lines[name], f"public_holidays.names.{name}"
            try:
                day = parse_holiday_day(name).key
            except ValueError as error:
                raise self.fail(at, key, str(error)) from None
            if day in names:
                raise self.fail(at, key, f"the day {day} is named twice (line {lines[day]})")
            names[day], lines[day] = text, at
        return PublicHolidayNames(**{**node, "names": frozen_mapping(names), "line": node.key_lines["names"],
                                     "lines": frozen_mapping(lines)})

    def read_first_response(self, node: LocatedDict, categories: LocatedList, priorities: LocatedList) -> FirstResponse:
        key, at = "first_response", node.key_lines
        category_ids = [category["id"] for category in categories]
        self.defined(node["applies_to"], f"{key}.applies_to", at["applies_to"], category_ids,
                     "category", "request_categories")
        windows = self.all_keys(node["windows"], f"{key}.windows", WINDOW_IDS)
        rows = self.rows_for(node["targets"], f"{key}.targets", [priority["id"] for priority in priorities],
                             "priority", "priorities", "priority {id!r} has no response times; add a row for it")
        return FirstResponse(
            title=node["title"],
            intro=node["intro"],
            applies_to=node["applies_to"],
            priority_heading=node["priority_heading"],
            within=node["within"],
            windows=tuple(ResponseWindow(window_id, windows[window_id]["label"]) for window_id in WINDOW_IDS),
            # In the order priorities are defined, whatever the order of the rows.
            targets=frozen_mapping({
                priority_id: frozen_mapping(self.all_keys(row, f"{key}.targets.{priority_id}", WINDOW_IDS))
                for priority_id, row in rows.items()
            }),
        )

    def read_ticket_form(self, node: LocatedDict, categories: LocatedList) -> TicketForm:
        category_ids = [category["id"] for category in categories]
        fields = self.rows_for(node["fields"], "ticket_form.fields", category_ids,
                               "category", "request_categories",
                               "category {id!r} has no fields; list the fields its tickets ask for")
        return TicketForm(
            endpoint=node["endpoint"],
            timeout=node["timeout"],
            fields=frozen_mapping({category_id: tuple(names) for category_id, names in fields.items()}),
            optional=tuple(node["optional"]),
            privacy_policy_url=node["privacy_policy_url"],
            privacy_notice=node["privacy_notice"],
            attachments=self.read_attachments(node["attachments"]) if "attachments" in node else AttachmentLimits(),
            jira_request_types=frozen_mapping({
                category_id: str(request_type) for category_id, request_type in self.rows_for(
                    node["jira_request_types"], "ticket_form.jira_request_types", category_ids, "category",
                    "request_categories", "category {id!r} has no Jira request type; add its requestTypeId",
                ).items()
            } if "jira_request_types" in node else {}),
        )

    def read_attachments(self, node: LocatedDict) -> AttachmentLimits:
        return AttachmentLimits(node["max_files"], node["max_size"], tuple(node["types"]))


def check_site_languages(policy: SupportPolicy, site_languages: list[str], site_config_name: str = "mkdocs.yml") -> None:
    """The languages built by the site and those of support.yml must be the same, in the same order."""
    for code in site_languages:
        if code not in policy.language_codes:
            raise PolicyError(
                site_config_name, None, "plugins.i18n.languages",
                f"language {code!r} is built by the site but {policy.source} has no such language; "
                f"add it under 'languages:' in {policy.source} or remove it here",
            )
    for code in policy.language_codes:
        if code not in site_languages:
            raise PolicyError(
                policy.source, None, f"languages.{code}",
                f"language {code!r} is not built by the site; add it to plugins.i18n.languages in "
                f"{site_config_name} or remove it from {policy.source}",
            )
    if site_languages and site_languages[0] != policy.default_language:
        raise PolicyError(
            site_config_name, None, "plugins.i18n.languages",
            f"the default language is {site_languages[0]!r} but the first language of {policy.source} "
            f"is {policy.default_language!r}; list them in the same order",
        )


def _braced(fields: set[str]) -> str:
    return ", ".join(f"{{{field}}}" for field in sorted(fields)) or "none"
