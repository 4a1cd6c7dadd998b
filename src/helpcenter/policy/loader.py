"""Load support.yml into a `SupportPolicy`, stopping at the first mistake with file, line and key."""

from __future__ import annotations

import re
import string
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from babel import Locale, UnknownLocaleError
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpcenter.errors import PolicyError
from helpcenter.policy.model import (
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
    AttachmentLimits,
    CONTACT_FIELDS,
    TICKET_FIELDS,
    SupportPolicy,
    Text,
    TicketForm,
    frozen_mapping,
)
from helpcenter.policy.values import parse_duration, parse_size, parse_time_of_day
from helpcenter.policy.yamlsource import LocatedDict, LocatedList, load_located_yaml, read_located_yaml

# Names a translated text may use between braces; `helpcenter.l10n.localize` gives each its value.
PLACEHOLDERS = frozenset({
    "company", "availability", "coverage", "hosting_sites", "language_count", "ticket_languages",
    "channels", "category", "business_days", "business_hours", "timezone_city", "helpdesk_email",
    "commercial_email", "phone",
})
# Texts that must contain a given placeholder, because that is where the value is shown.
_REQUIRED_PLACEHOLDERS = {"first_response.within": {"duration"}}

T = TypeVar("T")


def load_policy(path: Path, display_name: str | None = None) -> SupportPolicy:
    """Read and validate support.yml. Errors name the file as `display_name` (default: file name)."""
    name = display_name or path.name
    return _PolicyReader(name).policy(read_located_yaml(path, name))


def parse_policy(text: str, file_name: str = "support.yml") -> SupportPolicy:
    """Validate support.yml given as text (used by tests and tools)."""
    return _PolicyReader(file_name).policy(load_located_yaml(text, file_name))


