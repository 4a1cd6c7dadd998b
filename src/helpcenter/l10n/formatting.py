"""Locale-aware formatting of policy values with Babel. Pure functions: same input, same text."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from babel import Locale
from babel.dates import format_time as format_time_of_day, get_day_names, get_timezone, get_timezone_location
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit


def format_duration(duration: timedelta, locale: str) -> str:
    """'24 heures', '45 minutes', '1 heure et 30 minutes', '1 hour, 30 minutes', '1 hora y 30 minutos'.

    The rule, the same as the browser's `Intl.DurationFormat(locale, {style: "long"})` (CLDR data): whole
    hours and minutes in long units, joined by the locale's list pattern for units. Hours stay hours: a
    commitment of 24 hours is never shown as "1 day", which a customer could read as one business day.
    That is why this does not use babel.dates.format_timedelta.
    """
    total_minutes = int(duration.total_seconds()) // 60
    hours, minutes = divmod(total_minutes, 60)
    parts = []
    if hours:
        parts.append(format_unit(hours, "duration-hour", length="long", locale=locale))
    if minutes or not hours:
        parts.append(format_unit(minutes, "duration-minute", length="long", locale=locale))
    return _unit_pair_pattern(locale).format(*parts) if len(parts) > 1 else parts[0]


# CLDR's inheritance for the list patterns of units: a key missing from one style comes from the next.
_UNIT_LIST_STYLES = ("unit", "unit-short", "standard")


def _unit_pair_pattern(locale: str) -> str:
    """'{0} et {1}': how two units are joined in `locale`.

    Not babel.lists.format_list: Babel keeps only part of some locales' unit patterns (es_ES has just
    'end') and then fails with KeyError('start'); the missing key is inherited here, as CLDR says.
    """
    patterns = Locale.parse(locale).list_patterns
    for style in _UNIT_LIST_STYLES:
        if "2" in patterns.get(style, {}):
            return patterns[style]["2"]
        if "end" in patterns.get(style, {}):
            return patterns[style]["end"]
    return "{0}, {1}"


def format_weekdays(weekdays: tuple[int, ...], locale: str) -> str:
    """'lun.–ven.' for a run of consecutive days (0 = Monday), else a list: 'Mon, Wed and Fri'."""
    names = get_day_names("abbreviated", locale=locale)
    days = sorted(weekdays)
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0]]}–{names[days[-1]]}"
    return format_list([names[day] for day in days], locale=locale)


def format_time(moment: time, locale: str) -> str:
    """'08:00': the one way the help center writes a time of day, in every language.

    24-hour clock, two-digit hours. Babel's locale forms differ for no reason a reader would see
    ('8:00' in Spanish, '08:00' elsewhere), so the pattern is fixed and only the digits are the locale's.
    """
    return format_time_of_day(moment, "HH:mm", locale=locale)


def format_time_range(start: time, end: time, locale: str) -> str:
    """'08:00–17:00' in every language: two times of day (format_time) joined by an en dash, no spaces.

    One rule rather than each locale's interval form ('08:00 – 17:00' in French, '8:00–17:00' in
    Spanish, '08:00–17:00 Uhr' in German), so that the same hours read the same on every page.
    """
    return f"{format_time(start, locale)}–{format_time(end, locale)}"


def format_percentage(percent: float, locale: str) -> str:
    """99 -> '99 %' (fr), '99%' (en); 99.9 keeps its decimal."""
    # Decimal, not float: 99.9 / 100 as a float prints as 99,90000000000001 %.
    return format_percent(Decimal(str(percent)) / 100, locale=locale, decimal_quantization=False)


def format_count(count: int, locale: str) -> str:
    return format_decimal(count, locale=locale)


def format_or_list(items: list[str], locale: str) -> str:
    """'français ou anglais', 'French or English'."""
    return format_list(items, style="or", locale=locale)


def language_name(code: str, in_locale: str) -> str:
    """Name of a language in another one: ('en', 'fr_FR') -> 'anglais'."""
    return Locale.parse(code).get_display_name(in_locale)


def native_language_name(code: str) -> str:
    """Name of a language in itself, capitalised for a menu: 'Français', 'English', 'Deutsch'."""
    name = Locale.parse(code).get_display_name(code)
    return name[:1].upper() + name[1:]


def timezone_city(timezone: str, locale: str) -> str:
    """'Europe/Paris' -> 'Paris' (fr), 'Parigi' (it), 'París' (es)."""
    return get_timezone_location(get_timezone(timezone), locale=locale, return_city=True)
