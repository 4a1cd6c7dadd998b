"""Markers rendered per locale: what each language's reader sees, and the writer's errors."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from fixture_policies import EXPECTED_SLA, fixture_policy
from helpcenter.l10n.catalogs import load_translations
from helpcenter.errors import PolicyError
from helpcenter.l10n.localize import localize
from helpcenter.render.templates import MARKERS, PageContext, make_environment, render_page
from htmltools import plain, sla_table

POLICY = fixture_policy("paris")  # the policy the expected texts below are written from
ENVS = {language: make_environment([ROOT / "overrides"], load_translations(ROOT, language))
        for language in ("fr", "en", "es", "de", "it", "pt")}
PAGE = PageContext(source="docs/fr/page.md", ticket_url="../support/ticket/")

BUSINESS_HOURS = {
    "fr": "lun.–ven., 08:00–17:00 (heure de Paris)",
    "en": "Mon–Fri, 08:00–17:00 (Paris time)",
    "es": "lun–vie, 08:00–17:00 (hora de París)",
    "de": "Mo.–Fr., 08:00–17:00 (Ortszeit Paris)",
    "it": "lun–ven, 08:00–17:00 (ora di Parigi)",
    "pt": "segunda–sexta, 08:00–17:00 (hora de Paris)",
}


def render(markdown: str, language: str = "fr", page: PageContext = PAGE) -> str:
    return render_page(markdown, localize(POLICY, language), ENVS[language], page)


@pytest.mark.parametrize("language", list(EXPECTED_SLA))
def test_sla_table_holds_the_six_values_localized(language):
    priority_heading, business, outside, rows = EXPECTED_SLA[language]
    table = sla_table(render("<!-- support:sla-table -->\n", language))
    header, *body = table
    assert header == [priority_heading, f"{business} {BUSINESS_HOURS[language]}", outside]
    assert [tuple(row) for row in body] == rows


# The "montreal" fixture: four priorities, durations with minutes written 30min, 1h30, 90min, PT4H,
# 1 h 30 min and PT20H45M, business hours Mon–Sat 09:30–18:00 in Toronto.
MONTREAL_SLA = {
    "en": ("Mon–Sat, 09:30–18:00 (Toronto time)",
           [("Critical", "Within 30 minutes", "Within 1 hour, 30 minutes"),
            ("High", "Within 1 hour, 30 minutes", "Within 4 hours"),
            ("Medium", "Within 2 hours", "Within 20 hours"),
            ("Low", "Within 1 hour, 30 minutes", "Within 20 hours, 45 minutes")]),
    "es": ("lun–sáb, 09:30–18:00 (hora de Toronto)",
           [("Crítica", "En un plazo de 30 minutos", "En un plazo de 1 hora y 30 minutos"),
            ("Alta", "En un plazo de 1 hora y 30 minutos", "En un plazo de 4 horas"),
            ("Media", "En un plazo de 2 horas", "En un plazo de 20 horas"),
            ("Baja", "En un plazo de 1 hora y 30 minutos", "En un plazo de 20 horas y 45 minutos")]),
    "fr": ("lun.–sam., 09:30–18:00 (heure de Toronto)",
           [("Critique", "Sous 30 minutes", "Sous 1 heure et 30 minutes"),
            ("Haute", "Sous 1 heure et 30 minutes", "Sous 4 heures"),
            ("Moyenne", "Sous 2 heures", "Sous 20 heures"),
            ("Faible", "Sous 1 heure et 30 minutes", "Sous 20 heures et 45 minutes")]),
}


@pytest.mark.parametrize("language", list(MONTREAL_SLA))
def test_sla_table_of_another_policy_with_four_priorities_and_minutes(language):
    hours, rows = MONTREAL_SLA[language]
    html = render_page("<!-- support:sla-table -->\n", localize(fixture_policy("montreal"), language), ENVS[language], PAGE)
    header, *body = sla_table(html)
    assert header[1].endswith(hours)
    assert [tuple(row) for row in body] == rows


INLINE_24_HOURS = {"fr": "24 heures", "en": "24 hours", "es": "24 horas", "de": "24 Stunden", "it": "24 ore",
                   "pt": "24 horas"}


@pytest.mark.parametrize("language", list(EXPECTED_SLA))
def test_inline_response_time_and_business_hours(language):
    text = render("<!-- support:first-response medium outside-business-hours --> / <!-- support:business-hours -->\n",
                  language)
    assert plain(text) == f"{INLINE_24_HOURS[language]} / {BUSINESS_HOURS[language]}\n"


def test_policy_page_has_headings_for_the_table_of_contents_and_every_section():
    text = render("<!-- support:policy -->\n", "en")
    assert text.lstrip().startswith("# Technical support policy\n")
    for heading in ("## Technical means", "## Request categories", "## Priority assignment",
                    "## First-response times", "## Limits and exclusions", "## How to contact the technical support team"):
        assert heading in text
    assert "above 99%" in text and "in French or English through Jira or Espace Client (customer area)" in text
    contacts = POLICY.contacts
    # the addresses in the policy's sentences are links too
    assert f'<a href="mailto:{contacts.commercial_email}">{contacts.commercial_email}</a>' in text
    assert f'href="mailto:{contacts.helpdesk_email}"' in text and f'href="{contacts.phone_uri}"' in text
    # where the policy says how tickets are sent, it links the help center's own form
    assert f'You can also use <a href="{PAGE.ticket_url}">the ticket form of this help center</a>.' in text
    assert "ticket form of this help center" not in render("<!-- support:policy -->\n", "en",
                                                           PageContext(source="docs/en/x.md"))


def test_contacts_link_to_the_ticket_page_only_when_the_site_has_one():
    with_ticket = render("<!-- support:contacts -->\n", "de")
    assert '<a href="../support/ticket/">Ticket erstellen</a>' in with_ticket
    without = render("<!-- support:contacts -->\n", "de", PageContext(source="docs/de/x.md"))
    assert "Ticket erstellen" not in without and "E-Mail" in without


def test_text_from_support_yml_is_escaped():
    assert "users&#39; operations" in render("<!-- support:policy -->\n", "en")


def test_unknown_marker_is_an_error_naming_page_and_line():
    with pytest.raises(PolicyError) as caught:
        render("# Title\n\nSee <!-- support:sla-tabel -->\n")
    assert str(caught.value) == (
        "docs/fr/page.md:3: unknown marker <!-- support:sla-tabel -->; known markers: " + ", ".join(MARKERS))


@pytest.mark.parametrize("markdown, problem", [
    ("<!-- support:first-response urgent business-hours -->\n",
     "docs/fr/page.md:1: <!-- support:first-response urgent business-hours -->: unknown priority 'urgent'; "
     "defined in support.yml: high, medium, low"),
    ("<!-- support:first-response high -->\n",
     "docs/fr/page.md:1: <!-- support:first-response high --> takes 2 argument(s); "
     "write it like <!-- support:first-response PRIORITY WINDOW -->"),
    ("Table: <!-- support:sla-table -->\n",
     "docs/fr/page.md:1: <!-- support:sla-table --> shows a block; put it on a line of its own"),
    ('!!! note "N"\n    <!-- support:contacts -->\n',
     "docs/fr/page.md:2: <!-- support:contacts --> shows a block and cannot be indented (inside an admonition "
     "or a list); put it at the start of a line"),
    ("x\n<!-- support: -->\n",
     "docs/fr/page.md:2: malformed marker <!-- support: -->; write it like <!-- support:sla-table -->"),
])
def test_misused_markers_say_what_to_change(markdown, problem):
    with pytest.raises(PolicyError) as caught:
        render(markdown)
    assert str(caught.value) == problem


def test_readme_documents_every_marker_and_no_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `<!-- support:([a-z-]+)[^`]*-->` \| (.+) \|$", readme, re.MULTILINE)
    assert [name for name, _ in documented] == list(MARKERS)
    for name, summary in documented:
        assert summary == MARKERS[name].summary, f"README and rendering.MARKERS disagree on {name}"


def test_ticket_form_takes_its_fields_limits_and_email_rule_from_the_model():
    import json

    from helpcenter.policy.model import CONTACT_FIELDS, EMAIL_PATTERN, TEXT_LIMITS, TICKET_FIELDS

    html = render("<!-- support:ticket-form -->\n", "de")
    config = json.loads(re.search(r'<script type="application/json" id="hc-ticket-config">(.*?)</script>', html,
                                  re.S).group(1))
    assert (config["ticketFields"], config["contactFields"]) == (list(TICKET_FIELDS), list(CONTACT_FIELDS))
    assert config["emailPattern"] == EMAIL_PATTERN
    limits = dict(re.findall(r'name="([a-z_]+)"[^>]*? maxlength="(\d+)"', html))
    assert {name: int(limit) for name, limit in limits.items()} == dict(TEXT_LIMITS)
