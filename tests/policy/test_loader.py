"""support.yml: the real file loads, and every kind of mistake stops with file, line and key."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from fixture_policies import fixture_policy, policy_text
from helpcenter.errors import PolicyError
from helpcenter.policy.loader import check_site_languages, parse_policy

# The "paris" fixture policy (the seed policy, frozen): the mistakes below are edits of it.
REAL = policy_text("paris")


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `fragment`."""
    found = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    return found[occurrence - 1]


def edited(old: str, new: str) -> str:
    assert REAL.count(old) == 1, f"{old!r} is not unique in support.yml"
    return REAL.replace(old, new)


def error_of(text: str) -> str:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    return str(caught.value)


def test_real_support_yml_loads(real_policy):
    assert real_policy.first_response.applies_to in [category.id for category in real_policy.categories]
    for priority in real_policy.priorities:
        assert set(real_policy.first_response.targets[priority.id]) == {"business-hours", "outside-business-hours"}


def test_seed_policy_loads_with_its_facts():
    policy = fixture_policy("paris")
    assert policy.language_codes == ("fr", "en", "es", "de", "it", "pt")
    assert policy.availability_above_percent == 99
    assert [category.id for category in policy.categories] == [
        "technical-assistance", "general-question", "improvement-suggestion"]
    assert [priority.id for priority in policy.priorities] == ["high", "medium", "low"]
    targets = policy.first_response.targets
    assert targets["high"]["business-hours"] == timedelta(hours=1)
    assert targets["high"]["outside-business-hours"] == timedelta(hours=12)
    assert targets["medium"]["business-hours"] == timedelta(hours=2)
    assert targets["medium"]["outside-business-hours"] == timedelta(hours=24)
    assert targets["low"]["business-hours"] == timedelta(hours=2)
    assert targets["low"]["outside-business-hours"] == timedelta(hours=24)
    hours = policy.business_hours
    assert (hours.timezone, hours.weekdays, hours.start, hours.end) == (
        "Europe/Paris", (0, 1, 2, 3, 4), time(8), time(17))
    assert policy.ticket_languages == ("fr", "en")
    assert [channel.id for channel in policy.channels] == ["jira", "customer-area"]
    assert policy.contacts.helpdesk_email == "helpdesk@meteorage.com"
    assert policy.contacts.commercial_email == "commercial@meteorage.com"
    assert policy.contacts.phone == "+33 (0)5 59 90 05 03"
    assert policy.hosting_sites == 2 and policy.coverage == "24/7"
    assert len(policy.products) >= 3


def test_yaml_syntax_error_names_the_line():
    text = edited('  timezone: Europe/Paris\n', '  timezone: [Europe/Paris\n')
    opened = line_of(text, "timezone: [Europe/Paris")
    message = error_of(text)
    assert message.startswith(f"support.yml:{opened + 1}: YAML syntax error: ")
    assert message.endswith(f"expected ',' or ']' (parsing a flow sequence that starts on line {opened}); "
                            "check the indentation and quoting around this line") or \
        f"(parsing a flow sequence that starts on line {opened}); check the indentation" in message


def test_missing_key_is_named_with_its_parent_line():
    text = edited('  timezone: Europe/Paris\n', '')
    line = line_of(text, "  holiday_country: ")  # the first key of the mapping
    assert error_of(text) == f"support.yml:{line}: business_hours.timezone: missing; add this key"


def test_unknown_key_lists_the_expected_ones():
    text = edited('  timezone: Europe/Paris\n', '  timezone: Europe/Paris\n  timezon: Europe/Paris\n')
    line = line_of(text, "  timezon: ")
    assert error_of(text) == (
        f"support.yml:{line}: business_hours.timezon: unknown key; expected one of: "
        "timezone, holiday_country, days, start, end, closures (check the spelling)")


def test_wrong_type_says_what_was_expected():
    text = edited("  hosting_sites: 2\n", "  hosting_sites: two\n")
    line = line_of(text, "hosting_sites: two")
    assert error_of(text) == (
        f"support.yml:{line}: technical_means.hosting_sites: expected a whole number of at least 1, got 'two'")


def test_missing_translation_names_the_language():
    text = edited("        de: Hoch\n", "")
    line = line_of(text, "        fr: Haute")  # where the label's translations start
    assert error_of(text) == f"support.yml:{line}: priorities.items[0].label: has no 'de' translation; add a 'de:' line"


def test_unparseable_duration():
    text = edited("    high: {business-hours: 1h,", "    high: {business-hours: one hour,")
    line = line_of(text, "high: {business-hours: one hour")
    assert error_of(text) == (
        f"support.yml:{line}: first_response.targets.high.business-hours: 'one hour' is not a duration; "
        "write a duration such as 1h, 90min, 1h30 or PT1H30M")


