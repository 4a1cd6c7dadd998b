#!/usr/bin/env python3
"""Independent test-vector generator for the support SLA clock (first-response deadlines).

This file deliberately re-implements the support policy from its written rules only: it does not
import the help center's own code nor the `holidays` package, so that its output can check them.

The rules (see README.md next to this file):
  * "business-hours" window: in Europe/Paris local time, Monday-Friday, 08:00:00 <= time < 17:00:00,
    and the Paris date is neither a French public holiday nor a company closure date.
  * otherwise the "outside-business-hours" window.
  * deadline = submission instant + the window's duration for the ticket's priority, as exact
    elapsed time (durations read from support.yml, first_response.targets).
  * reason, first that applies: public-holiday, closure, weekend, outside-hours, business-hours.

Run from the project root:  .venv/bin/python tests/sla_vectors/generate.py
It builds the cases, checks them (self_check, assertions) and only then rewrites vectors.json.
Deterministic: no randomness, no dependence on today's date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The "paris" fixture policy (the seed policy, frozen), not the real support.yml: the vectors test the
# clocks, and a writer's change of the real policy must not call for new vectors. The real policy is
# checked by tests/site/test_browser_sla_agreement.py (Python and JavaScript agree on generated instants).
SUPPORT_YML = ROOT / "tests" / "fixtures" / "policies" / "paris.yml"
OUTPUT = HERE / "vectors.json"

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.timezone.utc
YEARS = range(2024, 2031)  # 2024..2030 inclusive
PRIORITIES = ("high", "medium", "low")
WINDOWS = ("business-hours", "outside-business-hours")
REASONS = ("public-holiday", "closure", "weekend", "outside-hours", "business-hours")

# The policy's business day, written here from the rules (support.yml is only cross-checked).
DAY_START = dt.time(8, 0, 0)   # inclusive
DAY_END = dt.time(17, 0, 0)    # exclusive

# Zones used to express instants. The answer must always be the Paris-based one.
ZONES = {
    "paris": "Europe/Paris",
    "ny": "America/New_York",
    "la": "America/Los_Angeles",
    "tokyo": "Asia/Tokyo",
    "utc": "UTC",
    "kolkata": "Asia/Kolkata",
    # A few unusual offsets, to exercise offset parsing (quarter hours, +14:00, southern DST).
    "kathmandu": "Asia/Kathmandu",
    "stjohns": "America/St_Johns",
    "chatham": "Pacific/Chatham",
    "kiritimati": "Pacific/Kiritimati",
    "sydney": "Australia/Sydney",
    "pagopago": "Pacific/Pago_Pago",
}
OTHER_ZONES = ("ny", "tokyo", "utc", "kolkata", "la")


# --------------------------------------------------------------------------------------------------
# Policy data read from support.yml
# --------------------------------------------------------------------------------------------------

_DURATION_RE = re.compile(
    r"^(?:(?P<h>\d+)\s*h(?:(?P<hm>\d+)(?:\s*min)?)?)?\s*(?:(?P<m>\d+)\s*(?:min|m))?\s*(?:(?P<s>\d+)\s*s)?$"
)
_ISO_DURATION_RE = re.compile(r"^PT(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?$")


def parse_duration(text) -> dt.timedelta:
    """Parse the policy's duration strings: 1h, 12h, 90min, 1h30, 1h30min, 45s, or ISO PT1H30M."""
    raw = str(text).strip()
    match = _ISO_DURATION_RE.match(raw.upper())
    if match and any(match.groupdict().values()):
        parts = {k: int(v or 0) for k, v in match.groupdict().items()}
        return dt.timedelta(hours=parts["h"], minutes=parts["m"], seconds=parts["s"])
    match = _DURATION_RE.match(raw.lower())
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"unrecognised duration {text!r}")
    parts = {k: int(v or 0) for k, v in match.groupdict().items()}
    return dt.timedelta(hours=parts["h"], minutes=parts["hm"] + parts["m"], seconds=parts["s"])


def load_policy():
    """Return (targets, closures): targets[priority][window] -> timedelta; closures: set of dates."""
    data = yaml.safe_load(SUPPORT_YML.read_text(encoding="utf-8"))
    raw_targets = data["first_response"]["targets"]
    targets = {}
    for priority in PRIORITIES:
        targets[priority] = {window: parse_duration(raw_targets[priority][window]) for window in WINDOWS}
    closures = {dt.date.fromisoformat(str(day)) for day in data["business_hours"].get("closures") or []}
    # Cross-check (not a source): the rules fix Paris, Mon-Fri, 08:00-17:00. If the fixture ever says
    # otherwise, the rules and this generator must be revisited together, so stop loudly.
    bh = data["business_hours"]
    assert bh["timezone"] == "Europe/Paris", bh["timezone"]
    assert list(bh["days"]) == ["mon", "tue", "wed", "thu", "fri"], bh["days"]
    assert str(bh["start"]) == "08:00" and str(bh["end"]) == "17:00", (bh["start"], bh["end"])
    return targets, closures


TARGETS, CLOSURES = load_policy()


# --------------------------------------------------------------------------------------------------
# Calendar: Easter, French public holidays, clock changes
# --------------------------------------------------------------------------------------------------

