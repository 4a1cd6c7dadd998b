from datetime import time, timedelta

import pytest

from helpcenter.policy.values import iso_duration, parse_duration, parse_time_of_day


@pytest.mark.parametrize("text, expected", [
    ("1h", timedelta(hours=1)), ("12 h", timedelta(hours=12)), ("24h", timedelta(hours=24)),
    ("90min", timedelta(minutes=90)), ("1h30", timedelta(hours=1, minutes=30)),
    ("2 hours", timedelta(hours=2)), ("20s", timedelta(seconds=20)), ("PT1H30M", timedelta(hours=1, minutes=30)), ("PT24H", timedelta(hours=24)),
])
def test_durations_writers_type(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "one hour", "30", "0h", "0s", "1d", "P1D", "-1h", 12])
def test_durations_refused(text):
    with pytest.raises(ValueError, match="write a duration such as 1h"):
        parse_duration(text)


def test_iso_duration_keeps_hours_rather_than_days():
    assert iso_duration(timedelta(hours=24)) == "PT24H"
    assert iso_duration(timedelta(hours=1, minutes=30)) == "PT1H30M"
    assert iso_duration(timedelta(minutes=45)) == "PT45M"


def test_times_of_day():
    assert parse_time_of_day("08:00") == time(8)
    for bad in ("8:00", "24:00", "08h00", 1020, None):
        with pytest.raises(ValueError, match="time of day"):
            parse_time_of_day(bad)
