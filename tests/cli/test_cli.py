"""The `helpcenter` command as a writer uses it: check (one defect at a time), new, status, translated."""

from __future__ import annotations

import json
import re
import socket

import pytest

from conftest import LANGUAGES, ROOT, copy_project, replace_once, run_mkdocs_build
from helpcenter.cli import main


def run(monkeypatch, capsys, project, *arguments) -> tuple[int, str]:
    monkeypatch.chdir(project)
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def clean_site(tmp_path, monkeypatch, capsys):
    """The small fixture site, every translation recorded as up to date: `check` finds nothing."""
    project = copy_project(tmp_path)
    (project / "docs" / "fr" / "diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    run(monkeypatch, capsys, project, "translated", "all", "--lang", "all")
    code, output = run(monkeypatch, capsys, project, "check")
    assert (code, output.strip()) == (0, "No problem found.")
    return project


def add_lines(path, *lines) -> int:
    """Append lines to a page; returns the line number of the first one."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(text.rstrip("\n").splitlines()) + 2


def test_real_site_passes_check(monkeypatch, capsys):
    code, output = run(monkeypatch, capsys, ROOT, "check")
    assert (code, output.strip()) == (0, "No problem found.")


def test_broken_link(clean_site, monkeypatch, capsys):
    line = add_lines(clean_site / "docs" / "de" / "index.md", "Siehe [Preise](preise.md).")
    code, output = run(monkeypatch, capsys, clean_site, "check")
    assert code == 1
    assert f"links (1):\n  docs/de/index.md:{line}: link to preise.md: no page docs/de/preise.md" in output


def test_bad_anchor(clean_site, monkeypatch, capsys):
    line = add_lines(clean_site / "docs" / "en" / "index.md", "See [the table](support/policy.md#no-such-heading).")
    code, output = run(monkeypatch, capsys, clean_site, "check")
    assert code == 1
    assert (f"docs/en/index.md:{line}: link to support/policy.md#no-such-heading: support/policy.md has no "
            "heading with the anchor #no-such-heading") in output


def test_anchor_of_a_heading_rendered_by_a_marker_is_found(clean_site, monkeypatch, capsys):
    add_lines(clean_site / "docs" / "en" / "index.md", "See [response times](support/policy.md#first-response-times).")
    assert run(monkeypatch, capsys, clean_site, "check")[0] == 0


def test_a_markdown_image_without_alt_text_is_an_error_and_a_decorative_html_image_is_not(clean_site, monkeypatch,
                                                                                           capsys):
    # <img alt=""> says "decoration, skip it" (WCAG H67); ![](x) is far more often a description forgotten.
    line = add_lines(clean_site / "docs" / "fr" / "index.md", "![](diagram.svg)", "",
                     '<img src="diagram.svg" alt="">', "", "<img src=diagram.svg alt>")
    run(monkeypatch, capsys, clean_site, "translated", "index.md", "--lang", "all")
    code, output = run(monkeypatch, capsys, clean_site, "check")
    assert code == 1
    assert (f"images (1):\n  docs/fr/index.md:{line}: image diagram.svg has no alt text; describe it between "
            "the brackets: ![...]\n") in output


def test_missing_translation(clean_site, monkeypatch, capsys):
    (clean_site / "docs" / "it" / "support" / "policy.md").unlink()
    code, output = run(monkeypatch, capsys, clean_site, "check")
    assert code == 1
    assert ("translations (1):\n  docs/it/support/policy.md: missing: docs/fr/support/policy.md has no 'it' "
            "translation") in output


def test_stale_translation_then_translated(clean_site, monkeypatch, capsys):
    add_lines(clean_site / "docs" / "fr" / "index.md", "Nouvelle phrase.")
    code, output = run(monkeypatch, capsys, clean_site, "check")
    assert code == 1
    german = clean_site / "docs" / "de" / "index.md"
    source_line = next(number for number, text in enumerate(german.read_text().splitlines(), 1) if "source:" in text)
    assert (f"docs/de/index.md:{source_line}: stale: this translation was made from an older version of the source "
            "(docs/fr/index.md); update it, then run `helpcenter translated index.md --lang de`") in output
    assert output.count("stale:") == len(LANGUAGES) - 1
    run(monkeypatch, capsys, clean_site, "translated", "index.md", "--lang", "all")
    assert run(monkeypatch, capsys, clean_site, "check")[0] == 0


def test_unknown_marker_line_counts_the_front_matter(clean_site, monkeypatch, capsys):
    page = clean_site / "docs" / "es" / "index.md"
    line = add_lines(page, "Respuesta en <!-- support:first-reponse high business-hours -->.")
    assert page.read_text().startswith("---\n")
    code, output = run(monkeypatch, capsys, clean_site, "check")
    assert code == 1
    assert f"markers (1):\n  docs/es/index.md:{line}: unknown marker <!-- support:first-reponse high business-hours -->" in output


def test_bad_front_matter(clean_site, monkeypatch, capsys):
    page = clean_site / "docs" / "pt" / "index.md"
    page.write_text("---\ndescription: [sem fecho\n---\n# Início\n", encoding="utf-8")
    code, output = run(monkeypatch, capsys, clean_site, "check")
    assert code == 1
    assert re.search(r"front matter \(1\):\n  docs/pt/index\.md:[23]: YAML error: .+; check the quoting and indentation",
                     output), output


def test_new_then_check_then_build(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path, with_content=True)
    code, output = run(monkeypatch, capsys, project, "new", "guide", "reset-password", "--title",
                       "Réinitialiser son mot de passe")
    assert code == 0, output
    for language in LANGUAGES:
        assert (project / "docs" / language / "guide" / "reset-password.md").exists()
    assert "      - guide/reset-password.md\n" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    # The writer replaces the skeleton in French; the pending translations still hold the skeleton.
    replace_once(project / "docs" / "fr" / "guide" / "reset-password.md",
                 "What this page helps the reader do, in one or two sentences.",
                 "Voici comment choisir un nouveau mot de passe.")
    code, output = run(monkeypatch, capsys, project, "check")
    assert (code, output.strip()) == (0, "No problem found.")
    code, output = run(monkeypatch, capsys, project, "status", "--json")
    assert json.loads(output)["guide/reset-password.md"] == {language: "pending" for language in LANGUAGES[1:]}
    result = run_mkdocs_build(project, tmp_path / "site", HELPCENTER_TODAY="2026-11-26")
    assert result.returncode == 0, result.stderr
    german = (tmp_path / "site" / "de" / "guide" / "reset-password" / "index.html").read_text(encoding="utf-8")
    assert "Übersetzung ausstehend" in german and 'lang="fr" data-hc="fallback-content"' in german
    assert "Voici comment choisir un nouveau mot de passe." in german, "readers see the French source"
    assert "What this page helps the reader do" not in german, "never the skeleton `new` copied"
    assert 'href="./"' in german and "Réinitialiser son mot de passe" in german  # listed in the navigation
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://help.meteorage.com/guide/reset-password/</loc>" in sitemap
    assert "/de/guide/reset-password/" not in sitemap, "a pending translation is not announced to search engines"


def test_translated_all_never_clears_pending_and_a_wrong_page_is_an_error(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path, with_content=True)
    run(monkeypatch, capsys, project, "new", "faq", "billing", "--title", "Facturation")
    code, output = run(monkeypatch, capsys, project, "translated", "all", "--lang", "all")
    assert code == 0 and "docs/de/faq/billing.md: still pending, left as it is" in output
    code, output = run(monkeypatch, capsys, project, "status", "--json")
    assert json.loads(output)["faq/billing.md"]["de"] == "pending"
    code, output = run(monkeypatch, capsys, project, "translated", "faq/billing.md", "--lang", "de")
    assert code == 0 and json.loads(run(monkeypatch, capsys, project, "status", "--json")[1])["faq/billing.md"]["de"] == "up to date"
    code, output = run(monkeypatch, capsys, project, "translated", "faq/nope.md", "--lang", "de")
    assert code == 1 and "docs/fr/faq/nope.md does not exist" in output


def test_new_tutorial_needs_a_known_product(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path, with_content=True)
    code, output = run(monkeypatch, capsys, project, "new", "tutorial", "export-csv", "--title", "Exporter")
    assert code == 1 and "a tutorial needs --product, one of: lightning-alert, lightning-data-api, espace-client" in output
    code, output = run(monkeypatch, capsys, project, "new", "tutorial", "export-csv", "--title", "Exporter",
                       "--product", "lightning-data-api")
    assert code == 0
    assert "      - tutorials/lightning-data-api/export-csv.md\n" in (project / "mkdocs.yml").read_text(encoding="utf-8")


def test_status_table(monkeypatch, capsys):
    code, output = run(monkeypatch, capsys, ROOT, "status")
    assert code == 0
    assert re.search(r"^guide/getting-started\.md\s+ok\s+ok\s+ok\s+ok\s+ok\s*$", output, re.MULTILINE)


def test_every_command_has_help(monkeypatch, capsys):
    for command in ("check", "new", "status", "translated", "build", "serve", "deploy"):
        with pytest.raises(SystemExit) as done:
            run(monkeypatch, capsys, ROOT, command, "--help")
        assert done.value.code == 0


def test_deploy_command_publishes_then_fails_naming_an_unreachable_target(tmp_path, monkeypatch, capsys):
    from deploy_fixtures import get_json, make_site, serve_folder

    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    info = make_site(project / "site", "a" * 40, "2026-11-26T10:00:00Z", "build 1")
    with serve_folder(project / "web" / "current") as url:
        (project / "deploy.yml").write_text(
            f"targets:\n  - name: web\n    type: directory\n    path: web\n    url: {url}\n", encoding="utf-8")
        code, output = run(monkeypatch, capsys, project, "deploy")
        assert code == 0, output
        assert get_json(url + "build-info.json") == info
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    (project / "deploy.yml").write_text(
        f"targets:\n  - name: paris-2\n    type: directory\n    path: web2\n    url: http://127.0.0.1:{closed}/\n",
        encoding="utf-8")
    code, output = run(monkeypatch, capsys, project, "deploy")
    assert code == 1 and "error:" in output and "paris-2" in output
    assert "Nothing was deployed: every target still serves its previous build." in output
