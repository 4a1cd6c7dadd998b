"""The ticket form in a real browser, posting to the real helpdesk API (helpcenter.intake) started by the
test on 127.0.0.1: tickets land in its outbox; a thin recorder in front of it plays scripted failures."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import save_screenshot
from intake_support import assert_valid_ticket_request

REFERENCE = re.compile(r"HD-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.fixture
def form(page, form_site_url, intake):
    """Opens a language's ticket page in a fresh tab; returns a function (language) -> page."""
    intake.reset()

    def open_form(language: str):
        prefix = "" if language == "fr" else f"/{language}"
        page.goto(f"{form_site_url}{prefix}/support/ticket/")
        page.locator("#hc-ticket-form").wait_for()
        return page

    return open_form


def fill_technical_ticket(tab) -> None:
    tab.locator("#hc-category-technical-assistance").check()
    tab.locator("#hc-product").select_option("lightning-alert")
    tab.locator("#hc-impact-high").check()
    tab.locator("#hc-started_at").fill("2026-11-20T09:30")
    tab.locator("#hc-subject").fill("Keine Warnungen seit heute Morgen")
    tab.locator("#hc-description").fill("Seit 8 Uhr kommen keine SMS-Warnungen mehr an.")
    tab.locator("#hc-name").fill("Anna Schmidt")
    tab.locator("#hc-email").fill("anna.schmidt@example.de")
    tab.locator("#hc-company").fill("Stadtwerke Beispiel, Vertrag 4711")


def test_german_ticket_arrives_with_the_right_json_and_an_idempotency_key(form, intake):
    tab = form("de")
    assert tab.locator("#hc-ticket-language-en").is_checked(), "English preselected outside French pages"
    assert "Tickets werden auf Französisch oder Englisch bearbeitet." in tab.locator(".hc-ticket__languages").inner_text()
    fill_technical_ticket(tab)
    tab.locator("#hc-ticket-submit").click()
    result = tab.locator("#hc-ticket-result")
    result.wait_for()
    assert len(intake.requests) == 1
    request = intake.requests[0]
    assert uuid.UUID(request["key"])
    assert request["json"] == {
        "category": "technical-assistance", "product": "lightning-alert", "impact": "high",
        "started_at": request["json"]["started_at"], "subject": "Keine Warnungen seit heute Morgen",
        "description": "Seit 8 Uhr kommen keine SMS-Warnungen mehr an.",
        "contact": {"name": "Anna Schmidt", "email": "anna.schmidt@example.de",
                    "company": "Stadtwerke Beispiel, Vertrag 4711"},
        "ticket_language": "en", "page_language": "de",
    }
    assert re.fullmatch(r"2026-11-20T\d\d:30:00\.000Z", request["json"]["started_at"])
    assert_valid_ticket_request(request["json"])
    (stored,) = intake.new_tickets()
    assert stored.ticket["subject"] == "Keine Warnungen seit heute Morgen" and stored.state == "pending"
    text = result.inner_text()
    assert f"Ihre Ticketnummer lautet {stored.reference}." in text
    assert "Innerhalb von 1 Stunde" in text and "Innerhalb von 12 Stunden" in text
    deadline = tab.locator("#hc-ticket-deadline").inner_text()
    assert deadline.startswith("Unsere erste Antwort erhalten Sie spätestens am"), deadline
    # the live SLA clock, started once the customer began filling in the form (not at the page's load)
    result.locator("[data-hc='sla-clock'] dd").first.wait_for()
    save_screenshot(tab, "ticket-sent-de")


def test_french_general_question_sends_only_its_fields(form, intake):
    tab = form("fr")
    assert tab.locator("#hc-ticket-language-fr").is_checked(), "French preselected on French pages"
    tab.locator("#hc-category-general-question").check()
    assert tab.locator("[data-field='impact']").is_hidden()
    tab.locator("#hc-product").select_option("espace-client")
    tab.locator("#hc-subject").fill("Accès aux factures")
    tab.locator("#hc-description").fill("Où trouver les factures de l’année dernière ?")
    tab.locator("#hc-name").fill("Jeanne Martin")
    tab.locator("#hc-email").fill("jeanne.martin@example.fr")
    tab.locator("#hc-ticket-submit").click()
    tab.locator("#hc-ticket-result").wait_for()
    (request,) = intake.requests
    assert request["json"] == {
        "category": "general-question", "product": "espace-client", "subject": "Accès aux factures",
        "description": "Où trouver les factures de l’année dernière ?",
        "contact": {"name": "Jeanne Martin", "email": "jeanne.martin@example.fr"},
        "ticket_language": "fr", "page_language": "fr",
    }
    assert_valid_ticket_request(request["json"])
    assert "Les engagements de délai s’appliquent aux tickets de la catégorie « Assistance technique »" in \
        tab.locator("#hc-ticket-result").inner_text()


