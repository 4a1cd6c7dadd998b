"""helpcenter.policy.sla: the window of a moment and the first-response deadline, at every edge."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from conftest import ROOT
from fixture_policies import fixture_policy
from helpcenter.policy.sla import SlaClock

POLICY = fixture_policy("paris")  # the vectors and the edges below are of this policy
CLOCK = SlaClock(POLICY)


def at(text: str):
    return CLOCK.moment(datetime.fromisoformat(text))


@pytest.mark.parametrize("instant, window, reason", [
    ("2026-12-01T08:00:00+01:00", "business-hours", "business-hours"),  # 08:00 sharp is inside
    ("2026-12-01T07:59:59+01:00", "outside-business-hours", "outside-hours"),
    ("2026-12-01T16:59:59+01:00", "business-hours", "business-hours"),
    ("2026-12-01T17:00:00+01:00", "outside-business-hours", "outside-hours"),  # 17:00 sharp is outside
    ("2026-11-28T11:00:00+01:00", "outside-business-hours", "weekend"),
    ("2026-04-06T10:00:00+02:00", "outside-business-hours", "public-holiday"),  # Easter Monday
    ("2026-05-14T10:00:00+02:00", "outside-business-hours", "public-holiday"),  # Ascension
    ("2026-05-25T10:00:00+02:00", "outside-business-hours", "public-holiday"),  # Whit Monday
    ("2026-12-24T10:00:00+01:00", "outside-business-hours", "closure"),  # company closure (support.yml)
    ("2026-12-01T04:00:00-05:00", "business-hours", "business-hours"),  # 10:00 Paris, asked from New York
    ("2026-12-01T15:59:59+00:00", "business-hours", "business-hours"),  # 16:59:59 Paris, in UTC
])
def test_window_at_the_edges(instant, window, reason):
    moment = at(instant)
    assert (moment.window, moment.reason) == (window, reason)


def test_holiday_is_named():
    assert at("2027-07-14T10:00:00+02:00").day_off == "07-14"


def test_deadline_is_elapsed_time_across_the_spring_clock_change():
    # Saturday 28 March 2026, 22:00 Paris (UTC+1); clocks go forward that night: 12 h later is 11:00 UTC+2.
    response = CLOCK.first_response(datetime.fromisoformat("2026-03-28T22:00:00+01:00"), "high")
    assert response.deadline == datetime(2026, 3, 29, 9, 0, tzinfo=timezone.utc)
    assert response.deadline - datetime(2026, 3, 28, 21, 0, tzinfo=timezone.utc) == timedelta(hours=12)


def test_deadline_is_elapsed_time_across_the_autumn_clock_change():
    response = CLOCK.first_response(datetime.fromisoformat("2026-10-24T20:00:00+02:00"), "medium")
    assert response.deadline == datetime(2026, 10, 25, 18, 0, tzinfo=timezone.utc)  # 19:00 Paris (UTC+1)


def test_business_hours_deadlines():
    instant = datetime.fromisoformat("2026-12-01T10:00:00+01:00")
    assert CLOCK.first_response(instant, "high").deadline == datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    assert CLOCK.first_response(instant, "low").deadline == datetime(2026, 12, 1, 11, 0, tzinfo=timezone.utc)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="no time zone"):
        CLOCK.moment(datetime(2026, 12, 1, 10, 0))


def test_python_clock_agrees_with_every_vector():
    cases = json.loads((ROOT / "tests" / "sla_vectors" / "vectors.json").read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 300
    mismatches = []
    for case in cases:
        answer = CLOCK.first_response(datetime.fromisoformat(case["instant"]), case["priority"])
        got = (answer.moment.window, answer.moment.reason, answer.deadline.strftime("%Y-%m-%dT%H:%M:%SZ"))
        if got != (case["window"], case["reason"], case["deadline"]):
            mismatches.append((case["id"], got))
    assert not mismatches, f"{len(mismatches)} cases differ, first: {mismatches[:3]}"
