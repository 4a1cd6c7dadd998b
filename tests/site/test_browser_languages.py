"""What a reader sees in a real browser: language switcher, search, 404, fallback notice, phone width."""

from __future__ import annotations

import re

import pytest

from conftest import copy_project, run_mkdocs_build, save_screenshot
from siteserver import serve

DEEP_PAGE = "tutorials/lightning-alert/configure-alert-zones/"


def heading(tab) -> str:
    """The page's h1 as a reader reads it (without the permalink sign)."""
    return tab.locator("h1").first.inner_text().rstrip("¶").strip()


def open_search(tab, query: str) -> list[str]:
    """Type a query in the header search box; return the result links."""
    box = tab.locator("input.md-search__input")
    box.click()
    # Real key presses: Material sends the query on keyup (fill() would race with its search worker).
    box.press_sequentially(query, delay=40)
    tab.locator(".md-search-result__item").first.wait_for(timeout=20000)
    return tab.eval_on_selector_all(".md-search-result__item > a", "links => links.map(link => link.href)")


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


def test_german_search_finds_inflected_words_and_only_german_pages(page, site_url):
    page.goto(f"{site_url}/de/")
    # "Standortes" (genitive) is written nowhere: the pages say "Standort" and "Standorts". Only the
    # German stemmer joins them (a prefix search for "standortes*" would not).
    links = open_search(page, "Standortes")
    assert links, "no result for an inflected German word"
    assert all(link.startswith(f"{site_url}/de/") for link in links), links
    assert any("configure-alert-zones" in link for link in links)
    save_screenshot(page, "search-de")


def test_french_search_stays_in_french(page, site_url):
    page.goto(f"{site_url}/faq/")
    links = open_search(page, "priorité")
    others = ("/en/", "/es/", "/de/", "/it/", "/pt/")
    assert links and not [link for link in links if any(part in link for part in others)], links


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


@pytest.fixture(scope="module")
def fallback_site_url(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("fallback-browser"))
    (project / "docs" / "fr" / "only-french.md").write_text("# Seulement en français\n\nTexte.\n", encoding="utf-8")
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url


def test_untranslated_page_shows_its_notice(page, fallback_site_url):
    page.goto(f"{fallback_site_url}/de/only-french/")
    notice = page.locator("[data-hc='fallback-notice']")
    assert notice.is_visible()
    assert re.search(r"noch nicht auf Deutsch verfügbar.*auf Französisch angezeigt", notice.inner_text())
    assert page.locator("[data-hc='fallback-content']").get_attribute("lang") == "fr"
    assert heading(page) == "Seulement en français"
