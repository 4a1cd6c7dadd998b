"""Accessibility and phone layout in a real browser: axe-core on every kind of page, in every language,
on a phone and a desktop; and the points a customer found (table width, no English, language menu,
header, switching language keeps the section)."""

from __future__ import annotations

from pathlib import Path

import pytest

from axe_check import DESKTOP, PHONE, axe_violations
from conftest import LANGUAGES, save_screenshot, url_prefix

POLICY, TICKET = "support/policy/", "support/ticket/"


def kinds_of_page(site: Path) -> dict[str, str]:
    """One page of each kind, found in the built site (not named here, so writers may rename pages)."""
    def first(pattern: str) -> str:
        return sorted(path.parent for path in site.glob(pattern))[0].relative_to(site).as_posix() + "/"

    return {"home": "", "faq": first("faq/*/index.html"), "guide": first("guide/*/index.html"),
            "tutorial": first("tutorials/*/*/index.html"), "policy": POLICY, "ticket": TICKET,
            "404": "no-such-page/"}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_axe_finds_no_violation_on_any_kind_of_page_in_any_language(browser, built_site, site_url, axe_source,
                                                                   viewport):
    context = browser.new_context(viewport=PHONE if viewport == "phone" else DESKTOP,
                                  is_mobile=viewport == "phone", has_touch=viewport == "phone")
    context.add_init_script(axe_source)  # compiled once per renderer: a fifth less CPU than a tag per page
    tab = context.new_page()
    problems = []
    for language in LANGUAGES:
        for kind, path in kinds_of_page(built_site).items():
            tab.goto(f"{site_url}/{url_prefix(language)}{path}", wait_until="load")
            problems += [f"{language} {kind} ({path or '/'}): {problem}" for problem in axe_violations(tab, axe_source)]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_response_time_table_fits_a_360_px_phone_in_every_language(phone, site_url):
    for language in LANGUAGES:
        phone.goto(f"{site_url}/{url_prefix(language)}{POLICY}")
        box = phone.locator("[data-hc=sla-table]")
        widths = box.evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert widths[0] <= widths[1], f"{language}: the table is {widths[0]} px wide in {widths[1]} px"
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label")
        if language == "de":
            box.scroll_into_view_if_needed()
            save_screenshot(phone, "sla-table-de-360")


def test_phone_header_shows_the_whole_title_and_the_language_menu_every_language(phone, site_url):
    phone.goto(f"{site_url}/de/")
    title = phone.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert title.evaluate("e => e.scrollHeight <= e.clientHeight && e.scrollWidth <= e.clientWidth"), \
        "the site's name is cut in the phone header"
    phone.locator(".md-header__option .md-select button").click()
    entries = phone.locator(".md-select__link")
    assert entries.count() == len(LANGUAGES)
    last = entries.last
    menu = phone.locator(".md-select__inner")
    last.wait_for(state="visible")
    phone.wait_for_timeout(400)  # the menu's opening transition
    inside = phone.evaluate("([item, menu]) => { const a = item.getBoundingClientRect(), b = menu.getBoundingClientRect();"
                            " return a.bottom <= b.bottom + 0.5 && a.top >= b.top; }",
                            [last.element_handle(), menu.element_handle()])
    assert inside, "the language menu cuts its last entry"
    save_screenshot(phone, "language-menu-de-phone")


def test_no_heading_leaves_an_empty_line_under_its_text_on_a_phone(phone, site_url):
    """However long a heading's text, no line of it holds only the (hidden) permalink."""
    phone.goto(f"{site_url}/{POLICY}")
    gaps = phone.evaluate("""() => {
      const heading = document.querySelector('article h1'), text = heading.firstChild, gaps = [];
      for (let words = 1; words <= 40; words++) {
        text.textContent = Array.from({length: words}, (_, i) => 'mot' + 'x'.repeat(i % 7)).join(' ');
        const range = document.createRange();
        range.selectNodeContents(text);
        const lines = range.getClientRects(), style = getComputedStyle(heading);
        const contentBottom = heading.getBoundingClientRect().bottom - parseFloat(style.paddingBottom);
        if (contentBottom - lines[lines.length - 1].bottom > parseFloat(style.lineHeight) / 2) gaps.push(words);
      }
      return gaps;
    }""")
    assert gaps == [], f"an empty line under headings of {gaps} words"


ENGLISH_OF_THE_THEME = ("Made with", "Material for MkDocs", "Permanent link", "Back to top", "Search")


def test_a_german_page_has_no_english_outside_code(page, site_url):
    page.goto(f"{site_url}/de/{POLICY}")
    texts = page.evaluate("""() => {
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.parentElement.closest('code, pre, script, style')) out.push(node.textContent);
      }
      for (const element of document.querySelectorAll('[title], [aria-label], [alt], [placeholder]'))
        for (const name of ['title', 'aria-label', 'alt', 'placeholder'])
          if (element.hasAttribute(name)) out.push(element.getAttribute(name));
      return out.join('\\n');
    }""")
    assert not [phrase for phrase in ENGLISH_OF_THE_THEME if phrase in texts]