def test_server_error_then_retry_makes_one_ticket_with_the_same_key(form, intake):
    tab = form("de")
    intake.script.append(500)
    fill_technical_ticket(tab)
    tab.locator("#hc-ticket-submit").click()
    status = tab.locator("#hc-ticket-status")
    status.filter(has_text="Beim Helpdesk ist ein Fehler aufgetreten").wait_for()
    assert tab.locator("#hc-ticket-submit").inner_text() == "Erneut versuchen"
    assert tab.locator("#hc-subject").input_value() == "Keine Warnungen seit heute Morgen"
    tab.locator("#hc-ticket-submit").click()
    tab.locator("#hc-ticket-result").wait_for()
    assert [request["key"] for request in intake.requests] == [intake.requests[0]["key"]] * 2
    assert len(intake.new_tickets()) == 1


def test_network_failure_keeps_every_field_and_offers_the_email(form, intake):
    tab = form("it")
    tab.route("**/api/v1/tickets", lambda route: route.abort("connectionreset"))  # the network fails
    fill_technical_ticket(tab)
    tab.locator("#hc-ticket-submit").click()
    tab.locator("#hc-ticket-status").filter(has_text="Non è stato possibile raggiungere l’helpdesk").wait_for()
    assert tab.locator("#hc-description").input_value() == "Seit 8 Uhr kommen keine SMS-Warnungen mehr an."
    assert tab.locator("#hc-email").input_value() == "anna.schmidt@example.de"
    mail = tab.locator("#hc-ticket-mailto")
    assert mail.is_visible() and mail.inner_text() == "Inviarlo invece via e-mail"
    link = urlsplit(mail.get_attribute("href"))
    assert link.scheme == "mailto" and link.path == "helpdesk@meteorage.com"
    fields = parse_qs(link.query)
    assert fields["subject"] == ["Ticket di supporto: Keine Warnungen seit heute Morgen"]
    body = fields["body"][0]
    lines = body.split("\n\n")
    for line in ("Categoria della richiesta: Assistenza tecnica", "Prodotto: Allerta Fulmini",
                 "Impatto sulla vostra attività: Alta", "Descrizione: Seit 8 Uhr kommen keine SMS-Warnungen mehr an.",
                 "Nome: Anna Schmidt", "Indirizzo e-mail: anna.schmidt@example.de",
                 "Azienda o riferimento del contratto: Stadtwerke Beispiel, Vertrag 4711"):
        assert line in lines, body
    assert len(lines) == len(set(lines)), "no field twice"
    assert "Per segnalare" not in body, "a choice's hint is not part of its value"
    started = next(line for line in lines if line.startswith("Quando"))
    assert "2026" in started and "T09:30" not in started and re.search(r"(UTC|GMT|CET|CEST)", started), started
    assert intake.new_tickets() == []


def test_timeout_keeps_every_field_and_offers_retry_and_email(form, intake):
    tab = form("fr")
    intake.script.append("slow")
    fill_technical_ticket(tab)
    tab.locator("#hc-ticket-submit").click()
    tab.locator("#hc-ticket-status").filter(has_text="Le service d’assistance n’a pas répondu à temps").wait_for()
    assert tab.locator("#hc-subject").input_value() == "Keine Warnungen seit heute Morgen"
    assert tab.locator("#hc-ticket-mailto").is_visible()
    assert tab.locator("#hc-ticket-submit").inner_text() == "Réessayer"


def test_reload_restores_the_draft(form, intake):
    tab = form("es")
    tab.locator("#hc-category-improvement-suggestion").check()
    tab.locator("#hc-subject").fill("Exportar en CSV")
    tab.locator("#hc-description").fill("Sería útil exportar los impactos en CSV.")
    tab.locator("#hc-ticket-language-fr").check()
    tab.reload()
    tab.locator("#hc-ticket-form").wait_for()
    assert tab.locator("#hc-category-improvement-suggestion").is_checked()
    assert tab.locator("#hc-subject").input_value() == "Exportar en CSV"
    assert tab.locator("#hc-description").input_value() == "Sería útil exportar los impactos en CSV."
    assert tab.locator("#hc-ticket-language-fr").is_checked()
    assert intake.requests == []


