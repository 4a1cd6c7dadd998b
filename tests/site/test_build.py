"""The real `mkdocs build --strict`: six languages, policy pages and support-policy.json from support.yml."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest
import yaml

from conftest import LANGUAGES, PROJECT, copy_project, replace_once, run_mkdocs_build, url_prefix
from fixture_policies import EXPECTED_SLA, fixture_policy
from helpcenter.content.markdown import lines_outside_code
from helpcenter.l10n.localize import localize
from helpcenter.policy.values import iso_duration
from htmltools import html_lang, plain, sla_table


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def expected_sla_rows(policy, language: str) -> list[tuple[str, ...]]:
    """The rows of the SLA table as support.yml says them, through the loader and the localizer."""
    view = localize(policy, language)
    return [(plain(row.priority.label), *(plain(cell.text) for cell in row.cells)) for row in view.sla_rows]


@pytest.mark.parametrize("language", LANGUAGES)
def test_policy_page_of_each_language_has_its_lang_and_sla_table(built_site, real_policy, language):
    html = read(built_site, f"{url_prefix(language)}support/policy/index.html")
    assert html_lang(html) == language
    assert [tuple(row) for row in sla_table(html)[1:]] == expected_sla_rows(real_policy, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_of_each_language_links_to_policy_and_sections(built_site, language):
    html = read(built_site, f"{url_prefix(language)}index.html")
    assert html_lang(html) == language
    for target in ("support/policy/", "faq/", "guide/", "tutorials/"):
        assert f'href="{target}"' in html, f"the {language} home page has no link to {target}"


def test_language_switcher_names_each_language_in_itself_and_keeps_the_page(built_site):
    html = read(built_site, "de/support/policy/index.html")
    entries = re.findall(r'<a href="([^"]+)" hreflang="([a-z]{2})" lang="[a-z]{2}" class="md-select__link[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    switcher = {language: (urljoin("/de/support/policy/", href), name) for href, language, name in entries}
    assert switcher == {
        "fr": ("/support/policy/", "Français"), "en": ("/en/support/policy/", "English"),
        "es": ("/es/support/policy/", "Español"), "de": ("/de/support/policy/", "Deutsch"),
        "it": ("/it/support/policy/", "Italiano"), "pt": ("/pt/support/policy/", "Português"),
    }
    current = re.findall(r'<a [^>]*class="md-select__link hc-current-language" aria-current="page">\s*([^<]+?)\s*<', html)
    assert current == ["Deutsch"], "the switcher marks the language being read"


def test_support_policy_json_matches_support_yml(built_site, real_policy):
    document = json.loads(read(built_site, "support-policy.json"))
    source = yaml.safe_load((PROJECT / "support.yml").read_text(encoding="utf-8"))
    assert [language["code"] for language in document["languages"]] == list(source["languages"])
    assert document["availability"]["above_percent"] == source["availability"]["above_percent"]
    assert document["tickets"]["languages"] == source["tickets"]["languages"]
    assert [row["priority"] for row in document["first_response"]["targets"]] == list(source["first_response"]["targets"])
    for row in document["first_response"]["targets"]:
        for window, value in row["windows"].items():
            expected = real_policy.first_response.target(row["priority"], window)
            assert value["seconds"] == expected.total_seconds()
            assert value["iso"] == iso_duration(expected)
    assert [item["id"] for item in document["priorities"]["items"]] == [
        item["id"] for item in source["priorities"]["items"]]
    for item, source_item in zip(document["priorities"]["items"], source["priorities"]["items"]):
        assert item["label"] == source_item["label"]
    assert document["business_hours"]["start"] == source["business_hours"]["start"]
    assert document["business_hours"]["end"] == source["business_hours"]["end"]
    assert document["contacts"]["helpdesk_email"] == source["contacts"]["helpdesk_email"]
    assert document["contacts"]["phone"] == source["contacts"]["phone"]
    assert set(document["title"]) == set(LANGUAGES)
    assert not (built_site / "en" / "support-policy.json").exists(), "written once, at the root only"


def test_editing_one_duration_changes_every_language_and_the_json(tmp_path):
    project = copy_project(tmp_path)  # the "paris" fixture policy, whose values EXPECTED_SLA spells out
    replace_once(project / "support.yml", "    high: {business-hours: 1h, outside-business-hours: 12h}",
                 "    high: {business-hours: 1h, outside-business-hours: 7h}")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    seven_hours = {"fr": "Sous 7 heures", "en": "Within 7 hours", "es": "En un plazo de 7 horas",
                   "de": "Innerhalb von 7 Stunden", "it": "Entro 7 ore", "pt": "No prazo de 7 horas"}
    pages_with_tables = 0
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if 'data-hc="sla-table"' not in html:
            continue
        pages_with_tables += 1
        table = sla_table(html)
        # A page not yet translated shows the default language's table: read the language off the table.
        language = next(code for code, expected in EXPECTED_SLA.items() if table[0][0] == expected[0])
        high_row = next(row for row in table if row[0] == EXPECTED_SLA[language][3][0][0])
        assert high_row[2] == seven_hours[language], f"{page} still shows {high_row[2]}"
    assert pages_with_tables >= len(LANGUAGES)
    document = json.loads((tmp_path / "site" / "support-policy.json").read_text(encoding="utf-8"))
    high = next(row for row in document["first_response"]["targets"] if row["priority"] == "high")
    assert high["windows"]["outside-business-hours"]["iso"] == "PT7H"
    assert plain(high["windows"]["outside-business-hours"]["text"]["de"]) == "Innerhalb von 7 Stunden"


def test_no_policy_value_is_typed_by_hand_in_the_pages(real_policy):
    """Pages must use markers: a response time, an address or a phone typed in Markdown would not follow.

    The values are looked for as the policy states them ("Within 2 hours", "08:00–17:00"): a bare "30
    minutes" in a tutorial is not a response time."""
    values = {real_policy.contacts.helpdesk_email, real_policy.contacts.commercial_email, real_policy.contacts.phone}
    for language in real_policy.languages:
        view = localize(real_policy, language.code)
        values |= {plain(view.availability), plain(view.facts["business_hours"])}
        values |= {plain(cell.text) for row in view.sla_rows for cell in row.cells}
    forbidden = re.compile("|".join(rf"(?<!\w){re.escape(value)}(?!\w)" for value in sorted(values, key=len, reverse=True)))
    offenders = []
    for page in (PROJECT / "docs").rglob("*.md"):
        for number, line in lines_outside_code(page.read_text(encoding="utf-8")):
            if forbidden.search(plain(line)):
                offenders.append(f"{page.relative_to(PROJECT)}:{number}: {line.strip()}")
    assert not offenders, "policy values typed by hand (use a marker):\n" + "\n".join(offenders)


