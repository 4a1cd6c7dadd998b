"""Durations read the same in Python and in the browser: format_duration follows the rule of the
browsers' Intl.DurationFormat ("long" style), in every language of the help center."""

from __future__ import annotations

from datetime import timedelta

from helpcenter.l10n.formatting import format_duration
from htmltools import plain

LOCALES = ("fr_FR", "en_GB", "es_ES", "de_DE", "it_IT", "pt_PT")
MINUTES = (1, 30, 45, 60, 90, 120, 150, 720, 1200, 1205, 1440, 2880)


def test_python_durations_read_as_the_browsers_intl_duration_format(page):
    browser_texts = page.evaluate("""([locales, minutes]) => locales.map(locale => minutes.map(total =>
        new Intl.DurationFormat(locale.replace("_", "-"), {style: "long"})
            .format({hours: Math.floor(total / 60), minutes: total % 60})))""", [LOCALES, MINUTES])
    python_texts = [[format_duration(timedelta(minutes=total), locale) for total in MINUTES] for locale in LOCALES]
    assert [[plain(text) for text in row] for row in python_texts] == [[plain(text) for text in row] for row in browser_texts]
