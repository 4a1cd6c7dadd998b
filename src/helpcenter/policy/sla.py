"""The SLA clock: which response window applies at a moment, and the first-response deadline.

Business hours are those of support.yml (Mon–Fri 08:00–17:00, Europe/Paris): 08:00 sharp is inside,
17:00 sharp is outside; public holidays and company closures are outside all day. The deadline is the
submission instant plus the window's duration, as elapsed time (12 hours across a clock change are
still 12 hours), so it is computed in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from helpcenter.policy.days_off import CLOSURE, days_off
from helpcenter.policy.model import BUSINESS_HOURS, OUTSIDE_BUSINESS_HOURS, SupportPolicy

# Why a moment falls in its window, most specific first.
PUBLIC_HOLIDAY, COMPANY_CLOSURE, WEEKEND, OUTSIDE_HOURS, IN_HOURS = (
    "public-holiday", "closure", "weekend", "outside-hours", "business-hours")


@dataclass(frozen=True)
class Moment:
    window: str  # BUSINESS_HOURS or OUTSIDE_BUSINESS_HOURS
    reason: str  # one of the reasons above
    day_off: str | None  # holiday key or CLOSURE, when the day is off


@dataclass(frozen=True)
class FirstResponse:
    moment: Moment
    deadline: datetime  # in UTC


@dataclass
class SlaClock:
    """Answers for any instant; days off are looked up per year, once."""

    policy: SupportPolicy
    _days_off: dict[int, dict[date, str]] = field(default_factory=dict)

    def day_off(self, day: date) -> str | None:
        if day.year not in self._days_off:
            self._days_off[day.year] = days_off(self.policy, [day.year])
        return self._days_off[day.year].get(day)

    def moment(self, instant: datetime) -> Moment:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(f"{instant!r} has no time zone; give an aware datetime")
        hours = self.policy.business_hours
        local = instant.astimezone(ZoneInfo(hours.timezone))
        off = self.day_off(local.date())
        if off == CLOSURE:
            return Moment(OUTSIDE_BUSINESS_HOURS, COMPANY_CLOSURE, CLOSURE)
        if off is not None:
            return Moment(OUTSIDE_BUSINESS_HOURS, PUBLIC_HOLIDAY, off)
        if local.weekday() not in hours.weekdays:
            return Moment(OUTSIDE_BUSINESS_HOURS, WEEKEND, None)
        if hours.start <= local.time() < hours.end:
            return Moment(BUSINESS_HOURS, IN_HOURS, None)
        return Moment(OUTSIDE_BUSINESS_HOURS, OUTSIDE_HOURS, None)

    def first_response(self, instant: datetime, priority_id: str) -> FirstResponse:
        moment = self.moment(instant)
        duration = self.policy.first_response.target(priority_id, moment.window)
        return FirstResponse(moment, instant.astimezone(timezone.utc) + duration)