class _PolicyReader:
    """Walks the located YAML tree; every check knows the dotted key and the line it is about."""

    def __init__(self, file_name: str) -> None:
        self.file = file_name
        self.languages: tuple[str, ...] = ()

    # -- errors --------------------------------------------------------------------------------------

    def fail(self, line: int | None, key: str, problem: str) -> PolicyError:
        return PolicyError(self.file, line, key, problem)

    # -- generic readers -----------------------------------------------------------------------------

    def mapping(self, node: Any, key: str, line: int, required: Iterable[str], optional: Iterable[str] = ()) -> LocatedDict:
        """Check that `node` is a mapping with exactly the allowed keys, all required ones present."""
        if not isinstance(node, LocatedDict):
            raise self.fail(line, key, f"expected a mapping of keys, got {_describe(node)}")
        required, optional = list(required), list(optional)
        allowed = required + optional
        for child in node:
            if child not in allowed:
                raise self.fail(
                    node.key_lines[child], _join(key, child),
                    f"unknown key; expected one of: {', '.join(allowed)} (check the spelling)",
                )
        for child in required:
            if child not in node:
                raise self.fail(node.line, _join(key, child), "missing; add this key")
        return node

    def entries(self, node: Any, key: str, line: int) -> LocatedDict:
        """A mapping whose keys are ids chosen by the writer (no fixed key list)."""
        if not isinstance(node, LocatedDict) or not node:
            raise self.fail(line, key, f"expected a non-empty mapping, got {_describe(node)}")
        return node

    def sequence(self, node: Any, key: str, line: int) -> LocatedList:
        if not isinstance(node, LocatedList) or not node:
            raise self.fail(line, key, f"expected a non-empty list, got {_describe(node)}")
        return node

    def string(self, node: Any, key: str, line: int) -> str:
        if not isinstance(node, str) or not node.strip():
            raise self.fail(line, key, f"expected a non-empty text, got {_describe(node)}")
        return node.strip()

    def integer(self, node: Any, key: str, line: int, minimum: int = 0) -> int:
        if isinstance(node, bool) or not isinstance(node, int) or node < minimum:
            raise self.fail(line, key, f"expected a whole number of at least {minimum}, got {_describe(node)}")
        return node

    def number(self, node: Any, key: str, line: int) -> float:
        if isinstance(node, bool) or not isinstance(node, (int, float)):
            raise self.fail(line, key, f"expected a number, got {_describe(node)}")
        return float(node)

    def identifier(self, node: Any, key: str, line: int) -> str:
        value = self.string(node, key, line)
        if not all(ch.isalnum() or ch == "-" for ch in value) or value != value.lower():
            raise self.fail(line, key, f"{value!r} is not a valid id; use lower-case letters, digits and hyphens")
        return value

    def text(self, node: Any, key: str, line: int) -> Text:
        """A translated text: one non-empty string per language, with consistent placeholders."""
        if isinstance(node, str):
            raise self.fail(
                line, key,
                f"expected one translation per language ({', '.join(self.languages)}), got a single text",
            )
        if not isinstance(node, LocatedDict):
            raise self.fail(line, key, f"expected one translation per language ({', '.join(self.languages)}), "
                                       f"got {_describe(node)}")
        for language in node:
            if language not in self.languages:
                raise self.fail(node.key_lines[language], f"{key}.{language}",
                                f"{language!r} is not a language of the help center (languages: "
                                f"{', '.join(self.languages)}); remove it or add it under 'languages:'")
        for language in self.languages:
            if language not in node:
                raise self.fail(node.line, key, f"has no {language!r} translation; add a '{language}:' line")
        translations = {}
        expected_fields: set[str] | None = None
        for language in self.languages:
            value_key, value_line = f"{key}.{language}", node.key_lines[language]
            value = self.string(node[language], value_key, value_line)
            fields = self._placeholders(value, value_key, value_line)
            if expected_fields is None:
                expected_fields = fields
            elif fields != expected_fields:
                raise self.fail(
                    value_line, value_key,
                    f"uses placeholders {_braced(fields)} but the {self.languages[0]!r} text uses "
                    f"{_braced(expected_fields)}; every translation must show the same values",
                )
            # Fold the line breaks of YAML's folded text, but keep no-break spaces (French « … »).
            translations[language] = re.sub(r"[ \t\r\n]+", " ", value)
        return Text(frozen_mapping(translations))

    def _placeholders(self, value: str, key: str, line: int) -> set[str]:
        try:
            fields = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
        except ValueError:
            raise self.fail(line, key, "unbalanced braces; placeholders look like {availability}") from None
        allowed = PLACEHOLDERS | _REQUIRED_PLACEHOLDERS.get(key.rsplit(".", 1)[0], set())
        unknown = sorted(field for field in fields if field not in allowed)
        if unknown:
            raise self.fail(
                line, key,
                f"unknown placeholder {{{unknown[0]}}}; known placeholders: {', '.join(sorted(allowed))}",
            )
        for required in _REQUIRED_PLACEHOLDERS.get(key.rsplit(".", 1)[0], ()):
            if required not in fields:
                raise self.fail(line, key, f"must contain the placeholder {{{required}}}")
        return fields

    def rows_for(self, node: Any, key: str, line: int, defined: list[str], what: str, section: str,
                 missing: str) -> dict[str, tuple[Any, str, int]]:
        """A mapping keyed by ids defined elsewhere (priorities, categories): each key must be defined
        there, and each defined id must have its row. Returns id -> (value, key, line)."""
        node = self.entries(node, key, line)
        rows = {}
        for item_id, value in node.items():
            item_key, item_line = f"{key}.{item_id}", node.key_lines[item_id]
            if item_id not in defined:
                raise self.fail(item_line, item_key,
                                f"{what} {item_id!r} is not defined in {section} (defined: {', '.join(defined)})")
            rows[item_id] = (value, item_key, item_line)
        for item_id in defined:
            if item_id not in rows:
                raise self.fail(node.line, f"{key}.{item_id}", missing.format(id=item_id))
        return rows

    def listed(self, node: LocatedList, key: str, read: Callable[[Any, str, int], T]) -> tuple[T, ...]:
        return tuple(read(item, f"{key}[{index}]", node.item_lines[index]) for index, item in enumerate(node))

    def unique_ids(self, items: tuple[Any, ...], key: str, node: LocatedList) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                raise self.fail(
                    node.item_lines[index], f"{key}[{index}].id",
                    f"id {item.id!r} is already used by item {seen[item.id]}; ids must be unique",
                )
            seen[item.id] = index

    # -- the policy ----------------------------------------------------------------------------------

    def policy(self, root: Any) -> SupportPolicy:
        top_keys = (
            "company", "languages", "policy", "availability", "coverage", "technical_means", "help_center",
            "tickets", "request_categories", "priorities", "business_hours", "business_hours_text",
            "first_response", "exclusions", "contacts", "products", "ticket_form", "public_holidays",
        )
        if root is None:
            raise self.fail(None, "", "the file is empty")
        root = self.mapping(root, "", 1, required=top_keys)
        at = root.key_lines

        self.languages = self.read_languages(root["languages"], at["languages"])
        languages = tuple(
            Language(code, root["languages"][code]["locale"]) for code in self.languages
        )
        policy_node = self.mapping(root["policy"], "policy", at["policy"], required=("title", "intro"))
        availability = self.mapping(root["availability"], "availability", at["availability"], ("above_percent",))
        above = self.number(availability["above_percent"], "availability.above_percent",
                            availability.key_lines["above_percent"])
        if not 0 < above <= 100:
            raise self.fail(availability.key_lines["above_percent"], "availability.above_percent",
                            f"{above:g} is not a percentage between 0 and 100")

        means = self.mapping(root["technical_means"], "technical_means", at["technical_means"],
                             ("title", "hosting_sites", "items"))
        help_center = self.mapping(root["help_center"], "help_center", at["help_center"], ("title", "text"))
        tickets = self.mapping(root["tickets"], "tickets", at["tickets"], ("languages", "channels", "text"))
        ticket_languages = self.read_ticket_languages(tickets["languages"], tickets.key_lines["languages"])
        channels_node = self.sequence(tickets["channels"], "tickets.channels", tickets.key_lines["channels"])
        channels = self.listed(channels_node, "tickets.channels", self.entry_reader(Channel, ("name",)))
        self.unique_ids(channels, "tickets.channels", channels_node)

        categories_node = self.mapping(root["request_categories"], "request_categories",
                                       at["request_categories"], ("title", "intro", "items"))
        category_items = self.sequence(categories_node["items"], "request_categories.items",
                                       categories_node.key_lines["items"])
        categories = self.listed(category_items, "request_categories.items",
                                 self.entry_reader(Category, ("label", "description")))
        self.unique_ids(categories, "request_categories.items", category_items)

        priorities_node = self.mapping(root["priorities"], "priorities", at["priorities"], ("title", "intro", "items"))
        priority_items = self.sequence(priorities_node["items"], "priorities.items", priorities_node.key_lines["items"])
        priorities = self.listed(priority_items, "priorities.items", self.entry_reader(Priority, ("label", "definition")))
        self.unique_ids(priorities, "priorities.items", priority_items)

        products_node = self.sequence(root["products"], "products", at["products"])
        products = self.listed(products_node, "products", self.entry_reader(Product, ("name", "description")))
        self.unique_ids(products, "products", products_node)

        business_hours = self.read_business_hours(root["business_hours"], at["business_hours"])
        first_response = self.read_first_response(
            root["first_response"], at["first_response"], categories, priorities
        )
        return SupportPolicy(
            source=self.file,
            company=self.string(root["company"], "company", at["company"]),
            languages=languages,
            title=self.text(policy_node["title"], "policy.title", policy_node.key_lines["title"]),
            intro=self.text(policy_node["intro"], "policy.intro", policy_node.key_lines["intro"]),
            availability_above_percent=above,
            coverage=self.string(root["coverage"], "coverage", at["coverage"]),
            technical_means=self.read_section(means, "technical_means"),
            hosting_sites=self.integer(means["hosting_sites"], "technical_means.hosting_sites",
                                       means.key_lines["hosting_sites"], minimum=1),
            help_center_title=self.text(help_center["title"], "help_center.title", help_center.key_lines["title"]),
            help_center_text=self.text(help_center["text"], "help_center.text", help_center.key_lines["text"]),
            ticket_languages=ticket_languages,
            channels=channels,
            tickets_text=self.text(tickets["text"], "tickets.text", tickets.key_lines["text"]),
            categories_title=self.text(categories_node["title"], "request_categories.title",
                                       categories_node.key_lines["title"]),
            categories_intro=self.text(categories_node["intro"], "request_categories.intro",
                                       categories_node.key_lines["intro"]),
            categories=categories,
            priorities_title=self.text(priorities_node["title"], "priorities.title", priorities_node.key_lines["title"]),
            priorities_intro=self.text(priorities_node["intro"], "priorities.intro", priorities_node.key_lines["intro"]),
            priorities=priorities,
            business_hours=business_hours,
            public_holidays=self.read_public_holidays(root["public_holidays"], at["public_holidays"]),
            business_hours_text=self.text(root["business_hours_text"], "business_hours_text", at["business_hours_text"]),
            first_response=first_response,
            exclusions=self.read_section(
                self.mapping(root["exclusions"], "exclusions", at["exclusions"], ("title", "items")), "exclusions"
            ),
            contacts=self.read_contacts(root["contacts"], at["contacts"]),
            products=products,
            ticket_form=self.read_ticket_form(root["ticket_form"], at["ticket_form"], categories),
        )

    def read_languages(self, node: Any, line: int) -> tuple[str, ...]:
        node = self.entries(node, "languages", line)
        codes = []
        for code, settings in node.items():
            key, code_line = f"languages.{code}", node.key_lines[code]
            if len(code) != 2 or not code.isalpha() or not code.islower():
                raise self.fail(code_line, key, f"{code!r} is not a two-letter language code such as 'fr'")
            settings = self.mapping(settings, key, code_line, required=("locale",))
            locale = self.string(settings["locale"], f"{key}.locale", settings.key_lines["locale"])
            try:
                parsed = Locale.parse(locale)
            except (UnknownLocaleError, ValueError):
                raise self.fail(settings.key_lines["locale"], f"{key}.locale",
                                f"{locale!r} is not a locale Babel knows; write one such as fr_FR") from None
            if parsed.language != code:
                raise self.fail(settings.key_lines["locale"], f"{key}.locale",
                                f"{locale!r} is not a locale of the language {code!r}")
            codes.append(code)
        return tuple(codes)

    def read_ticket_languages(self, node: Any, line: int) -> tuple[str, ...]:
        node = self.sequence(node, "tickets.languages", line)
        codes = []
        for index, code in enumerate(node):
            key, item_line = f"tickets.languages[{index}]", node.item_lines[index]
            code = self.string(code, key, item_line)
            if code not in self.languages:
                raise self.fail(item_line, key,
                                f"{code!r} is not one of the help center's languages ({', '.join(self.languages)})")
            codes.append(code)
        return tuple(codes)

    def read_section(self, node: LocatedDict, key: str) -> Section:
        items_node = self.sequence(node["items"], f"{key}.items", node.key_lines["items"])
        items = self.listed(items_node, f"{key}.items", self.read_item)
        self.unique_ids(items, f"{key}.items", items_node)
        return Section(self.text(node["title"], f"{key}.title", node.key_lines["title"]), items)

    def read_item(self, node: Any, key: str, line: int) -> Item:
        node = self.mapping(node, key, line, ("id", "text"))
        return Item(
            self.identifier(node["id"], f"{key}.id", node.key_lines["id"]),
            self.text(node["text"], f"{key}.text", node.key_lines["text"]),
        )

    def entry_reader(self, kind, text_keys: tuple[str, ...]):
        """A reader of items made of an id and translated texts: a channel (name), a category (label,
        description), a priority (label, definition), a product (name, description)."""

        def read(node: Any, key: str, line: int):
            node = self.mapping(node, key, line, ("id", *text_keys))
            return kind(
                self.identifier(node["id"], f"{key}.id", node.key_lines["id"]),
                *(self.text(node[name], f"{key}.{name}", node.key_lines[name]) for name in text_keys),
            )

        return read

    def read_business_hours(self, node: Any, line: int) -> BusinessHours:
        key = "business_hours"
        node = self.mapping(node, key, line, ("timezone", "days", "start", "end"), optional=("closures",))
        at = node.key_lines
        timezone = self.string(node["timezone"], f"{key}.timezone", at["timezone"])
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(at["timezone"], f"{key}.timezone",
                            f"{timezone!r} is not a time zone name; write one such as Europe/Paris") from None
        days_node = self.sequence(node["days"], f"{key}.days", at["days"])
        weekdays = []
        for index, day in enumerate(days_node):
            day_key, day_line = f"{key}.days[{index}]", days_node.item_lines[index]
            if not isinstance(day, str) or day.lower() not in WEEKDAYS:
                raise self.fail(day_line, day_key, f"{day!r} is not a day; use {', '.join(WEEKDAYS)}")
            if WEEKDAYS.index(day.lower()) in weekdays:
                raise self.fail(day_line, day_key, f"{day!r} is listed twice")
            weekdays.append(WEEKDAYS.index(day.lower()))
        start = self.time_of_day(node["start"], f"{key}.start", at["start"])
        end = self.time_of_day(node["end"], f"{key}.end", at["end"])
        if start >= end:
            raise self.fail(at["start"], f"{key}.start",
                            f"start {start:%H:%M} is not before end {end:%H:%M}; business hours must start before they end")
        closures = []
        if "closures" in node:
            closures_node = self.sequence(node["closures"], f"{key}.closures", at["closures"])
            for index, day in enumerate(closures_node):
                day_key, day_line = f"{key}.closures[{index}]", closures_node.item_lines[index]
                try:
                    closures.append(date.fromisoformat(day) if isinstance(day, str) else day)
                    assert isinstance(closures[-1], date)
                except (ValueError, AssertionError):
                    raise self.fail(day_line, day_key,
                                    f"{day!r} is not a date; write it between quotes as \"YYYY-MM-DD\"") from None
        return BusinessHours(timezone, tuple(sorted(weekdays)), start, end, tuple(sorted(closures)))

    def read_public_holidays(self, node: Any, line: int) -> PublicHolidayNames:
        key = "public_holidays"
        node = self.mapping(node, key, line, ("title", "intro", "closure_name", "names"))
        names_node = self.entries(node["names"], f"{key}.names", node.key_lines["names"])
        names = {name: self.text(text, f"{key}.names.{name}", names_node.key_lines[name])
                 for name, text in names_node.items()}
        return PublicHolidayNames(
            self.text(node["title"], f"{key}.title", node.key_lines["title"]),
            self.text(node["intro"], f"{key}.intro", node.key_lines["intro"]),
            self.text(node["closure_name"], f"{key}.closure_name", node.key_lines["closure_name"]),
            frozen_mapping(names),
        )

    def time_of_day(self, node: Any, key: str, line: int):
        try:
            return parse_time_of_day(node)
        except ValueError as error:
            raise self.fail(line, key, str(error)) from None

    def duration(self, node: Any, key: str, line: int) -> timedelta:
        try:
            return parse_duration(node)
        except ValueError as error:
            raise self.fail(line, key, str(error)) from None

    def read_first_response(self, node: Any, line: int, categories, priorities) -> FirstResponse:
        key = "first_response"
        node = self.mapping(node, key, line, ("title", "intro", "applies_to", "priority_heading", "within",
                                              "windows", "targets"))
        at = node.key_lines
        applies_to = self.identifier(node["applies_to"], f"{key}.applies_to", at["applies_to"])
        category_ids = [category.id for category in categories]
        if applies_to not in category_ids:
            raise self.fail(at["applies_to"], f"{key}.applies_to",
                            f"category {applies_to!r} is not defined in request_categories "
                            f"(defined: {', '.join(category_ids)})")
        windows_node = self.mapping(node["windows"], f"{key}.windows", at["windows"], required=WINDOW_IDS)
        windows = []
        for window_id in WINDOW_IDS:
            window_key = f"{key}.windows.{window_id}"
            window = self.mapping(windows_node[window_id], window_key, windows_node.key_lines[window_id], ("label",))
            windows.append(ResponseWindow(window_id, self.text(window["label"], f"{window_key}.label",
                                                               window.key_lines["label"])))
        priority_ids = [priority.id for priority in priorities]
        rows = self.rows_for(node["targets"], f"{key}.targets", at["targets"], priority_ids, "priority", "priorities",
                             "priority {id!r} has no response times; add a row for it")
        targets = {}
        for priority_id, (row, row_key, row_line) in rows.items():
            row = self.mapping(row, row_key, row_line, required=WINDOW_IDS)
            targets[priority_id] = frozen_mapping({
                window_id: self.duration(row[window_id], f"{row_key}.{window_id}", row.key_lines[window_id])
                for window_id in WINDOW_IDS
            })
        return FirstResponse(
            title=self.text(node["title"], f"{key}.title", at["title"]),
            intro=self.text(node["intro"], f"{key}.intro", at["intro"]),
            applies_to=applies_to,
            priority_heading=self.text(node["priority_heading"], f"{key}.priority_heading", at["priority_heading"]),
            within=self.text(node["within"], f"{key}.within", at["within"]),
            windows=tuple(windows),
            # Keep the table in the order priorities are defined, whatever the order of the rows.
            targets=frozen_mapping({priority_id: targets[priority_id] for priority_id in priority_ids}),
        )

    def read_ticket_form(self, node: Any, line: int, categories) -> TicketForm:
        key = "ticket_form"
        node = self.mapping(node, key, line, ("endpoint", "timeout", "fields", "optional", "privacy_policy_url",
                                              "privacy_notice"), optional=("attachments", "jira_request_types"))
        at = node.key_lines
        endpoint = self.url(node["endpoint"], f"{key}.endpoint", at["endpoint"])
        category_ids = [category.id for category in categories]
        rows = self.rows_for(node["fields"], f"{key}.fields", at["fields"], category_ids, "category",
                             "request_categories", "category {id!r} has no fields; list the fields its tickets ask for")
        fields = {}
        for category_id, (field_list, list_key, list_line) in rows.items():
            field_list = self.sequence(field_list, list_key, list_line)
            for index, field in enumerate(field_list):
                if field not in TICKET_FIELDS:
                    raise self.fail(field_list.item_lines[index], f"{list_key}[{index}]",
                                    f"unknown field {field!r}; known fields: {', '.join(TICKET_FIELDS)}")
            fields[category_id] = tuple(field_list)
        optional_node = self.sequence(node["optional"], f"{key}.optional", at["optional"])
        for index, field in enumerate(optional_node):
            if field not in TICKET_FIELDS + CONTACT_FIELDS:
                raise self.fail(optional_node.item_lines[index], f"{key}.optional[{index}]",
                                f"unknown field {field!r}; known fields: {', '.join(TICKET_FIELDS + CONTACT_FIELDS)}")
        timeout = self.duration(node["timeout"], f"{key}.timeout", at["timeout"])
        request_types = {}
        if "jira_request_types" in node:
            rows = self.rows_for(node["jira_request_types"], f"{key}.jira_request_types", at["jira_request_types"],
                                 category_ids, "category", "request_categories",
                                 "category {id!r} has no Jira request type; add its requestTypeId")
            for category_id, (value, row_key, row_line) in rows.items():
                if not str(value).isdigit():
                    raise self.fail(row_line, row_key, f"{value!r} is not a Jira requestTypeId (a number)")
                request_types[category_id] = str(value)
        return TicketForm(
            endpoint=endpoint,
            timeout=timeout,
            fields=frozen_mapping(fields),
            optional=tuple(optional_node),
            privacy_policy_url=self.url(node["privacy_policy_url"], f"{key}.privacy_policy_url",
                                        at["privacy_policy_url"]),
            privacy_notice=self.text(node["privacy_notice"], f"{key}.privacy_notice", at["privacy_notice"]),
            attachments=self.read_attachments(node["attachments"], at["attachments"]) if "attachments" in node
            else AttachmentLimits(),
            jira_request_types=frozen_mapping(request_types),
        )

    def read_attachments(self, node: Any, line: int) -> AttachmentLimits:
        key = "ticket_form.attachments"
        node = self.mapping(node, key, line, ("max_files", "max_size", "types"))
        at = node.key_lines
        try:
            max_size = parse_size(node["max_size"])
        except ValueError as error:
            raise self.fail(at["max_size"], f"{key}.max_size", str(error)) from None
        types_node = self.sequence(node["types"], f"{key}.types", at["types"])
        types = []
        for index, extension in enumerate(types_node):
            item_key, item_line = f"{key}.types[{index}]", types_node.item_lines[index]
            if not isinstance(extension, str) or not re.fullmatch(r"\.[a-z0-9]{1,10}", extension):
                raise self.fail(item_line, item_key, f"{extension!r} is not a file name extension; write it "
                                                     "in lower case with its dot, such as .png")
            types.append(extension)
        return AttachmentLimits(self.integer(node["max_files"], f"{key}.max_files", at["max_files"], minimum=0),
                                max_size, tuple(types))

    def url(self, node: Any, key: str, line: int) -> str:
        value = self.string(node, key, line)
        if not value.startswith(("https://", "http://")) or " " in value:
            raise self.fail(line, key, f"{value!r} is not a web address; write one starting with https://")
        return value

    def read_contacts(self, node: Any, line: int) -> Contacts:
        key = "contacts"
        texts = ("title", "help_center_label", "create_ticket_label", "email_label", "phone_label")
        plain = ("ticket_page", "helpdesk_email", "phone", "commercial_email")
        node = self.mapping(node, key, line, texts + plain)
        at = node.key_lines
        values = {name: self.text(node[name], f"{key}.{name}", at[name]) for name in texts}
        values.update({name: self.string(node[name], f"{key}.{name}", at[name]) for name in plain})
        for name in ("helpdesk_email", "commercial_email"):
            address = values[name]
            local, _, domain = address.partition("@")
            if not local or "." not in domain or " " in address:
                raise self.fail(at[name], f"{key}.{name}", f"{address!r} is not an e-mail address")
        if not any(ch.isdigit() for ch in values["phone"]):
            raise self.fail(at["phone"], f"{key}.phone", f"{values['phone']!r} is not a phone number")
        page = values["ticket_page"]
        if page.startswith("/") or not page.endswith("/"):
            raise self.fail(at["ticket_page"], f"{key}.ticket_page",
                            f"{page!r} must be a path inside the site without a leading slash, ending with '/'")
        return Contacts(**values)


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


def _join(parent: str, child: str) -> str:
    return f"{parent}.{child}" if parent else child


def _braced(fields: set[str]) -> str:
    return ", ".join(f"{{{field}}}" for field in sorted(fields)) or "none"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, LocatedDict):
        return "a mapping"
    if isinstance(value, LocatedList):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"{value!r}"