def test_unparseable_time():
    text = edited('  start: "08:00"\n', '  start: "8 am"\n')
    line = line_of(text, 'start: "8 am"')
    assert error_of(text) == (
        f"support.yml:{line}: business_hours.start: '8 am' is not a time of day; "
        'write a time of day between quotes, such as "08:00"')


def test_unquoted_time_is_read_as_a_time_not_a_base_60_number():
    policy = parse_policy(edited('  end: "17:00"\n', "  end: 17:00\n"))
    assert policy.business_hours.end == time(17)


def test_business_hours_start_after_end():
    text = edited('  start: "08:00"\n  end: "17:00"\n', '  start: "18:00"\n  end: "17:00"\n')
    line = line_of(text, 'start: "18:00"')
    assert error_of(text) == (
        f"support.yml:{line}: business_hours.start: start 18:00 is not before end 17:00; "
        "business hours must start before they end")


def test_priority_referenced_but_not_defined():
    text = edited("    low: {business-hours: 2h", "    urgent: {business-hours: 2h")
    line = line_of(text, "    urgent: {")
    assert error_of(text) == (
        f"support.yml:{line}: first_response.targets.urgent: priority 'urgent' is not defined in priorities "
        "(defined: high, medium, low)")


def test_defined_priority_without_response_times():
    text = edited("    low: {business-hours: 2h, outside-business-hours: 24h}\n", "")
    line = line_of(text, "    high: {business-hours")
    assert error_of(text) == (
        f"support.yml:{line}: first_response.targets.low: priority 'low' has no response times; add a row for it")


def test_category_referenced_but_not_defined():
    text = edited("  applies_to: technical-assistance\n", "  applies_to: technical-support\n")
    line = line_of(text, "applies_to: technical-support")
    assert error_of(text) == (
        f"support.yml:{line}: first_response.applies_to: category 'technical-support' is not defined in "
        "request_categories (defined: technical-assistance, general-question, improvement-suggestion)")


def test_key_written_twice():
    text = edited('  end: "17:00"\n', '  end: "17:00"\n  end: "18:00"\n')
    line = line_of(text, 'end: "18:00"')
    first = line_of(text, 'end: "17:00"')
    assert error_of(text) == (
        f"support.yml:{line}: end: this key is written twice (first on line {first}); keep only one")


def test_placeholder_unknown_or_different_between_translations():
    unknown = edited("    en: Within {duration}\n", "    en: Within {duraton}\n")
    assert "first_response.within.en: unknown placeholder {duraton}" in error_of(unknown)
    differing = edited("    de: Innerhalb von {duration}\n", "    de: Innerhalb von {duration} ({company})\n")
    line = line_of(differing, "Innerhalb von {duration} ({company})")
    assert error_of(differing) == (
        f"support.yml:{line}: first_response.within.de: uses placeholders {{company}}, {{duration}} but the 'fr' "
        "text uses {duration}; every translation must show the same values")


def test_language_of_the_site_missing_from_support_yml_and_the_reverse():
    policy = fixture_policy("paris")
    check_site_languages(policy, ["fr", "en", "es", "de", "it", "pt"])
    with pytest.raises(PolicyError) as caught:
        check_site_languages(policy, ["fr", "en", "es", "de", "it", "pt", "nl"])
    assert str(caught.value) == (
        "mkdocs.yml: plugins.i18n.languages: language 'nl' is built by the site but support.yml has no such "
        "language; add it under 'languages:' in support.yml or remove it here")
    with pytest.raises(PolicyError) as caught:
        check_site_languages(policy, ["fr", "en", "es", "de", "it"])
    assert str(caught.value) == (
        "support.yml: languages.pt: language 'pt' is not built by the site; add it to plugins.i18n.languages "
        "in mkdocs.yml or remove it from support.yml")


def test_ticket_language_must_be_a_help_center_language():
    text = edited("  languages: [fr, en]\n", "  languages: [fr, nl]\n")
    line = line_of(text, "languages: [fr, nl]")
    assert error_of(text) == (
        f"support.yml:{line}: tickets.languages[1]: 'nl' is not one of the help center's languages "
        "(fr, en, es, de, it, pt)")


def test_empty_file():
    assert error_of("") == "support.yml: the file is empty"


def test_translation_in_a_language_the_help_center_does_not_have():
    text = edited("        de: Hoch\n", "        de: Hoch\n        nl: Hoog\n")
    line = line_of(text, "nl: Hoog")
    assert error_of(text) == (
        f"support.yml:{line}: priorities.items[0].label.nl: 'nl' is not a language of the help center "
        "(languages: fr, en, es, de, it, pt); remove it or add it under 'languages:'")
