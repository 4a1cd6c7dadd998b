"""What a reader sees in a real browser: language switcher, 404, fallback notice, phone width (search:
test_browser_search.py)."""

from __future__ import annotations

import re

import pytest

from conftest import save_screenshot

DEEP_PAGE = "tutorials/lightning-alert/configure-alert-zones/"


def heading(tab) -> str:
    """The page's h1 as a reader reads it (without the permalink sign)."""
    return tab.locator("h1").first.inner_text().rstrip("¶").strip()


def test_switching_language_from_a_deep_page_lands_on_the_same_page(page, site_url):
    page.goto(f"{site_url}/de/{DEEP_PAGE}")
    assert page.locator("html").get_attribute("lang") == "de"
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="Italiano").click()
    page.wait_for_url(f"{site_url}/it/{DEEP_PAGE}")
    assert page.locator("html").get_attribute("lang") == "it"
    assert heading(page) == "Configurare le zone di allerta di un sito"
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"{site_url}/{DEEP_PAGE}")
    assert page.locator("html").get_attribute("lang") == "fr"


@pytest.mark.parametrize("language, expected", [("de", "Seite nicht gefunden"), ("es", "Página no encontrada"),
                                               ("fr", "Page introuvable")])
def test_404_page_is_in_the_readers_language(page, site_url, language, expected):
    prefix = "" if language == "fr" else f"/{language}"
    response = page.goto(f"{site_url}{prefix}/gibt-es-nicht/")
    assert response.status == 404
    assert heading(page) == expected
    assert page.locator("html").get_attribute("lang") == language


def test_screenshots_of_the_german_home_page_and_a_tutorial(page, site_url):
    page.goto(f"{site_url}/de/")
    assert heading(page) == "METEORAGE Hilfe-Center"
    assert save_screenshot(page, "home-de").stat().st_size > 10_000
    page.goto(f"{site_url}/de/{DEEP_PAGE}")
    page.locator("article img").first.wait_for()
    assert save_screenshot(page, "tutorial-de").stat().st_size > 10_000


def test_policy_page_fits_a_phone_screen(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    tab = context.new_page()
    tab.goto(f"{site_url}/pt/support/policy/")
    assert tab.locator("table.hc-sla__table").is_visible()
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    save_screenshot(tab, "policy-pt-phone")
    context.close()


def test_untranslated_page_shows_its_notice(page, fallback_site_url):
    page.goto(f"{fallback_site_url}/de/only-french/")
    notice = page.locator("[data-hc='fallback-notice']")
    assert notice.is_visible()
    assert re.search(r"noch nicht auf Deutsch verfügbar.*auf Französisch angezeigt", notice.inner_text())
    assert page.locator("[data-hc='fallback-content']").get_attribute("lang") == "fr"
    assert heading(page) == "Seulement en français"
