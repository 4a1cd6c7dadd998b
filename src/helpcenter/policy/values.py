"""Parsing of the plain values writers type in support.yml: durations, times of day, dates, holiday days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from dateutil.easter import easter

_SHORT_DURATION = re.compile(
    r"^\s*(?:(?P<hours>\d+)\s*h(?:ours?)?)?\s*(?:(?P<minutes>\d+)\s*(?:min(?:utes?)?)?)?\s*$", re.IGNORECASE
)
_SECONDS = re.compile(r"^\s*(?P<seconds>\d+)\s*s(?:ec(?:onds?)?)?\s*$", re.IGNORECASE)
_ISO_DURATION = re.compile(r"^P(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?)$")
_TIME = re.compile(r"^(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)$")

_SIZE = re.compile(r"^\s*(?P<number>\d+)\s*(?P<unit>KB|MB)\s*$", re.IGNORECASE)

DURATION_HELP = "write a duration such as 1h, 90min, 1h30 or PT1H30M"  # seconds ("20s") also work
TIME_HELP = 'write a time of day between quotes, such as "08:00"'
SIZE_HELP = "write a size such as 500KB or 5MB (1 MB = 1024 KB)"
DATE_HELP = 'write it between quotes as "YYYY-MM-DD"'


def parse_duration(value: object) -> timedelta:
    """Parse "1h", "12 h", "90min", "1h30" or ISO 8601 "PT1H30M" into a positive timedelta."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a duration; {DURATION_HELP}")
    text = value.strip()
    if seconds := _SECONDS.match(text):  # "20s": for short technical delays such as a timeout
        duration = timedelta(seconds=int(seconds.group("seconds")))
        if duration <= timedelta(0):
            raise ValueError(f"{value!r} is not a positive duration; {DURATION_HELP}")
        return duration
    match = _ISO_DURATION.match(text.upper()) if text.upper().startswith("P") else _SHORT_DURATION.match(text)
    if not match or not (match.group("hours") or match.group("minutes")):
        raise ValueError(f"{value!r} is not a duration; {DURATION_HELP}")
    hours = int(match.group("hours") or 0)
    minutes = int(match.group("minutes") or 0)
    # "1h30" means 1 h 30 min, but a bare "30" is ambiguous: require a unit unless hours were given.
    if not match.group("hours") and not re.search(r"m", text, re.IGNORECASE):
        raise ValueError(f"{value!r} has no unit; {DURATION_HELP}")
    duration = timedelta(hours=hours, minutes=minutes)
    if duration <= timedelta(0):
        raise ValueError(f"{value!r} is not a positive duration; {DURATION_HELP}")
    return duration


def parse_time_of_day(value: object) -> time:
    """Parse "08:00" into a time; any other shape is an error."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a time of day; {TIME_HELP}")
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a time of day; {TIME_HELP}")
    return time(int(match.group("hour")), int(match.group("minute")))


def parse_date(value: object) -> date:
    """Parse "2026-12-24" into a date; any other shape is an error."""
    try:
        return date.fromisoformat(value.strip())  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        raise ValueError(f"{value!r} is not a date; {DATE_HELP}") from None


def iso_duration(duration: timedelta) -> str:
    """timedelta -> ISO 8601 duration in hours and minutes ("PT24H", never "P1D")."""
    total_minutes = int(duration.total_seconds()) // 60
    hours, minutes = divmod(total_minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def parse_size(value: object) -> int:
    """Parse "500KB" or "5MB" (1 KB = 1024 bytes) into a positive number of bytes."""
    match = _SIZE.match(value) if isinstance(value, str) else None
    if not match or int(match.group("number")) <= 0:
        raise ValueError(f"{value!r} is not a size; {SIZE_HELP}")
    return int(match.group("number")) * 1024 ** (1 if match.group("unit").upper() == "KB" else 2)


_HOLIDAY_DAY = re.compile(r"^(?:(?P<month>\d\d)-(?P<day>\d\d)|easter(?P<offset>[+-]\d{1,3})?)$")
HOLIDAY_DAY_HELP = 'key a holiday by its day: "07-14" (the same date every year) or easter+1 (days after Easter Sunday)'


@dataclass(frozen=True)
class HolidayDay:
    """When a public holiday falls: a fixed month and day, or a number of days after Easter Sunday.

    Holidays are named in support.yml by this rule, not by the `holidays` package's English name, which
    changes between its releases ("Whit Monday" became "Pentecost Monday" in 0.100).
    """

    month: int = 0
    day: int = 0
    after_easter: int | None = None

    @property
    def key(self) -> str:
        if self.after_easter is None:
            return f"{self.month:02d}-{self.day:02d}"
        return "easter" + (f"{self.after_easter:+d}" if self.after_easter else "")

    @staticmethod
    def of(day: date) -> tuple["HolidayDay", "HolidayDay"]:
        """The two rules a day can be named by: (fixed date, days after Easter)."""
        return HolidayDay(day.month, day.day), HolidayDay(after_easter=(day - easter(day.year)).days)


def parse_holiday_day(value: object) -> HolidayDay:
    """Parse "07-14", "easter+1" or "easter" (Easter Sunday itself) into a HolidayDay."""
    match = _HOLIDAY_DAY.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{value!r} is not a holiday day; {HOLIDAY_DAY_HELP}")
    if match.group("month"):
        month, day = int(match.group("month")), int(match.group("day"))
        try:
            date(2024, month, day)  # a leap year: 02-29 is a real date
        except ValueError:
            raise ValueError(f"{value!r} is not a date; {HOLIDAY_DAY_HELP}") from None
        return HolidayDay(month, day)
    return HolidayDay(after_easter=int(match.group("offset") or 0))
