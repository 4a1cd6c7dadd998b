"""What a reader sees in a real browser: language switcher, 404, fallback notice, phone width (search:
test_browser_search.py)."""

from __future__ import annotations

import re

import pytest

from conftest import FALLBACK_PAGE, save_screenshot

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


POLICY = "support/policy/"
SECTIONS = ".md-content article :is(h2, h3)[id]"  # the headings helpcenter.js counts


def read_section_then_switch(page, site_url, index: int, language: str) -> None:
    """Scroll the German policy page to its heading number `index`, then pick `language` in the menu."""
    page.locator(SECTIONS).nth(index).evaluate("h => h.scrollIntoView({behavior: 'instant'})")
    page.locator(".md-header__option .md-select").hover()
    link = page.locator(f".md-select__link[lang={language}]")
    link.wait_for(state="visible")
    # A mouse click where the link is: Playwright's own click() may scroll the page first, to another section.
    box = link.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"{site_url}/{language}/{POLICY}#*", wait_until="domcontentloaded")


def lands_on(page, heading_id: str) -> float:
    """Wait until the page shows `heading_id` in its address; returns the heading's distance to the top."""
    page.wait_for_function("id => location.hash === '#' + id", arg=heading_id)
    return page.locator(f"[id='{heading_id}']").evaluate("h => h.getBoundingClientRect().top")


def test_switching_language_keeps_the_section_by_its_position(page, site_url):
    # Translated headings have translated ids: the section is found again by its place on the page.
    page.goto(f"{site_url}/de/{POLICY}")
    index = page.locator(SECTIONS).count() // 2  # mid-page: it can be scrolled to the top
    read_section_then_switch(page, site_url, index, "it")
    top = lands_on(page, page.locator(SECTIONS).nth(index).get_attribute("id"))
    assert -1 < top < 200, f"the section is {top} px from the top of the screen"  # -1: sub-pixel scrolling


def test_switching_language_keeps_the_section_by_its_explicit_id(page, site_url):
    # `## Titel {#id}` gives a heading the same id in every language; that id wins over the position.
    page.goto(f"{site_url}/it/{POLICY}")
    second = page.locator(SECTIONS).nth(1).get_attribute("id")
    page.goto(f"{site_url}/de/{POLICY}")
    index = page.locator(SECTIONS).count() // 2  # mid-page: it can be scrolled to the top
    page.locator(SECTIONS).nth(index).evaluate("(h, id) => { h.id = id; }", second)  # as {#id} would write it
    read_section_then_switch(page, site_url, index, "it")
    top = lands_on(page, second)
    assert -1 < top < 200, f"the section is {top} px from the top of the screen"  # -1: sub-pixel scrolling


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


def test_untranslated_page_shows_its_notice(page, small_site_url):
    page.goto(f"{small_site_url}/de/{FALLBACK_PAGE}/")
    notice = page.locator("[data-hc='fallback-notice']")
    assert notice.is_visible()
    assert re.search(r"noch nicht auf Deutsch verfügbar.*auf Französisch angezeigt", notice.inner_text())
    assert page.locator("[data-hc='fallback-content']").get_attribute("lang") == "fr"
    assert heading(page) == "Seulement en français"
