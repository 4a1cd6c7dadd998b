"""The live SLA clock in Chromium, with Playwright's clock: status, deadlines, languages, time zones.

The texts and deadlines written below are those of the "paris" fixture policy, on a small fixture site;
the real site is checked against its own support.yml, through the loader.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from clock_support import SCRIPT, clock_document
from conftest import BUILD_DAY, ROOT, save_screenshot
from fixture_policies import fixture_policy
from helpcenter.policy.sla import SlaClock

VECTORS_FILE = ROOT / "tests" / "sla_vectors" / "vectors.json"


def open_clock(browser, site_url, path, instant, timezone_id="Europe/Paris"):
    context = browser.new_context(timezone_id=timezone_id, locale="en-GB")
    tab = context.new_page()
    tab.clock.set_fixed_time(datetime.fromisoformat(instant))
    tab.goto(f"{site_url}{path}")
    widget = tab.locator("[data-hc='sla-clock']").first
    widget.wait_for()
    return context, tab, widget


def deadlines(widget) -> dict[str, str]:
    return {detail.get_attribute("data-priority"): " ".join(detail.inner_text().split())
            for detail in widget.locator("dd").all()}


def test_saturday_is_outside_business_hours_with_12_and_24_hour_deadlines(browser, small_site_url):
    context, tab, widget = open_clock(browser, small_site_url, "/en/support/policy/", "2026-11-28T11:00:00+01:00")
    assert widget.get_attribute("data-window") == "outside-business-hours"
    assert widget.locator("[data-hc-slot=status]").inner_text().startswith("Right now, support is outside business hours")
    assert deadlines(widget) == {
        "high": "Saturday 28 November at 23:00 (Paris time)",
        "medium": "Sunday 29 November at 11:00 (Paris time)",
        "low": "Sunday 29 November at 11:00 (Paris time)",
    }
    assert "Technical assistance" in widget.inner_text()
    context.close()


def test_tuesday_10_00_paris_is_business_hours_with_1_and_2_hour_deadlines(browser, small_site_url):
    context, tab, widget = open_clock(browser, small_site_url, "/en/support/policy/", "2026-12-01T10:00:00+01:00")
    assert widget.get_attribute("data-window") == "business-hours"
    assert widget.locator("[data-hc-slot=status]").inner_text() == \
        "Right now, support is in business hours: Mon–Fri, 08:00–17:00 (Paris time)."
    assert deadlines(widget) == {
        "high": "Tuesday 1 December at 11:00 (Paris time)",
        "medium": "Tuesday 1 December at 12:00 (Paris time)",
        "low": "Tuesday 1 December at 12:00 (Paris time)",
    }
    context.close()


def test_14_july_names_the_holiday(browser, small_site_url):
    context, tab, widget = open_clock(browser, small_site_url, "/fr/support/policy/".replace("/fr", ""),
                                      "2027-07-14T10:00:00+02:00")
    assert widget.locator("[data-hc-slot=status]").inner_text() == \
        "Aujourd’hui est un jour férié (Fête nationale) : le support est en dehors des heures ouvrées."
    assert deadlines(widget)["high"] == "mercredi 14 juillet à 22:00 (heure de Paris)"
    context.close()


def test_german_page_writes_it_in_german(browser, small_site_url):
    context, tab, widget = open_clock(browser, small_site_url, "/de/support/policy/", "2026-12-01T16:30:00+01:00")
    assert widget.locator("[data-hc-slot=status]").inner_text().startswith("Der Support ist gerade innerhalb der Geschäftszeiten")
    assert deadlines(widget)["high"] == "Dienstag, 1. Dezember um 17:30 (Ortszeit Paris)"
    assert "Diese Zeiten gelten für Tickets der Kategorie „Technische Unterstützung“." in widget.inner_text()
    widget.scroll_into_view_if_needed()
    save_screenshot(tab, "sla-clock-de")
    context.close()


def test_reader_in_new_york_sees_paris_time_and_their_own(browser, small_site_url):
    context, tab, widget = open_clock(browser, small_site_url, "/en/support/policy/", "2026-12-01T10:00:00+01:00",
                                      timezone_id="America/New_York")
    assert deadlines(widget)["high"] == \
        "Tuesday 1 December at 11:00 (Paris time) Tuesday 1 December at 05:00 your time"
    context.close()


def test_clock_on_the_ticket_confirmation_and_contact_page_is_hidden_until_ready(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/en/support/")
    assert tab.locator("[data-hc='sla-clock']").is_hidden(), "without JavaScript the table is the reference"
    tab.goto(f"{site_url}/en/support/ticket/")
    assert tab.locator("#hc-ticket-result [data-hc='sla-clock']").count() == 1
    context.close()


@pytest.fixture(scope="module")
def vectors():
    return json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def policy_for_vectors(vectors):
    """The "paris" fixture policy, whose vectors tests/sla_vectors/generate.py writes."""
    years = {int(case["instant"][:4]) for case in vectors}
    return clock_document(fixture_policy("paris"), range(min(years) - 1, max(years) + 2))


def test_javascript_clock_agrees_with_every_vector(page, policy_for_vectors, vectors):
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=SCRIPT)
    results = page.evaluate("""([policy, cases]) => cases.map(c => {
        const answer = window.HelpcenterSla.firstResponse(policy, new Date(c.instant), c.priority);
        return {id: c.id, window: answer.moment.window, reason: answer.moment.reason,
                deadline: answer.deadline.toISOString().replace(".000Z", "Z")};
    })""", [policy_for_vectors, vectors])
    mismatches = [(case["id"], case["window"], case["reason"], case["deadline"], got)
                  for case, got in zip(vectors, results)
                  if (got["window"], got["reason"], got["deadline"]) != (case["window"], case["reason"], case["deadline"])]
    assert len(results) >= 300
    assert not mismatches, f"{len(mismatches)} cases differ, first: {mismatches[:3]}"


def test_real_site_clock_follows_support_yml(browser, site_url, real_policy):
    """The real site's widget: the window the Python clock gives, one deadline per priority of support.yml."""
    instant = datetime.fromisoformat(f"{BUILD_DAY}T10:00:00+00:00")
    context, tab, widget = open_clock(browser, site_url, "/en/support/policy/", instant.isoformat())
    assert widget.get_attribute("data-window") == SlaClock(real_policy).moment(instant).window
    assert [detail.get_attribute("data-priority") for detail in widget.locator("dd").all()] == [
        priority.id for priority in real_policy.priorities]
    assert [term.inner_text() for term in widget.locator("dt").all()] == [
        priority.label["en"] for priority in real_policy.priorities]
    context.close()
