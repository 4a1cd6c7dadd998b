"""Days off in the support team's time zone: the public holidays of a country and the company's closures.

Public holidays come from the `holidays` package, for the country of support.yml
(`business_hours.holiday_country`); their names in every language come from support.yml
(`public_holidays.names`, keyed by the package's English name).
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

import holidays

from helpcenter.errors import PolicyError
from helpcenter.policy.model import SupportPolicy

CLOSURE = "closure"  # the key of a company closure day


def days_off(policy: SupportPolicy, years: Iterable[int]) -> dict[date, str]:
    """date -> holiday key (the package's English name) or CLOSURE, for the given years."""
    years = sorted(set(years))
    country = holidays.country_holidays(policy.business_hours.holiday_country, years=years, language="en_US")
    result = dict(country.items())
    for day in policy.business_hours.closures:
        if day.year in years:
            result.setdefault(day, CLOSURE)  # a public holiday keeps its own name
    return dict(sorted(result.items()))


def supported_countries() -> Iterable[str]:
    """The ISO 3166 codes of the countries whose public holidays the `holidays` package knows."""
    return holidays.list_supported_countries()


def upcoming_days_off(policy: SupportPolicy, today: date, days: int = 365) -> list[tuple[date, str]]:
    """The days off from `today` (included) over the next `days` days, in order."""
    found = days_off(policy, range(today.year, today.year + days // 365 + 2))
    return [(day, key) for day, key in found.items() if 0 <= (day - today).days < days]


def exported_years(today: date) -> range:
    """The years support-policy.json carries days off for: previous, current and next two."""
    return range(today.year - 1, today.year + 3)


def day_off_name(policy: SupportPolicy, key: str, language: str) -> str:
    if key == CLOSURE:
        return policy.public_holidays.closure_name[language]
    return policy.public_holidays.names[key][language]


def check_holiday_names(policy: SupportPolicy, years: Iterable[int]) -> None:
    """Every holiday the package returns must have its names in support.yml."""
    for day, key in days_off(policy, years).items():
        if key != CLOSURE and key not in policy.public_holidays.names:
            raise PolicyError(
                policy.source, None, "public_holidays.names",
                f"the public holiday {key!r} ({day.isoformat()}) has no names; add a '{key}:' entry "
                "with its name in every language")
