"""What a reader sees of search in a real browser: results in their language only, inflected words found,
no request leaving the site on a page load, and suggested articles on the ticket form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DEFAULT_LANGUAGE, FALLBACK_PAGE, LANGUAGES, PROJECT, save_screenshot, url_prefix
from helpcenter.content import frontmatter
from helpcenter.content.navigation import first_heading

DEEP_PAGE = "tutorials/lightning-alert/configure-alert-zones/"
PHONE = {"width": 390, "height": 844}

# A query per language, in a form the pages do not use where the language inflects, and a word that the
# title of the best answer contains (the expected pages are found in the content by that word).
QUERIES = {
    "fr": ("priorité", "priorités"),          # plural in the titles
    "en": ("priority", "priorities"),
    "es": ("prioridad", "prioridades"),
    "de": ("Standortes", "Standort"),          # genitive written nowhere; titles say "Standorts"
    "it": ("tempo di risposta", "tempi"),      # plural in the titles
    "pt": ("prioridade", "prioridades"),
}


def page_title(language: str, source: Path) -> str:
    text = source.read_text(encoding="utf-8-sig")
    return first_heading(frontmatter.split(text, source.name).body) or ""


def page_url(language: str, source: Path) -> str:
    """The URL path of a page of docs/<language>/ in the built site."""
    relative = source.relative_to(PROJECT / "docs" / language).with_suffix("")
    folder = relative.parent if relative.name == "index" else relative
    path = "" if str(folder) == "." else f"{folder.as_posix()}/"
    return f"/{url_prefix(language)}{path}"


def pages_titled_with(language: str, word: str) -> set[str]:
    """URL paths of the pages of a language whose title contains `word` (any case)."""
    return {page_url(language, source) for source in (PROJECT / "docs" / language).rglob("*.md")
            if word.lower() in page_title(language, source).lower()}


def search(tab, query: str) -> list[dict]:
    """Open the header's search with the keyboard, type `query`; the results as {url, title, text}."""
    tab.keyboard.press("/")
    box = tab.locator("[data-hc='search'] input[name='query']")
    assert box.evaluate("element => element === document.activeElement"), "'/' does not open the search"
    box.press_sequentially(query, delay=20)
    tab.wait_for_function("query => document.getElementById('hc-search-results').dataset.query === query",
                          arg=query, timeout=15000)
    return tab.eval_on_selector_all("#hc-search-results a", """links => links.map(link => ({
        url: new URL(link.href).pathname, title: link.querySelector('h1').textContent, text: link.innerText,
        marks: link.querySelectorAll('mark').length, struck: link.querySelectorAll('del, s').length}))""")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_inflected_words_in_the_readers_language_only(page, site_url, language):
    query, title_word = QUERIES[language]
    expected = pages_titled_with(language, title_word)
    assert expected, f"no {language} page has {title_word!r} in its title any more: choose another query"
    page.goto(f"{site_url}/{url_prefix(language)}{DEEP_PAGE}")
    results = search(page, query)
    others = tuple(f"/{code}/" for code in LANGUAGES if code != DEFAULT_LANGUAGE and code != language)
    own = f"/{url_prefix(language)}"
    assert all(result["url"].startswith(own) and not result["url"].startswith(others) for result in results), results
    assert results[0]["url"] in expected, (results[0], expected)
    assert all(result["marks"] for result in results[:3]), "excerpts do not highlight the matched words"
    assert not any(result["struck"] or "Missing" in result["text"] for result in results)
    if language == "de":
        save_screenshot(page, "search-results-de")


def test_search_is_keyboard_accessible_and_looks_like_the_theme_on_a_phone(browser, site_url):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(f"{site_url}/de/{DEEP_PAGE}")
    results = search(tab, "Prioritäten")
    assert tab.evaluate("window.innerWidth") == PHONE["width"], "the open search widens the page"
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    focused = tab.evaluate("new URL(document.activeElement.href).pathname")
    assert focused == results[1]["url"]
    assert tab.locator("#hc-search-results a").nth(1).get_attribute("aria-selected") == "true"
    save_screenshot(tab, "search-results-de-phone")
    tab.keyboard.press("Escape")
    assert not tab.locator("#__search").is_checked()
    tab.keyboard.press("s")
    tab.keyboard.press("Enter")  # the first result
    tab.wait_for_url(re.compile(re.escape(site_url + results[0]["url"]) + "$"))
    context.close()


