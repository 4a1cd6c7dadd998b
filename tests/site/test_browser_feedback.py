""""Was this page helpful?" in a real browser, posting to the real helpdesk API (helpcenter.intake) started
by the test: a vote and its comment stored in the reader's language, on a phone and a desktop; hidden
without JavaScript and shown without layout shift; keyboard only; a failed post keeps the comment and
offers to retry; axe-core finds nothing in any of its states."""

from __future__ import annotations

import pytest

from axe_check import DESKTOP, PHONE, axe_violations
from conftest import ROOT, save_screenshot, url_prefix
from fixture_policies import fixture_policy
from helpcenter.l10n.catalogs import load_translations

WIDGET = "[data-hc=feedback]"
# An article of the small site the ticket form's tests build (tutorials only: it has no FAQ or guide page).
ARTICLE = f"tutorials/{fixture_policy('paris').products[0].id}/first-steps/"


@pytest.fixture
def reader(browser, form_site_url, intake):
    """Opens the article in a language, on a phone or a desktop, with or without JavaScript."""
    intake.reset()
    contexts = []

    def open_article(language: str, viewport: str = "desktop", javascript: bool = True):
        phone = viewport == "phone"
        context = browser.new_context(viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone,
                                      java_script_enabled=javascript)
        contexts.append(context)
        tab = context.new_page()
        tab.goto(f"{form_site_url}/{url_prefix(language)}{ARTICLE}", wait_until="load")
        return tab

    yield open_article
    for context in contexts:
        context.close()


def text(language: str, message: str) -> str:
    return load_translations(ROOT, language).gettext(message)


@pytest.mark.parametrize("language, viewport", [("de", "phone"), ("pt", "desktop")])
def test_a_no_and_its_comment_are_stored_once_in_the_readers_language(reader, intake, language, viewport):
    tab = reader(language, viewport)
    widget = tab.locator(WIDGET)
    assert widget.locator("h2").inner_text() == text(language, "Was this page helpful?")
    widget.scroll_into_view_if_needed()
    save_screenshot(tab, f"feedback-{language}-{viewport}")
    before = len(intake.storage.votes())
    widget.get_by_role("button", name=text(language, "No")).click()
    comment = widget.locator("textarea")
    comment.wait_for()
    assert comment.evaluate("element => element === document.activeElement")
    comment.fill("Il manque la zone d'alerte")
    save_screenshot(tab, f"feedback-{language}-{viewport}-comment")
    widget.get_by_role("button", name=text(language, "Send")).click()
    thanks = widget.locator(".hc-feedback__thanks")
    thanks.wait_for()
    assert thanks.inner_text() == text(language, "Thank you for your feedback.")
    stored = intake.storage.votes()[before:]
    assert [(vote.page, vote.language, vote.helpful, vote.comment) for vote in stored] == [
        (ARTICLE, language, False, "Il manque la zone d'alerte")]
    posts = [request["json"] for request in intake.requests]
    assert len(posts) == 2 and posts[0]["id"] == posts[1]["id"] and "comment" not in posts[0]
    assert tab.context.cookies() == []


def test_without_javascript_the_widget_is_not_shown_and_with_it_nothing_moves(reader):
    assert not reader("en", javascript=False).locator(WIDGET).is_visible()
    tab = reader("en")
    assert tab.locator(WIDGET).is_visible()
    shift = tab.evaluate("""() => new Promise(done => {
        let total = 0;
        new PerformanceObserver(list => list.getEntries().forEach(entry => { total += entry.value; }))
            .observe({type: "layout-shift", buffered: true});
        setTimeout(() => done(total), 500);
    })""")
    assert shift < 0.05


def test_a_failed_post_keeps_the_comment_and_a_retry_sends_it_from_the_keyboard(reader, intake, axe_source):
    tab = reader("it")
    widget = tab.locator(WIDGET)
    no = widget.get_by_role("button", name=text("it", "No"))
    no.focus()
    tab.keyboard.press("Enter")
    widget.locator("textarea").wait_for()
    assert axe_violations(tab, axe_source) == []
    tab.keyboard.type("La pagina non spiega i limiti")
    intake.script.append(503)
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")  # the Send button
    error = widget.locator(".hc-feedback__error")
    error.wait_for()
    assert error.get_attribute("role") == "alert"
    assert widget.locator("textarea").input_value() == "La pagina non spiega i limiti"
    assert axe_violations(tab, axe_source) == []
    retry = widget.get_by_role("button", name=text("it", "Try again"))
    retry.focus()
    tab.keyboard.press("Enter")
    widget.locator(".hc-feedback__thanks").wait_for()
    assert error.is_hidden()
    assert [(vote.language, vote.helpful, vote.comment) for vote in intake.storage.votes() if vote.language == "it"] \
        == [("it", False, "La pagina non spiega i limiti")]
