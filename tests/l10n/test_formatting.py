"""Babel formatting per locale: what a reader of each language sees."""

from datetime import time, timedelta

import pytest

from helpcenter.l10n import formatting
from htmltools import plain

LOCALES = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "de": "de_DE", "it": "it_IT", "pt": "pt_PT"}


@pytest.mark.parametrize("language, one_hour, day_in_hours", [
    ("fr", "1 heure", "24 heures"), ("en", "1 hour", "24 hours"), ("es", "1 hora", "24 horas"),
    ("de", "1 Stunde", "24 Stunden"), ("it", "1 ora", "24 ore"), ("pt", "1 hora", "24 horas"),
])
def test_durations_in_hours_never_become_days(language, one_hour, day_in_hours):
    locale = LOCALES[language]
    assert plain(formatting.format_duration(timedelta(hours=1), locale)) == one_hour
    assert plain(formatting.format_duration(timedelta(hours=24), locale)) == day_in_hours


def test_duration_with_minutes():
    assert formatting.format_duration(timedelta(hours=1, minutes=30), "en_GB") == "1 hour, 30 minutes"
    assert plain(formatting.format_duration(timedelta(minutes=45), "fr_FR")) == "45 minutes"


@pytest.mark.parametrize("language, expected", [
    ("fr", "lun.–ven."), ("en", "Mon–Fri"), ("de", "Mo.–Fr."), ("es", "lun–vie"), ("it", "lun–ven"),
])
def test_weekday_range(language, expected):
    assert formatting.format_weekdays((0, 1, 2, 3, 4), LOCALES[language]) == expected


def test_weekdays_not_in_a_row_are_listed():
    assert formatting.format_weekdays((0, 2, 4), "en_GB") == "Mon, Wed and Fri"


@pytest.mark.parametrize("language, expected", [
    ("en", "08:00–17:00"), ("de", "08:00–17:00 Uhr"), ("it", "08:00–17:00"),
])
def test_time_range_uses_the_locale_form(language, expected):
    assert plain(formatting.format_time_range(time(8), time(17), LOCALES[language])) == expected


def test_percentages():
    assert formatting.format_percentage(99, "en_GB") == "99%"
    assert plain(formatting.format_percentage(99, "fr_FR")) == "99 %"
    assert plain(formatting.format_percentage(99.9, "de_DE")) == "99,9 %"


def test_language_names():
    assert [formatting.native_language_name(code) for code in LOCALES] == [
        "Français", "English", "Español", "Deutsch", "Italiano", "Português"]
    assert formatting.format_or_list(
        [formatting.language_name(code, "fr_FR") for code in ("fr", "en")], "fr_FR") == "français ou anglais"
    assert formatting.timezone_city("Europe/Paris", "it_IT") == "Parigi"