def test_invalid_input_shows_localized_errors_and_sends_nothing(form, intake):
    tab = form("pt")
    tab.locator("#hc-email").fill("joao.silva@")
    tab.locator("#hc-ticket-submit").click()
    assert tab.locator("#hc-ticket-status").inner_text() == \
        "O pedido não foi enviado: corrija os campos assinalados."
    assert tab.locator("#hc-error-subject").inner_text() == "Preencha este campo."
    assert tab.locator("#hc-error-impact").inner_text() == "Escolha uma opção."
    assert tab.locator("#hc-error-email").inner_text().startswith("Introduza um endereço de e-mail válido")
    assert tab.locator("#hc-email").get_attribute("aria-invalid") == "true"
    assert tab.locator("#hc-ticket-status").get_attribute("aria-live") == "polite"
    assert tab.evaluate("document.activeElement.id") == "hc-product", "focus goes to the first field to fix"
    assert tab.locator("#hc-error-company").is_hidden(), "an optional field left empty is fine"
    assert intake.requests == []


def test_a_form_sent_before_its_script_has_started_is_held_until_it_has(page, form_site_url, intake):
    """Scripts start after the first paint: a customer quick enough to send the form before keeps it."""
    intake.reset()
    held = []
    page.route("**/ticket-form.js", lambda route: held.append(route))
    page.goto(f"{form_site_url}/it/support/ticket/", wait_until="domcontentloaded")
    page.locator("#hc-subject").fill("Nessun avviso da stamattina")
    page.locator("#hc-ticket-submit").click()
    while not held:
        page.wait_for_timeout(20)
    assert page.locator("#hc-subject").input_value() == "Nessun avviso da stamattina"
    held[0].continue_()
    page.locator("#hc-error-impact").wait_for()  # the form's script checked the held form
    assert "?" not in page.url and "Nessun avviso" not in page.url
    assert page.locator("#hc-subject").input_value() == "Nessun avviso da stamattina"
    assert page.locator("#hc-error-subject").is_hidden() and intake.requests == []


def test_field_errors_from_the_helpdesk_appear_next_to_their_fields(form, intake):
    tab = form("en")
    intake.script.append((422, {"errors": [{"field": "email", "code": "email"}]}))
    fill_technical_ticket(tab)
    tab.locator("#hc-ticket-submit").click()
    error = tab.locator("#hc-error-email")
    error.wait_for()
    assert error.inner_text() == "Please enter a valid e-mail address, such as name@example.com."
    assert tab.evaluate("document.activeElement.id") == "hc-email"


def test_a_filled_spam_trap_sends_nothing(form, intake):
    tab = form("en")
    fill_technical_ticket(tab)
    assert tab.locator("#hc-website").get_attribute("tabindex") == "-1"
    tab.locator("#hc-website").fill("http://spam.example", force=True)
    tab.locator("#hc-ticket-submit").click()
    tab.wait_for_timeout(500)
    assert intake.requests == []


def test_form_is_usable_with_the_keyboard_alone(form, intake):
    tab = form("en")
    tab.locator("#hc-category-technical-assistance").focus()
    reached = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        reached.append(tab.evaluate("document.activeElement.name || document.activeElement.id"))
        if reached[-1] == "hc-ticket-submit":
            break
    assert reached[-1] == "hc-ticket-submit", reached
    for name in ("product", "impact", "started_at", "subject", "description", "name", "email", "company",
                 "ticket_language"):
        assert name in reached, f"{name} cannot be reached with Tab"
    assert "website" not in reached, "the spam trap is not in the tab order"
    for control in tab.locator("#hc-ticket-form input:visible, #hc-ticket-form select, #hc-ticket-form textarea").all():
        control_id = control.get_attribute("id")
        assert tab.locator(f"label[for='{control_id}']").count() == 1, f"{control_id} has no label"