def test_a_fallback_page_is_found_only_in_the_language_it_is_written_in(page, small_site_url):
    page.goto(f"{small_site_url}/de/{FALLBACK_PAGE}/")  # shown in French to a German reader
    title = page.locator("h1").first.inner_text().rstrip("¶").strip()
    assert not [result for result in search(page, title) if FALLBACK_PAGE in result["url"]]
    page.goto(f"{small_site_url}/")
    assert search(page, title)[0]["url"] == f"/{FALLBACK_PAGE}/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_load_requests_nothing_outside_the_site_and_nothing_missing(page, site_url, language):
    requests, failures = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failures.append((response.status, response.url)))
    page.on("requestfailed", lambda request: failures.append(("failed", request.url)))
    page.goto(f"{site_url}/{url_prefix(language)}{DEEP_PAGE}", wait_until="networkidle")
    assert requests, "no request recorded"
    assert [url for url in requests if not url.startswith(site_url + "/")] == []
    assert failures == []


def test_ticket_form_suggests_articles_of_the_page_language_and_keeps_the_draft(browser, site_url, real_policy):
    policy = real_policy
    article = PROJECT / "docs" / "de" / "tutorials" / "lightning-alert" / "configure-alert-zones.md"
    subject_text = page_title("de", article)  # the customer asks what a German article answers
    other_product = next(product.id for product in policy.products if product.id != "lightning-alert")
    ticket_page = f"{site_url}/de/{policy.contacts.ticket_page}"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(ticket_page)
    subject = tab.locator("#hc-subject")
    subject.fill(subject_text)
    tab.locator("#hc-description").fill("Die Warnung kommt zu spät.")
    suggestions = tab.locator("[data-hc='ticket-suggestions'] li a")
    suggestions.first.wait_for(timeout=15000)
    links = suggestions.evaluate_all("links => links.map(link => new URL(link.href).pathname)")
    assert 1 <= len(links) <= 3 and all(link.startswith("/de/") for link in links), links
    assert links[0] == page_url("de", article)
    assert suggestions.first.get_attribute("target") == "_blank"
    tab.locator("[data-hc='ticket-suggestions']").scroll_into_view_if_needed()
    save_screenshot(tab, "ticket-suggestions-de")

    with context.expect_page() as opened:  # the article opens in a new tab; the draft stays in this one
        suggestions.first.click()
    article_tab = opened.value
    article_tab.wait_for_load_state()
    assert new_path(article_tab) == links[0]
    article_tab.close()
    assert subject.input_value() == subject_text

    tab.goto(f"{site_url}{links[0]}")  # leaving the page in this tab and coming back keeps the draft too
    tab.go_back()
    tab.locator("#hc-subject").wait_for()
    assert tab.locator("#hc-subject").input_value() == subject_text
    assert tab.locator("#hc-description").input_value() == "Die Warnung kommt zu spät."

    tab.select_option("#hc-product", other_product)  # an article about another product is no answer
    tab.wait_for_function("path => ![...document.querySelectorAll(\"[data-hc='ticket-suggestions'] li a\")]"
                          ".some(link => new URL(link.href).pathname === path)", arg=links[0])

    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    small = phone.new_page()
    small.goto(ticket_page)
    small.locator("#hc-subject").fill(subject_text)
    small.locator("[data-hc='ticket-suggestions'] li a").first.wait_for(timeout=15000)
    small.locator("[data-hc='ticket-suggestions']").scroll_into_view_if_needed()
    assert small.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    save_screenshot(small, "ticket-suggestions-de-phone")
    phone.close()
    context.close()


def new_path(tab) -> str:
    return tab.evaluate("location.pathname")