def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def french_holidays(year: int) -> dict[dt.date, str]:
    """Public holidays of metropolitan France for one year, date -> English key (exact spelling)."""
    easter = easter_sunday(year)
    return {
        dt.date(year, 1, 1): "New Year's Day",
        easter + dt.timedelta(days=1): "Easter Monday",
        dt.date(year, 5, 1): "Labor Day",
        dt.date(year, 5, 8): "Victory Day",
        easter + dt.timedelta(days=39): "Ascension Day",
        easter + dt.timedelta(days=50): "Pentecost Monday",
        dt.date(year, 7, 14): "National Day",
        dt.date(year, 8, 15): "Assumption Day",
        dt.date(year, 11, 1): "All Saints' Day",
        dt.date(year, 11, 11): "Armistice Day",
        dt.date(year, 12, 25): "Christmas Day",
    }


_HOLIDAY_CACHE: dict[int, dict[dt.date, str]] = {}


def holiday_name(day: dt.date) -> str | None:
    if day.year not in _HOLIDAY_CACHE:
        _HOLIDAY_CACHE[day.year] = french_holidays(day.year)
    return _HOLIDAY_CACHE[day.year].get(day)


def last_sunday(year: int, month: int) -> dt.date:
    """Last Sunday of a month (EU clock changes: last Sunday of March and of October)."""
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    day = next_month - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


def is_regular_workday(day: dt.date) -> bool:
    """Mon-Fri and neither a public holiday nor a closure."""
    return day.weekday() < 5 and holiday_name(day) is None and day not in CLOSURES


def next_workday(day: dt.date, step: int = 1) -> dt.date:
    """The nearest regular working day strictly after (step=1) or before (step=-1) `day`."""
    day += dt.timedelta(days=step)
    while not is_regular_workday(day):
        day += dt.timedelta(days=step)
    return day


def first_weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


# --------------------------------------------------------------------------------------------------
# The SLA clock itself (this generator's own implementation of the rules)
# --------------------------------------------------------------------------------------------------

def classify(moment: dt.datetime) -> tuple[str, str, str | None]:
    """Return (window, reason, holiday) for an aware instant, judged in Paris local time."""
    local = moment.astimezone(PARIS)
    day = local.date()
    name = holiday_name(day)
    if name is not None:
        return "outside-business-hours", "public-holiday", name
    if day in CLOSURES:
        return "outside-business-hours", "closure", "closure"
    if local.weekday() >= 5:
        return "outside-business-hours", "weekend", None
    if not (DAY_START <= local.time() < DAY_END):
        return "outside-business-hours", "outside-hours", None
    return "business-hours", "business-hours", None


def deadline(moment: dt.datetime, priority: str, window: str) -> dt.datetime:
    """Exact elapsed time: work in UTC so that no wall-clock arithmetic can creep in."""
    return moment.astimezone(UTC) + TARGETS[priority][window]


# --------------------------------------------------------------------------------------------------
# Building cases
# --------------------------------------------------------------------------------------------------

def paris(y, mo, d, h=0, mi=0, s=0, fold=0) -> dt.datetime:
    """An existing Paris wall-clock time (fold=1 picks the second 02:xx of the autumn change)."""
    moment = dt.datetime(y, mo, d, h, mi, s, fold=fold, tzinfo=PARIS)
    # Reject wall times skipped by the spring change (they do not round-trip through UTC).
    back = moment.astimezone(UTC).astimezone(PARIS)
    assert back.replace(tzinfo=None) == moment.replace(tzinfo=None, fold=0), f"nonexistent {moment}"
    return moment


def at(day: dt.date, h=0, mi=0, s=0, fold=0) -> dt.datetime:
    return paris(day.year, day.month, day.day, h, mi, s, fold)


def fmt_instant(moment: dt.datetime, zone_key: str) -> str:
    text = moment.astimezone(ZoneInfo(ZONES[zone_key])).isoformat(timespec="seconds")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", text), text
    return text


