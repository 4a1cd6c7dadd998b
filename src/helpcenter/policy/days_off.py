"""Days off in the support team's time zone: the public holidays of a country and the company's closures.

Public holidays come from the `holidays` package, for the country of support.yml
(`business_hours.holiday_country`); their names in every language come from support.yml
(`public_holidays.names`), keyed by the day they fall on ("07-14", "easter+1"), not by the package's
English names, which change between its releases.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

import holidays
from holidays.registry import EntityLoader

from helpcenter.errors import PolicyError
from helpcenter.policy.model import SupportPolicy
from helpcenter.policy.values import HolidayDay

CLOSURE = "closure"  # the key of a company closure day


# (country, years) -> date -> the package's English name, found in this process (or given by
# remember_public_holidays): the package's first look-up imports every country's module (about a
# quarter of a second), and the builds forked after it ask for the same years.
_found: dict[tuple[str, tuple[int, ...]], dict[date, str]] = {}


def public_holidays(country: str, years: Iterable[int]) -> dict[date, str]:
    """date -> the package's English name (for messages only) of `country`'s public holidays in `years`."""
    key = (country, tuple(sorted(set(years))))
    if key not in _found:
        _found[key] = dict(holidays.country_holidays(country, years=list(key[1]), language="en_US").items())
    return dict(_found[key])


def remember_public_holidays(country: str, years: Iterable[int], found: dict[date, str]) -> None:
    """Take `found` as what public_holidays(country, years) returns (kept from an earlier process)."""
    _found[(country, tuple(sorted(set(years))))] = dict(found)


def _public_holidays(policy: SupportPolicy, years: list[int]) -> dict[date, str]:
    return public_holidays(policy.business_hours.holiday_country, years)


def holiday_key(policy: SupportPolicy, day: date) -> str:
    """The key of support.yml that names the public holiday on `day`: its Easter rule when support.yml
    names one ("easter+50"), else its date ("07-14"), which may be missing (check_holiday_names says so)."""
    fixed, after_easter = HolidayDay.of(day)
    return after_easter.key if after_easter.key in policy.public_holidays.names else fixed.key


def days_off(policy: SupportPolicy, years: Iterable[int]) -> dict[date, str]:
    """date -> holiday key (see holiday_key) or CLOSURE, for the given years."""
    years = sorted(set(years))
    result = {day: holiday_key(policy, day) for day in _public_holidays(policy, years)}
    for day in policy.business_hours.closures:
        if day.year in years:
            result.setdefault(day, CLOSURE)  # a public holiday keeps its own name
    return dict(sorted(result.items()))


def supported_countries() -> Iterable[str]:
    """The ISO 3166 codes of the countries whose public holidays the `holidays` package knows, from its
    registry (`list_supported_countries` gives the same codes but imports every country's module: a
    fifth of a second at each build)."""
    return set(EntityLoader.get_country_codes())


def upcoming_days_off(policy: SupportPolicy, today: date, days: int = 365) -> list[tuple[date, str]]:
    """The days off from `today` (included) over the next `days` days, in order."""
    found = days_off(policy, upcoming_years(today, days))
    return [(day, key) for day, key in found.items() if 0 <= (day - today).days < days]


def upcoming_years(today: date, days: int = 365) -> range:
    """The years upcoming_days_off looks at."""
    return range(today.year, today.year + days // 365 + 2)


def exported_years(today: date) -> range:
    """The years support-policy.json carries days off for: previous, current and next two."""
    return range(today.year - 1, today.year + 3)


def day_off_name(policy: SupportPolicy, key: str, language: str) -> str:
    if key == CLOSURE:
        return policy.public_holidays.closure_name[language]
    return policy.public_holidays.names[key][language]


def check_holiday_names(policy: SupportPolicy, years: Iterable[int]) -> None:
    """Every holiday the package returns has its names in support.yml, and every name is of a holiday."""
    names = policy.public_holidays
    years = sorted(set(years))
    found = _public_holidays(policy, years)
    # A mistyped key first: its line is where the fix goes, and its holiday is then reported unnamed.
    used = {holiday_key(policy, day) for day in found}
    for key in names.names:
        if key not in used:
            raise PolicyError(
                policy.source, names.lines.get(key), f"public_holidays.names.{key}",
                f"no public holiday falls on this day in {years[0]}–{years[-1]}; remove the entry or correct "
                "its day (\"07-14\", or easter+N for N days after Easter Sunday)")
    for day, package_name in found.items():
        key = holiday_key(policy, day)
        if key not in names.names:
            fixed, after_easter = HolidayDay.of(day)
            raise PolicyError(
                policy.source, names.line, "public_holidays.names",
                f"the public holiday of {day.isoformat()} ({package_name}) has no names; add an entry "
                f"'{fixed.key}:' if it falls on that date every year, or '{after_easter.key}:' if it "
                "moves with Easter, with its name in every language")
