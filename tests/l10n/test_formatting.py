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


# One rule in every language: long units, joined as the locale joins units (CLDR), like the browser's
# Intl.DurationFormat(locale, {style: "long"}) (tests/site/test_browser_durations.py compares them).
@pytest.mark.parametrize("language, ninety_minutes, twenty_hours_five", [
    ("fr", "1 heure et 30 minutes", "20 heures et 5 minutes"),
    ("en", "1 hour, 30 minutes", "20 hours, 5 minutes"),
    ("es", "1 hora y 30 minutos", "20 horas y 5 minutos"),
    ("de", "1 Stunde, 30 Minuten", "20 Stunden, 5 Minuten"),
    ("it", "1 ora e 30 minuti", "20 ore e 5 minuti"),
    ("pt", "1 hora e 30 minutos", "20 horas e 5 minutos"),
])
def test_durations_with_hours_and_minutes_in_every_language(language, ninety_minutes, twenty_hours_five):
    locale = LOCALES[language]
    assert plain(formatting.format_duration(timedelta(minutes=90), locale)) == ninety_minutes
    assert plain(formatting.format_duration(timedelta(hours=20, minutes=5), locale)) == twenty_hours_five


@pytest.mark.parametrize("language, expected", [
    ("fr", "45 minutes"), ("en", "45 minutes"), ("es", "45 minutos"), ("de", "45 Minuten"), ("it", "45 minuti"),
    ("pt", "45 minutos"),
])
def test_durations_under_an_hour_are_minutes(language, expected):
    assert plain(formatting.format_duration(timedelta(minutes=45), LOCALES[language])) == expected


@pytest.mark.parametrize("language, expected", [
    ("fr", "lun.–ven."), ("en", "Mon–Fri"), ("de", "Mo.–Fr."), ("es", "lun–vie"), ("it", "lun–ven"),
])
def test_weekday_range(language, expected):
    assert formatting.format_weekdays((0, 1, 2, 3, 4), LOCALES[language]) == expected


def test_weekdays_not_in_a_row_are_listed():
    assert formatting.format_weekdays((0, 2, 4), "en_GB") == "Mon, Wed and Fri"


@pytest.mark.parametrize("language", list(LOCALES))
def test_times_of_day_read_the_same_in_every_language(language):
    # One rule, not each locale's interval form (which gave '08:00 – 17:00', '8:00–17:00', '… Uhr').
    locale = LOCALES[language]
    assert formatting.format_time(time(8), locale) == "08:00"
    assert formatting.format_time(time(17, 30), locale) == "17:30"
    assert formatting.format_time_range(time(8), time(17), locale) == "08:00–17:00"


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