def fmt_utc(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def paris_label(moment: dt.datetime) -> str:
    local = moment.astimezone(PARIS)
    return local.strftime("%a %Y-%m-%d %H:%M:%S") + local.strftime(" %z")[:-2] + ":" + local.strftime("%z")[-2:]


CASES: list[dict] = []
_rotation = {"priority": 0, "zone": 0}


def next_priority() -> str:
    value = PRIORITIES[_rotation["priority"] % 3]
    _rotation["priority"] += 1
    return value


def next_other_zone() -> str:
    value = OTHER_ZONES[_rotation["zone"] % len(OTHER_ZONES)]
    _rotation["zone"] += 1
    return value


def describe(reason: str, holiday: str | None) -> str:
    return {"public-holiday": f"public holiday ({holiday})", "closure": "company closure",
            "weekend": "weekend", "outside-hours": "weekday outside 08:00-17:00",
            "business-hours": "business hours"}[reason]


def add(cid: str, moment: dt.datetime, note: str, *, priority: str | None = None,
        zone: str = "paris", expect: str | None = None, crosses: bool | None = None) -> None:
    """Append one case.

    expect:  a hand-written expected reason, checked against classify(); when absent (neighbours of
             holidays and closures, whose nature varies), the computed reason is spelled out in the note.
    crosses: for clock-change cases, whether the deadline lies on the other side of a Paris clock
             change (checked); the deadline is then also shown in Paris wall time in the note.
    """
    priority = priority or next_priority()
    window, reason, holiday = classify(moment)
    if expect is not None:
        assert reason == expect, f"{cid}: expected {expect}, computed {reason} ({paris_label(moment)})"
    else:
        note = f"{note}: {describe(reason, holiday)}"
    if zone != "paris":
        note = f"{note} (= {paris_label(moment)} Paris)"
    if crosses is not None:
        due = deadline(moment, priority, window)
        start_offset = moment.astimezone(PARIS).utcoffset()
        due_offset = due.astimezone(PARIS).utcoffset()
        assert (start_offset != due_offset) == crosses, (cid, moment, due)
        hours = TARGETS[priority][window] / dt.timedelta(hours=1)
        note = (f"{note}; + {hours:g} h exact = {paris_label(due)} Paris"
                + (" (crosses the clock change)" if crosses else " (no clock change crossed)"))
    CASES.append({
        "id": cid,
        "instant": fmt_instant(moment, zone),
        "priority": priority,
        "window": window,
        "reason": reason,
        "deadline": fmt_utc(deadline(moment, priority, window)),
        "holiday": holiday,
        "note": note,
    })


def ymd(day: dt.date) -> str:
    return day.isoformat()


# --- 1. Every priority in both windows, the same moments expressed in several zones ----------------

def group_matrix():
    samples = {  # priority -> a regular Wednesday (checked below)
        "high": dt.date(2025, 2, 12),
        "medium": dt.date(2026, 6, 17),
        "low": dt.date(2029, 10, 10),
    }
    for priority, day in samples.items():
        assert is_regular_workday(day) and day.weekday() == 2, day
        # Paris itself plus two other zones (rotating), for each window.
        for zone in ("paris", next_other_zone(), next_other_zone()):
            add(f"matrix-{priority}-bh-{zone}", at(day, 10, 0),
                f"{priority}: business hours, Wednesday 10:00 Paris", priority=priority, zone=zone,
                expect="business-hours")
        for zone in ("paris", next_other_zone(), next_other_zone()):
            add(f"matrix-{priority}-obh-{zone}", at(day, 20, 0),
                f"{priority}: outside business hours, Wednesday 20:00 Paris", priority=priority, zone=zone,
                expect="outside-hours")


# --- 2. Boundaries of the day and of the week, one regular week per year --------------------------

def regular_week(year: int, month: int) -> dt.date:
    """Monday of the first week in `month` whose Mon..Fri and next Monday are regular workdays and
    whose Saturday and Sunday are plain weekend days (no holiday falling on them)."""
    def plain(day):
        return holiday_name(day) is None and day not in CLOSURES

    monday = first_weekday_on_or_after(dt.date(year, month, 1), 0)
    while not (all(is_regular_workday(monday + dt.timedelta(days=n)) for n in (0, 1, 2, 3, 4, 7))
               and all(plain(monday + dt.timedelta(days=n)) for n in (5, 6))):
        monday += dt.timedelta(days=7)
    return monday


def group_boundaries():
    months = [2, 4, 6, 9, 11, 1, 7]  # a different season each year
    for year, month in zip(YEARS, months):
        mon = regular_week(year, month)
        wed, fri = mon + dt.timedelta(days=2), mon + dt.timedelta(days=4)
        sat, sun, mon2 = fri + dt.timedelta(days=1), fri + dt.timedelta(days=2), fri + dt.timedelta(days=3)
        y = year
        if year % 2 == 0:  # midnight checks on alternate years (Saturday/Monday 00:00 are every year)
            add(f"edge-{y}-wed-0000", at(wed, 0, 0, 0), "weekday midnight 00:00:00 is outside hours",
                expect="outside-hours")
        add(f"edge-{y}-wed-0759", at(wed, 7, 59, 59), "07:59:59 is outside (one second before opening)",
            expect="outside-hours")
        add(f"edge-{y}-wed-0800", at(wed, 8, 0, 0), "08:00:00 sharp is inside", expect="business-hours")
        add(f"edge-{y}-wed-1659", at(wed, 16, 59, 59), "16:59:59 is inside (last second)", expect="business-hours")
        add(f"edge-{y}-wed-1700", at(wed, 17, 0, 0), "17:00:00 sharp is outside", expect="outside-hours")
        if year % 2 == 1:
            add(f"edge-{y}-wed-2359", at(wed, 23, 59, 59), "23:59:59 weekday is outside hours",
                expect="outside-hours")
        add(f"edge-{y}-fri-1659", at(fri, 16, 59, 59),
            "Friday 16:59:59 is inside; the deadline may fall in the evening", expect="business-hours")
        add(f"edge-{y}-fri-1700", at(fri, 17, 0, 0),
            "Friday 17:00:00 is outside hours (reason outside-hours, not weekend)", expect="outside-hours")
        add(f"edge-{y}-sat-0000", at(sat, 0, 0, 0), "Saturday 00:00:00 is weekend", expect="weekend")
        add(f"edge-{y}-sun-2359", at(sun, 23, 59, 59), "Sunday 23:59:59 is still weekend", expect="weekend")
        add(f"edge-{y}-mon-0000", at(mon2, 0, 0, 0), "Monday 00:00:00: weekend over, outside hours",
            expect="outside-hours")
        add(f"edge-{y}-mon-0759", at(mon2, 7, 59, 0), "Monday 07:59 is outside hours", expect="outside-hours")
        add(f"edge-{y}-mon-0800", at(mon2, 8, 0, 0), "Monday 08:00 opens business hours", expect="business-hours")


# --- 3. Other zones near the Paris boundaries --------------------------------------------------------

def group_cross_zone():
    dates = [
        (dt.date(2025, 1, 15), "winter (CET, UTC+1)"),
        (dt.date(2026, 6, 15), "summer (CEST, UTC+2)"),
        (dt.date(2027, 3, 17), "US already on DST, Paris not yet (5 h from New York)"),
        (dt.date(2028, 10, 31), "Paris back on CET, US still on DST (5 h from New York)"),
    ]
    times = [((7, 59, 59), "0759", "outside-hours", "one second before opening"),
             ((8, 0, 0), "0800", "business-hours", "opening second"),
             ((16, 59, 59), "1659", "business-hours", "last second"),
             ((17, 0, 0), "1700", "outside-hours", "closing second")]
    for day, season in dates:
        assert is_regular_workday(day), day
        if "5 h" in season:  # the note's claim, checked
            noon = at(day, 12, 0)
            gap = noon.astimezone(PARIS).utcoffset() - noon.astimezone(ZoneInfo(ZONES["ny"])).utcoffset()
            assert gap == dt.timedelta(hours=5), (day, gap)
        for hms, tag, reason, what in times:
            for _ in range(2):
                zone = next_other_zone()
                add(f"xz-{ymd(day)}-{tag}-{zone}", at(day, *hms), f"{what} expressed in {ZONES[zone]}, {season}",
                    zone=zone, expect=reason)
    # The brief's own example: 01:59:59 in New York (EDT) is 07:59:59 in Paris (CEST).
    add("xz-2026-06-15-0800-ny-brief", at(dt.date(2026, 6, 15), 8, 0, 0),
        "02:00:00 New York EDT is 08:00:00 Paris CEST", zone="ny", expect="business-hours")
    # The local date in the instant's zone differs from the Paris date.
    add("xz-fri-night-ny-is-sat", paris(2026, 1, 10, 5, 30), "Friday 23:30 in New York is Saturday in Paris",
        zone="ny", expect="weekend")
    add("xz-sun-la-is-mon", paris(2025, 11, 17, 5, 0), "Sunday 20:00 in Los Angeles is Monday 05:00 in Paris",
        zone="la", expect="outside-hours")
    add("xz-mon-la-afternoon-is-mon-night", paris(2025, 11, 18, 0, 30),
        "Monday 15:30 in Los Angeles is Tuesday 00:30 in Paris", zone="la", expect="outside-hours")
    add("xz-mon-tokyo-is-sun", paris(2024, 9, 22, 23, 30), "Monday 06:30 in Tokyo is still Sunday in Paris",
        zone="tokyo", expect="weekend")
    add("xz-mon-tokyo-1500-is-bh", paris(2024, 9, 23, 8, 0), "Monday 15:00 in Tokyo is Monday 08:00 in Paris",
        zone="tokyo", expect="business-hours")
    add("xz-sun-utc-2330-winter", paris(2027, 1, 18, 0, 30), "Sunday 23:30 UTC in winter is Monday 00:30 Paris",
        zone="utc", expect="outside-hours")
    add("xz-sun-utc-2230-summer", paris(2027, 7, 19, 0, 30), "Sunday 22:30 UTC in summer is Monday 00:30 Paris",
        zone="utc", expect="outside-hours")
    add("xz-fri-kolkata-2130", paris(2029, 2, 16, 17, 0), "Friday 21:30 in Kolkata is Friday 17:00 Paris (outside)",
        zone="kolkata", expect="outside-hours")
    add("xz-fri-kolkata-2129", paris(2029, 2, 16, 16, 59, 59), "Friday 21:29:59 in Kolkata is 16:59:59 Paris (inside)",
        zone="kolkata", expect="business-hours")
    add("xz-sat-utc-0700-winter", paris(2030, 1, 26, 8, 0), "Saturday 08:00 Paris given in UTC is weekend",
        zone="utc", expect="weekend")
    # Unusual offsets.
    exotic = [
        ("kathmandu", paris(2026, 2, 4, 8, 0), "business-hours", "+05:45 offset, 08:00 Paris"),
        ("kathmandu", paris(2026, 2, 4, 7, 59, 59), "outside-hours", "+05:45 offset, 07:59:59 Paris"),
        ("stjohns", paris(2026, 2, 4, 16, 59, 59), "business-hours", "-03:30 offset, 16:59:59 Paris"),
        ("stjohns", paris(2026, 7, 8, 17, 0), "outside-hours", "-02:30 offset (Newfoundland summer), 17:00 Paris"),
        ("chatham", paris(2026, 2, 4, 12, 0), "business-hours", "+13:45 offset, next calendar day locally"),
        ("kiritimati", paris(2026, 2, 6, 16, 30), "business-hours", "+14:00 offset: Saturday locally, Friday in Paris"),
        ("sydney", paris(2026, 2, 8, 23, 0), "weekend", "Sydney summer time: Monday locally, Sunday in Paris"),
        ("pagopago", paris(2026, 2, 9, 10, 0), "business-hours", "-11:00 offset: Sunday locally, Monday in Paris"),
    ]
    for n, (zone, moment, reason, what) in enumerate(exotic, 1):
        add(f"xz-exotic-{n}-{zone}", moment, what, zone=zone, expect=reason)


# --- 4. Paris clock changes, every year --------------------------------------------------------------

def group_dst():
    """Around each clock change. `crosses` states (and add() checks) whether the Paris UTC offset
    differs between submission and deadline; the note then shows the deadline in Paris time."""
    for y in YEARS:
        s = last_sunday(y, 3)           # spring: 02:00 CET -> 03:00 CEST (01:00 UTC)
        sat, fri, work = s - dt.timedelta(days=1), s - dt.timedelta(days=2), next_workday(s)
        p = f"dst-{y}-spring"
        add(f"{p}-0159", at(s, 1, 59, 59), f"{ymd(s)} 01:59:59 CET, last second before the spring change",
            expect="weekend")
        add(f"{p}-0300", at(s, 3, 0, 0), f"{ymd(s)} 03:00:00 CEST, first second after the spring change",
            expect="weekend")
        if y % 2 == 0:
            add(f"{p}-utc", at(s, 3, 0, 0), "the spring change instant itself, given in UTC", zone="utc",
                expect="weekend")
        add(f"{p}-sat-2000-high", at(sat, 20, 0), "Saturday before the spring change, 20:00 CET, high",
            priority="high", expect="weekend", crosses=True)
        add(f"{p}-sat-1400-medium", at(sat, 14, 0), "Saturday before the spring change, 14:00 CET, medium",
            priority="medium", expect="weekend", crosses=True)
        add(f"{p}-sat-0230-low", at(sat, 2, 30), "Saturday 02:30 CET, low; the same wall time on Sunday does not exist",
            priority="low", expect="weekend", crosses=True)
        if y % 2 == 1:  # contrast case, alternate years
            add(f"{p}-fri-2300-high", at(fri, 23, 0), "Friday 23:00 before the spring change, high",
                priority="high", expect="outside-hours", crosses=False)
        add(f"{p}-workday-0759", at(work, 7, 59, 59),
            f"first working day after the spring change ({work:%A}), 07:59:59 CEST", expect="outside-hours")
        add(f"{p}-workday-0800", at(work, 8, 0, 0),
            f"first working day after the spring change ({work:%A}), 08:00 CEST (06:00 UTC)",
            expect="business-hours")

        a = last_sunday(y, 10)          # autumn: 03:00 CEST -> 02:00 CET (01:00 UTC)
        sat, fri, work = a - dt.timedelta(days=1), a - dt.timedelta(days=2), next_workday(a)
        p = f"dst-{y}-autumn"
        add(f"{p}-0259-first", at(a, 2, 59, 59), f"{ymd(a)} 02:59:59 CEST, last second of summer time (first pass)",
            expect="weekend")
        add(f"{p}-0200-second", at(a, 2, 0, 0, fold=1), f"{ymd(a)} 02:00:00 CET, repeated hour starts (second pass)",
            expect="weekend")
        add(f"{p}-0230-second-high", at(a, 2, 30, 0, fold=1), "02:30 CET (second pass of the repeated hour), high",
            priority="high", expect="weekend", crosses=False)
        add(f"{p}-sat-2000-high", at(sat, 20, 0), "Saturday before the autumn change, 20:00 CEST, high",
            priority="high", expect="weekend", crosses=True)
        add(f"{p}-sat-1400-medium", at(sat, 14, 0), "Saturday before the autumn change, 14:00 CEST, medium",
            priority="medium", expect="weekend", crosses=True)
        add(f"{p}-sat-0300-low", at(sat, 3, 0), "Saturday before the autumn change, 03:00 CEST, low",
            priority="low", expect="weekend", crosses=True)
        if y % 2 == 0:  # contrast case, alternate years
            add(f"{p}-fri-1700-high", at(fri, 17, 0), "Friday 17:00 before the autumn change, high",
                priority="high", expect="outside-hours", crosses=False)
        add(f"{p}-workday-0800", at(work, 8, 0, 0),
            f"first working day after the autumn change ({work:%A}), 08:00 CET (07:00 UTC)",
            expect="business-hours")


# --- 5. Public holidays ---------------------------------------------------------------------------

MOVEABLE = ("Easter Monday", "Ascension Day", "Pentecost Monday")


def group_holidays():
    for y in YEARS:
        for day, name in sorted(french_holidays(y).items()):
            slug = re.sub(r"[^a-z]+", "-", name.lower().replace("'", "")).strip("-")
            weekday = day.strftime("%A")
            if day.weekday() < 5:
                add(f"hol-{y}-{slug}", at(day, 10, 0),
                    f"{name} ({weekday}) at 10:00: public holiday, not business hours", expect="public-holiday")
                # The working days around it at 10:00 (only for weekday neighbours; weekends are elsewhere).
                # Moveable holidays every year; fixed-date ones in about one year out of four, to keep
                # the set compact.
                if name in MOVEABLE or (y + day.month) % 4 == 0:
                    for step, label in ((-1, "before"), (1, "after")):
                        other = day + dt.timedelta(days=step)
                        if other.weekday() < 5:
                            add(f"hol-{y}-{slug}-{label}", at(other, 10, 0),
                                f"{other:%A}, the day {label} {name}, at 10:00")
            else:
                zone = next_other_zone() if y % 2 else "paris"
                add(f"hol-{y}-{slug}", at(day, 10, 0),
                    f"{name} falls on a {weekday}: reason is public-holiday, not weekend",
                    zone=zone, expect="public-holiday")
    # Edges of a holiday day and holiday times that would otherwise be business hours.
    asc26 = easter_sunday(2026) + dt.timedelta(days=39)
    add("hol-edge-2026-ascension-eve-2359", at(asc26 - dt.timedelta(days=1), 23, 59, 59),
        "23:59:59 on the eve of Ascension: ordinary outside-hours", expect="outside-hours")
    add("hol-edge-2026-ascension-0000", at(asc26, 0, 0, 0), "Ascension 00:00:00: holiday starts at Paris midnight",
        expect="public-holiday")
    add("hol-edge-2026-ascension-0800", at(asc26, 8, 0, 0), "Ascension 08:00: would be opening time, but holiday",
        expect="public-holiday")
    add("hol-edge-2026-ascension-1659", at(asc26, 16, 59, 59), "Ascension 16:59:59: holiday", expect="public-holiday")
    add("hol-edge-2026-ascension-2359", at(asc26, 23, 59, 59), "Ascension 23:59:59: still the holiday",
        expect="public-holiday")
    add("hol-edge-2026-ascension-next-0000", at(asc26 + dt.timedelta(days=1), 0, 0, 0),
        "Friday after Ascension 00:00: ordinary outside-hours", expect="outside-hours")
    whit25 = easter_sunday(2025) + dt.timedelta(days=50)
    add("hol-edge-2025-whit-0759", at(whit25, 7, 59, 59), "Whit Monday 07:59:59", expect="public-holiday")
    add("hol-edge-2025-whit-1200-all-high", at(whit25, 12, 0), "Whit Monday noon, high", priority="high",
        expect="public-holiday")
    add("hol-edge-2025-whit-1200-all-medium", at(whit25, 12, 0), "Whit Monday noon, medium", priority="medium",
        expect="public-holiday")
    add("hol-edge-2025-whit-1200-all-low", at(whit25, 12, 0), "Whit Monday noon, low", priority="low",
        expect="public-holiday")
    em27 = easter_sunday(2027) + dt.timedelta(days=1)
    add("hol-edge-2027-easter-monday-0800", at(em27, 8, 0), "Easter Monday 08:00", expect="public-holiday")
    add("hol-edge-2027-easter-tuesday-0800", at(em27 + dt.timedelta(days=1), 8, 0),
        "Tuesday after Easter Monday 08:00 opens again", expect="business-hours")
    # The Paris date decides, not the date in the instant's zone.
    add("hol-xz-2026-07-13-ny", paris(2026, 7, 14, 5, 30), "13 July 23:30 in New York is 14 July in Paris",
        zone="ny", expect="public-holiday")
    add("hol-xz-2026-07-14-ny-late", paris(2026, 7, 15, 5, 30), "14 July 23:30 in New York is 15 July in Paris",
        zone="ny", expect="outside-hours")
    add("hol-xz-2026-07-15-tokyo", paris(2026, 7, 14, 23, 0), "15 July 06:00 in Tokyo is still 14 July in Paris",
        zone="tokyo", expect="public-holiday")
    add("hol-xz-2025-12-31-la", paris(2026, 1, 1, 8, 30), "31 December 23:30 in Los Angeles is New Year's Day in Paris",
        zone="la", expect="public-holiday")
    add("hol-xz-2029-11-11-utc", paris(2029, 11, 12, 0, 30), "11 November 23:30 UTC is 12 November in Paris",
        zone="utc", expect="outside-hours")
    add("hol-xz-2030-05-08-kolkata", paris(2030, 5, 8, 10, 0), "Victory Day 10:00 Paris given in Kolkata time",
        zone="kolkata", expect="public-holiday")


# --- 6. Look-alikes that are NOT holidays in the rules ---------------------------------------------

def group_traps():
    for y in (2024, 2026, 2028, 2030):
        e = easter_sunday(y)
        add(f"trap-{y}-easter-sunday", at(e, 10, 0), "Easter Sunday itself is not in the list: weekend, holiday null",
            expect="weekend")
        add(f"trap-{y}-good-friday", at(e - dt.timedelta(days=2), 10, 0),
            "Good Friday is only an Alsace-Moselle holiday: business hours", expect="business-hours")
        add(f"trap-{y}-whit-sunday", at(e + dt.timedelta(days=49), 10, 0), "Whit Sunday: weekend, holiday null",
            expect="weekend")
    add("trap-2025-12-26", paris(2025, 12, 26, 10, 0), "26 December (Alsace-Moselle only): business hours",
        expect="business-hours")
    add("trap-2029-12-26", paris(2029, 12, 26, 10, 0), "26 December (Alsace-Moselle only): business hours",
        expect="business-hours")
    # Dates that are closures in another year only (skipped if support.yml ever lists them too).
    closure_lookalikes = [
        ("trap-2025-12-24", dt.date(2025, 12, 24), "24 December 2025 is not a listed closure: business hours"),
        ("trap-2027-12-31", dt.date(2027, 12, 31), "31 December 2027 is not a listed closure: business hours"),
    ]
    fri_after_asc = easter_sunday(2026) + dt.timedelta(days=40)
    assert fri_after_asc.weekday() == 4
    closure_lookalikes += [
        ("trap-2026-friday-after-ascension", fri_after_asc,
         "Friday after Ascension 2026 is not a closure (2027's is): business hours"),
        ("trap-2026-05-07", dt.date(2026, 5, 7), "7 May 2026 is not a closure (7 May 2027 is): business hours"),
    ]
    for cid, day, note in closure_lookalikes:
        if day not in CLOSURES:
            add(cid, at(day, 10, 0), note, expect="business-hours")


# --- 7. Company closures ------------------------------------------------------------------------------

def group_closures():
    for day in sorted(CLOSURES):
        c = f"closure-{ymd(day)}"
        for priority in PRIORITIES:
            add(f"{c}-1000-{priority}", at(day, 10, 0), f"company closure at 10:00 ({priority})",
                priority=priority, expect="closure")
        add(f"{c}-0000", at(day, 0, 0, 0), "closure starts at Paris midnight", expect="closure")
        add(f"{c}-0759", at(day, 7, 59, 59), "closure 07:59:59", expect="closure")
        add(f"{c}-0800", at(day, 8, 0, 0), "closure 08:00:00: would open, but closed", expect="closure")
        add(f"{c}-1659", at(day, 16, 59, 59), "closure 16:59:59", expect="closure")
        add(f"{c}-2359", at(day, 23, 59, 59), "closure 23:59:59, last second", expect="closure")
        zone = next_other_zone()
        add(f"{c}-1000-{zone}", at(day, 10, 0), f"closure at 10:00 Paris given in {ZONES[zone]}", zone=zone,
            expect="closure")
        prev = day - dt.timedelta(days=1)
        add(f"{c}-eve-2359", at(prev, 23, 59, 59), "23:59:59 on the day before the closure")
        before, after = next_workday(day, -1), next_workday(day, 1)
        add(f"{c}-workday-before", at(before, 10, 0), f"working day before the closure ({ymd(before)}) at 10:00",
            expect="business-hours")
        add(f"{c}-workday-after", at(after, 10, 0), f"working day after the closure ({ymd(after)}) at 10:00",
            expect="business-hours")
        nxt = day + dt.timedelta(days=1)
        if nxt != after:
            add(f"{c}-next-day", at(nxt, 10, 0), f"calendar day after the closure ({ymd(nxt)}, not a working day)")


# --- 8. Regular samples across the years -------------------------------------------------------------

def group_samples():
    # Each year one month, plus a second one half a year later in even years (shifted year to year).
    # Every other sample is expressed in another zone.
    flip = [False]

    def zone():
        flip[0] = not flip[0]
        return next_other_zone() if flip[0] else "paris"

    for n, y in enumerate(YEARS):
        for month in ((1 + n) % 12 + 1, (7 + n) % 12 + 1)[: 2 if y % 2 == 0 else 1]:
            # A regular weekday (Monday..Friday, varying) from the middle of the month, and its weekend.
            day = first_weekday_on_or_after(dt.date(y, month, 10), (n + month) % 5)
            while not is_regular_workday(day):
                day += dt.timedelta(days=7)
            sat = first_weekday_on_or_after(day, 5)
            sun = sat + dt.timedelta(days=1)
            tag = f"{y}-{month:02d}"
            add(f"sample-{tag}-midmorning", at(day, 10, 30), f"regular {day:%A} mid-morning", zone=zone(),
                expect="business-hours")
            add(f"sample-{tag}-evening", at(day, 19, 45), f"regular {day:%A} evening", zone=zone(),
                expect="outside-hours")
            add(f"sample-{tag}-night", at(day, 3, 15), f"regular {day:%A} night", zone=zone(),
                expect="outside-hours")
            if not holiday_name(sat) and sat not in CLOSURES:
                add(f"sample-{tag}-saturday", at(sat, 11, 0), "Saturday late morning", zone=zone(), expect="weekend")
            if not holiday_name(sun) and sun not in CLOSURES:
                add(f"sample-{tag}-sunday", at(sun, 15, 0), "Sunday afternoon", zone=zone(), expect="weekend")


# --------------------------------------------------------------------------------------------------
# Output and self-check
# --------------------------------------------------------------------------------------------------

def build() -> dict:
    group_matrix()
    group_boundaries()
    group_cross_zone()
    group_dst()
    group_holidays()
    group_traps()
    group_closures()
    group_samples()
    return {
        "description": (
            "Independent test vectors for the first-response SLA clock of technical-assistance tickets. "
            "Window 'business-hours' applies Monday-Friday 08:00:00 (inclusive) to 17:00:00 (exclusive) "
            "Europe/Paris local time, except French public holidays (metropolitan France) and company "
            "closure dates (support.yml business_hours.closures); otherwise 'outside-business-hours'. "
            "Deadline = instant + target duration (support.yml first_response.targets) as exact elapsed time, "
            "given in UTC. Reason is the first of public-holiday, closure, weekend, outside-hours, "
            "business-hours that applies. Generated by tests/sla_vectors/generate.py."
        ),
        "timezone": "Europe/Paris",
        "cases": CASES,
    }


def self_check(doc: dict) -> None:
    cases = doc["cases"]
    # Size and uniqueness.
    assert len(cases) >= 300, len(cases)
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)

    # Every case re-derived from its strings only (a second path through the data).
    holiday_keys = {"New Year's Day", "Easter Monday", "Labor Day", "Victory Day", "Ascension Day",
                    "Pentecost Monday", "National Day", "Assumption Day", "All Saints' Day",
                    "Armistice Day", "Christmas Day"}
    for c in cases:
        assert set(c) == {"id", "instant", "priority", "window", "reason", "deadline", "holiday", "note"}, c
        moment = dt.datetime.fromisoformat(c["instant"])
        assert moment.utcoffset() is not None, c
        due = dt.datetime.strptime(c["deadline"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert due - moment == TARGETS[c["priority"]][c["window"]], c
        assert c["reason"] in REASONS and c["window"] in WINDOWS and c["priority"] in PRIORITIES, c
        assert (c["window"] == "business-hours") == (c["reason"] == "business-hours"), c
        if c["reason"] == "public-holiday":
            assert c["holiday"] in holiday_keys, c
        elif c["reason"] == "closure":
            assert c["holiday"] == "closure", c
        else:
            assert c["holiday"] is None, c
        assert c["note"], c

    # Coverage.
    assert {(c["priority"], c["window"]) for c in cases} == {(p, w) for p in PRIORITIES for w in WINDOWS}
    assert {c["reason"] for c in cases} == set(REASONS)
    assert {dt.datetime.fromisoformat(c["instant"]).astimezone(PARIS).year for c in cases} >= set(YEARS)
    offsets = {c["instant"][-6:] for c in cases}
    for needed in ("+00:00", "+05:30", "+09:00", "-04:00", "-05:00", "-07:00", "-08:00", "+01:00", "+02:00"):
        assert needed in offsets, needed
    non_paris = sum(1 for c in cases if dt.datetime.fromisoformat(c["instant"]).utcoffset()
                    != dt.datetime.fromisoformat(c["instant"]).astimezone(PARIS).utcoffset())
    assert non_paris >= 60, non_paris
    for day in CLOSURES:
        assert any(c["holiday"] == "closure" and
                   dt.datetime.fromisoformat(c["instant"]).astimezone(PARIS).date() == day for c in cases), day
    seen_holidays = {(dt.datetime.fromisoformat(c["instant"]).astimezone(PARIS).date(), c["holiday"])
                     for c in cases if c["reason"] == "public-holiday"}
    for y in YEARS:
        for day, name in french_holidays(y).items():
            assert (day, name) in seen_holidays, (day, name)

    # Hand-verified spot checks (literal expectations, not computed by this file).
    assert parse_duration("1h") == dt.timedelta(hours=1) and parse_duration("24h") == dt.timedelta(hours=24)
    assert parse_duration("90min") == parse_duration("1h30") == parse_duration("PT1H30M") == dt.timedelta(minutes=90)
    assert easter_sunday(2024) == dt.date(2024, 3, 31)
    assert easter_sunday(2025) == dt.date(2025, 4, 20)
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    assert easter_sunday(2027) == dt.date(2027, 3, 28)
    assert easter_sunday(2028) == dt.date(2028, 4, 16)
    assert easter_sunday(2029) == dt.date(2029, 4, 1)
    assert easter_sunday(2030) == dt.date(2030, 4, 21)
    h26 = french_holidays(2026)
    assert h26[dt.date(2026, 4, 6)] == "Easter Monday"
    assert h26[dt.date(2026, 5, 14)] == "Ascension Day"
    assert h26[dt.date(2026, 5, 25)] == "Pentecost Monday"
    assert french_holidays(2027)[dt.date(2027, 5, 6)] == "Ascension Day"
    # Paris clock changes: 2026-03-29 02:00 -> 03:00 and 2026-10-25 03:00 -> 02:00, both at 01:00 UTC.
    assert last_sunday(2026, 3) == dt.date(2026, 3, 29) and last_sunday(2026, 10) == dt.date(2026, 10, 25)
    one = dt.timedelta(seconds=1)
    spring = dt.datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC)
    assert (spring - one).astimezone(PARIS).isoformat() == "2026-03-29T01:59:59+01:00"
    assert spring.astimezone(PARIS).isoformat() == "2026-03-29T03:00:00+02:00"
    autumn = dt.datetime(2026, 10, 25, 1, 0, 0, tzinfo=UTC)
    assert (autumn - one).astimezone(PARIS).isoformat() == "2026-10-25T02:59:59+02:00"
    assert autumn.astimezone(PARIS).isoformat() == "2026-10-25T02:00:00+01:00"
    # The EU rule (last Sunday, 01:00 UTC) agrees with the tz database for every year covered.
    for y in YEARS:
        for month, before, after in ((3, "+01:00", "+02:00"), (10, "+02:00", "+01:00")):
            change = dt.datetime.combine(last_sunday(y, month), dt.time(1, 0), tzinfo=UTC)
            assert (change - one).astimezone(PARIS).isoformat().endswith(before), (y, month)
            assert change.astimezone(PARIS).isoformat().endswith(after), (y, month)

    by_id = {c["id"]: c for c in cases}

    def expect(cid, instant, window, reason, holiday=None):
        c = by_id[cid]
        assert (c["instant"], c["window"], c["reason"], c["holiday"]) == (instant, window, reason, holiday), c

    expect("xz-2026-06-15-0800-ny-brief", "2026-06-15T02:00:00-04:00", "business-hours", "business-hours")
    expect("hol-2026-ascension-day", "2026-05-14T10:00:00+02:00", "outside-business-hours", "public-holiday",
           "Ascension Day")
    expect("hol-2024-national-day", "2024-07-14T10:00:00+02:00", "outside-business-hours", "public-holiday",
           "National Day")  # a Sunday
    expect("dst-2026-autumn-0200-second", "2026-10-25T02:00:00+01:00", "outside-business-hours", "weekend")
    expect("trap-2026-easter-sunday", "2026-04-05T10:00:00+02:00", "outside-business-hours", "weekend")
    if dt.date(2026, 12, 24) in CLOSURES:
        expect("closure-2026-12-24-0800", "2026-12-24T08:00:00+01:00", "outside-business-hours", "closure",
               "closure")
    # Literal deadlines, valid while the targets are today's (high 1h/12h, medium and low 2h/24h).
    hours = {p: tuple(TARGETS[p][w] / dt.timedelta(hours=1) for w in WINDOWS) for p in PRIORITIES}
    if hours == {"high": (1, 12), "medium": (2, 24), "low": (2, 24)}:
        assert by_id["dst-2026-spring-sat-2000-high"]["instant"] == "2026-03-28T20:00:00+01:00"
        assert by_id["dst-2026-spring-sat-2000-high"]["deadline"] == "2026-03-29T07:00:00Z"  # 09:00 CEST
        assert by_id["dst-2026-autumn-sat-1400-medium"]["deadline"] == "2026-10-25T12:00:00Z"  # 13:00 CET
        assert by_id["matrix-high-bh-paris"]["deadline"] == "2025-02-12T10:00:00Z"  # 10:00 CET + 1 h
        assert by_id["matrix-low-obh-tokyo"]["instant"] == "2029-10-11T03:00:00+09:00"
        assert by_id["matrix-low-obh-tokyo"]["deadline"] == "2029-10-11T18:00:00Z"  # 20:00 CEST + 24 h


def main() -> None:
    doc = build()
    self_check(doc)
    OUTPUT.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(doc['cases'])} cases written to {OUTPUT.relative_to(ROOT)}")
    for field, values in (("reason", REASONS), ("window", WINDOWS), ("priority", PRIORITIES)):
        counts = {v: sum(1 for c in doc["cases"] if c[field] == v) for v in values}
        print(f"  by {field}: " + ", ".join(f"{k} {n}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