def test_form_fits_a_phone(browser, form_site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.goto(f"{form_site_url}/de/support/ticket/")
    tab.locator("#hc-ticket-form").wait_for()
    assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    save_screenshot(tab, "ticket-form-de-phone")
    context.close()


def test_without_javascript_the_page_says_how_to_reach_support(browser, form_site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{form_site_url}/de/support/ticket/")
    assert tab.locator("#hc-ticket-form").is_hidden()
    notice = tab.locator("[data-hc='ticket-noscript']")
    assert notice.is_visible()
    assert "helpdesk@meteorage.com" in notice.inner_text() and "+33 (0)5 59 90 05 03" in notice.inner_text()
    context.close()


def test_files_travel_with_the_ticket_and_the_outbox_shows_it(form, intake, tmp_path, monkeypatch, capsys):
    tab = form("fr")
    fill_technical_ticket(tab)
    assert "choisissez-les à nouveau" in tab.locator("#hc-attachments-hint").inner_text()
    screenshot, log = tmp_path / "capture.png", tmp_path / "alertes.log"
    screenshot.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    log.write_text("09:00 aucune alerte\n")
    tab.locator("#hc-attachments").set_input_files([str(screenshot), str(log)])
    tab.locator("#hc-ticket-submit").click()
    tab.locator("#hc-ticket-result").wait_for()
    (request,) = intake.requests
    assert request["files"] == ["capture.png", "alertes.log"]
    assert_valid_ticket_request(request["json"])
    (stored,) = intake.new_tickets()
    files = intake.storage.ticket(stored.reference).files
    assert [(name, size) for name, _, size in files] == [("capture.png", 108), ("alertes.log", 20)]
    from helpcenter.cli import main  # the operator's view of the outbox

    monkeypatch.setenv("HELPCENTER_INTAKE_DATABASE_URL", intake.database_url)
    assert main(["intake", "list"]) == 0
    assert stored.reference in capsys.readouterr().out


def test_a_file_of_another_type_is_refused_before_sending(form, intake, tmp_path):
    tab = form("en")
    fill_technical_ticket(tab)
    program = tmp_path / "tool.exe"
    program.write_bytes(b"MZ")
    tab.locator("#hc-attachments").set_input_files(str(program))
    tab.locator("#hc-ticket-submit").click()
    assert tab.locator("#hc-error-attachments").inner_text().startswith("Please choose files of these types: .png")
    assert intake.requests == []


def test_an_empty_product_list_asks_to_choose(form, intake):
    tab = form("pt")
    tab.locator("#hc-ticket-submit").click()
    assert tab.locator("#hc-error-product").inner_text() == "Escolha uma opção."


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_the_confirmation_is_in_view_below_the_header_and_focused(browser, form_site_url, intake, viewport):
    intake.reset()
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 400)
    tab = context.new_page()
    tab.goto(f"{form_site_url}/de/support/ticket/")
    fill_technical_ticket(tab)
    tab.locator("#hc-ticket-submit").click()
    result = tab.locator("#hc-ticket-result")
    result.wait_for()
    tab.wait_for_timeout(300)  # Material's header and "back to top" react to the scroll
    assert tab.evaluate("document.activeElement.id") == "hc-ticket-result"
    heading, reference = result.locator("h2"), tab.locator("#hc-ticket-result-reference")
    header_bottom = tab.locator(".md-header").bounding_box()["y"] + tab.locator(".md-header").bounding_box()["height"]
    for element in (heading, reference):
        box = element.bounding_box()
        assert header_bottom <= box["y"] and box["y"] + box["height"] <= viewport["height"], box
        covered = tab.evaluate("e => { const r = e.getBoundingClientRect(); const top = document.elementFromPoint("
                               "r.left + r.width / 2, r.top + r.height / 2); return !e.contains(top); }", element.element_handle())
        assert not covered, "something covers the confirmation"
    (stored,) = intake.new_tickets()
    code = reference.locator(".hc-ticket__reference")
    assert code.inner_text() == stored.reference
    assert code.evaluate("e => e.getClientRects().length") == 1, "the reference is broken across lines"
    save_screenshot(tab, f"ticket-sent-de-{viewport['width']}")
    context.close()


def test_the_send_button_looks_disabled_while_sending(form, intake):
    tab = form("en")
    intake.script.append("slow")
    fill_technical_ticket(tab)
    enabled_opacity = tab.locator("#hc-ticket-submit").evaluate("b => getComputedStyle(b).opacity")
    tab.locator("#hc-ticket-submit").click()
    button = tab.locator("#hc-ticket-submit")
    assert button.is_disabled()
    assert float(button.evaluate("b => getComputedStyle(b).opacity")) < float(enabled_opacity)