def test_support_yml_error_stops_the_build_with_one_clear_line(fixture_project, tmp_path):
    replace_once(fixture_project / "support.yml", "  hosting_sites: 2\n", "  hosting_sites: two\n")
    result = run_mkdocs_build(fixture_project, tmp_path / "site")
    assert result.returncode != 0
    assert "support.yml:" in result.stderr
    assert "technical_means.hosting_sites: expected a whole number of at least 1, got 'two'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_marker_in_a_page_stops_the_build_naming_page_and_line(fixture_project, tmp_path):
    page = fixture_project / "docs" / "de" / "index.md"
    page.write_text("# Start\n\nAntwort in <!-- support:first-reponse high business-hours -->.\n", encoding="utf-8")
    result = run_mkdocs_build(fixture_project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/de/index.md:3: unknown marker <!-- support:first-reponse high business-hours -->" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_language_missing_from_support_yml_stops_the_build(fixture_project, tmp_path):
    replace_once(fixture_project / "mkdocs.yml", "        - locale: pt\n",
                 "        - locale: nl\n          name: nl\n        - locale: pt\n")
    result = run_mkdocs_build(fixture_project, tmp_path / "site")
    assert result.returncode != 0
    assert ("mkdocs.yml: plugins.i18n.languages: language 'nl' is built by the site but support.yml has no "
            "such language") in result.stderr


def test_support_yml_language_missing_from_the_site_stops_the_build(fixture_project, tmp_path):
    mkdocs_yml = (fixture_project / "mkdocs.yml").read_text(encoding="utf-8")
    (fixture_project / "mkdocs.yml").write_text(mkdocs_yml[: mkdocs_yml.index("        - locale: pt")], encoding="utf-8")
    result = run_mkdocs_build(fixture_project, tmp_path / "site")
    assert result.returncode != 0
    assert ("support.yml: languages.pt: language 'pt' is not built by the site; add it to plugins.i18n.languages "
            "in mkdocs.yml or remove it from support.yml") in result.stderr


def test_build_info_names_the_commit_the_time_and_the_languages(built_site):
    info = json.loads(read(built_site, "build-info.json"))
    assert re.fullmatch(r"[0-9a-f]{40}|unknown", info["commit"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", info["built_at"])
    assert info["languages"] == list(LANGUAGES)


def test_another_policy_with_four_priorities_and_minutes_checks_and_builds(tmp_path, monkeypatch, capsys):
    """The "montreal" fixture: another time zone and hours, four priorities, every spelling of a duration."""
    from helpcenter.cli import main

    project = copy_project(tmp_path, policy="montreal")
    monkeypatch.chdir(project)
    assert main(["translated", "all", "--lang", "all"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0, capsys.readouterr().out
    result = run_mkdocs_build(project, tmp_path / "site", HELPCENTER_TODAY="2026-11-26")
    assert result.returncode == 0, result.stderr
    policy = fixture_policy("montreal")
    for language in LANGUAGES:
        html = read(tmp_path / "site", f"{url_prefix(language)}support/policy/index.html")
        assert [tuple(row) for row in sla_table(html)[1:]] == expected_sla_rows(policy, language)
