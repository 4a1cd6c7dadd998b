"""Days off: the public holidays of support.yml's country from the `holidays` package, closures and names
from support.yml."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fixture_policies import fixture_policy, policy_text
from helpcenter.policy import days_off as days_off_module
from helpcenter.policy.days_off import CLOSURE, check_holiday_names, days_off, exported_years, upcoming_days_off
from helpcenter.errors import PolicyError
from helpcenter.render.export import policy_document
from helpcenter.policy.loader import parse_policy
from helpcenter.l10n.localize import localize
from htmltools import plain

POLICY = fixture_policy("paris")


def test_weekday_holidays_of_2026_and_closures():
    found = days_off(POLICY, [2026])
    assert found[date(2026, 4, 6)] == "easter+1"
    assert found[date(2026, 5, 14)] == "easter+39"
    assert found[date(2026, 5, 25)] == "easter+50"
    assert found[date(2026, 7, 14)] == "07-14"
    assert found[date(2026, 12, 24)] == CLOSURE
    assert len([key for key in found.values() if key != CLOSURE]) == 11


def test_the_holiday_country_comes_from_support_yml():
    text = policy_text("paris")
    german = parse_policy(text.replace("  holiday_country: FR\n", "  holiday_country: DE\n"))
    found = days_off(german, [2026])
    assert found[date(2026, 10, 3)] == "10-03" and date(2026, 7, 14) not in found
    with pytest.raises(PolicyError, match="public_holidays.names.05-08: no public holiday falls on this day"):
        check_holiday_names(german, [2026])
    with pytest.raises(PolicyError) as caught:
        parse_policy(text.replace("  holiday_country: FR\n", "  holiday_country: XX\n"))
    line = text.splitlines().index("  holiday_country: FR") + 1
    assert str(caught.value) == (f"support.yml:{line}: business_hours.holiday_country: 'XX' is not a country the "
                                 "holidays package knows; write a two-letter ISO 3166 code such as FR")


def test_every_holiday_has_names_in_every_language(real_policy):
    check_holiday_names(POLICY, range(2024, 2035))
    check_holiday_names(real_policy, range(2024, 2035))


def without_name(key: str):
    names = {day: name for day, name in POLICY.public_holidays.names.items() if day != key}
    return dataclasses.replace(POLICY, public_holidays=dataclasses.replace(POLICY.public_holidays, names=names))


def test_a_holiday_without_names_stops_the_build_naming_both_possible_keys():
    with pytest.raises(PolicyError) as caught:
        check_holiday_names(without_name("easter+50"), [2026])
    line = POLICY.public_holidays.line
    assert str(caught.value).startswith(
        f"support.yml:{line}: public_holidays.names: the public holiday of 2026-05-25 (")
    assert str(caught.value).endswith(
        ") has no names; add an entry '05-25:' if it falls on that date every year, or 'easter+50:' if it moves "
        "with Easter, with its name in every language")


@pytest.mark.parametrize("english_name", ["Whit Monday", "Pentecost Monday"])
def test_names_do_not_depend_on_the_packages_english_names(monkeypatch, english_name):
    """holidays 0.100 renamed Whit Monday; the key is the day, so both releases give the same names."""
    original = days_off_module.holidays.country_holidays

    def renamed(*arguments, **options):
        found = original(*arguments, **options)
        return {day: english_name if name == "Whit Monday" else name for day, name in found.items()}

    monkeypatch.setattr(days_off_module.holidays, "country_holidays", renamed)
    check_holiday_names(POLICY, [2026])
    assert days_off(POLICY, [2026])[date(2026, 5, 25)] == "easter+50"


def test_an_entry_that_names_no_holiday_stops_the_build_at_its_line():
    text = policy_text("paris")
    assert text.count("    easter+50:") == 1
    policy = parse_policy(text.replace("    easter+50:", "    easter+51:"))
    line = policy.public_holidays.lines["easter+51"]
    assert text.splitlines()[line - 1].startswith("    easter+50:")
    with pytest.raises(PolicyError) as caught:
        check_holiday_names(policy, range(2025, 2029))
    assert str(caught.value).startswith(
        f"support.yml:{line}: public_holidays.names.easter+51: no public holiday falls on this day in 2025–2028")


@pytest.mark.parametrize("key, message", [
    ("Whit Monday", "'Whit Monday' is not a holiday day; key a holiday by its day"),
    ('"13-01"', "'13-01' is not a date; key a holiday by its day"),
])
def test_a_key_that_is_not_a_day_stops_at_its_line(key, message):
    text = policy_text("paris").replace("    easter+50:", f"    {key}:")
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    line = next(number for number, content in enumerate(text.splitlines(), 1) if content.startswith(f"    {key}:"))
    assert str(caught.value).startswith(f"support.yml:{line}: public_holidays.names.{key.strip(chr(34))}: {message}")


def test_policy_json_carries_days_off_of_the_previous_current_and_next_two_years():
    document = policy_document(POLICY, date(2026, 11, 26))
    years = {int(day["date"][:4]) for day in document["business_hours"]["days_off"]}
    assert years == set(exported_years(date(2026, 11, 26))) == {2025, 2026, 2027, 2028}
    july = next(day for day in document["business_hours"]["days_off"] if day["date"] == "2027-07-14")
    assert july["kind"] == "public-holiday" and july["name"]["it"] == "Festa nazionale francese"


def test_upcoming_days_off_cover_the_next_twelve_months_with_babel_dates():
    upcoming = upcoming_days_off(POLICY, date(2026, 11, 26))
    assert upcoming[0] == (date(2026, 12, 24), CLOSURE) and upcoming[-1][0] <= date(2027, 11, 25)
    view = localize(POLICY, "fr", today=date(2026, 11, 26))
    christmas = next(entry for entry in view.upcoming_days_off if entry.id == "2026-12-25")
    assert (plain(christmas.label), christmas.description) == ("vendredi 25 décembre 2026", "Noël")
    english = localize(POLICY, "en", today=date(2026, 11, 26))
    assert next(entry.label for entry in english.upcoming_days_off if entry.id == "2027-05-06") == "Thursday, 6 May 2027"
