"""Every writer's mistake gets one clear `file:line: what to do` line, from `helpcenter check` and from
the strict build alike; never a traceback, never a silent success, never a deployable failed build.

One small fixture site holds many mistakes at once (one build); each mistake has its own test.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, run_mkdocs_build, replace_once
from helpcenter.cli import main
from helpcenter.deploy.static_server import serving

BOM = "\ufeff"
HUGE = "# Home\n\n" + "Testo lungo. " * 9000 + "\n"
TITLE = '<img src=x onerror="window.hcInjected=1">'
PAGES = {
    "fr/index.md": ("# Accueil\n\nÉcrivez à <!-- suport:email -->.\n\nVoir [tarifs](tarifs.md).\n\n"
                    "![](support/diagram.svg)\n\n<script>alert(1)</script>\n"),
    "de/index.md": (f"---\ntitle: '{TITLE}'\ntranslation:\n  source: 0123456789abcdef\n---\n# Start\n\n"
                    "Schreiben Sie an <!-- Support:email -->.\n\nSiehe [Richtlinie](support/policy.md#gibt-es-nicht).\n"),
    "es/index.md": ("# Inicio\n\nEscriba a <!-- support:email\n\n[Abrir](javascript:alert(1))\n\n"
                    '<img src="x.png" alt="x" onerror="alert(1)">\n'),
    "it/index.md": HUGE,
    "pt/index.md": '# Início\n\nVeja os [preços](precos.md).\n\n<img src="../assets/logo.svg">\n',
    "en/index.md": BOM + "---\ntitle: Fish & <chips>\n---\n# Home\n\nWrite to <!-- support:email -->.\n",
}
FUZZY_LINE = 24  # the msgid line of "Page not found" in locales/fr/LC_MESSAGES/messages.po, once fuzzy

MISTAKES = {
    "marker prefix misspelt": "docs/fr/index.md:3: <!-- suport:email --> is not a marker: the prefix must be "
                              "written `support:` exactly; write <!-- support:email -->",
    "link to a missing page (French)": "docs/fr/index.md:5: link to tarifs.md: no page docs/fr/tarifs.md",
    "image without alt text": "docs/fr/index.md:7: image support/diagram.svg has no alt text; describe it between "
                              "the brackets: ![...]",
    "script element": "docs/fr/index.md:9: <script> is not allowed in a page: it would run in every reader's "
                      "browser; remove it",
    "event handler in a front-matter title": "docs/de/index.md:2: front matter title: the attribute onerror= is not "
                                             "allowed in a page: it runs a script in readers' browsers; remove it",
    # Line 8 of the file: the five lines of front matter count, as in every message.
    "marker prefix capitalised, in a translation": "docs/de/index.md:8: <!-- Support:email --> is not a marker: the "
                                                   "prefix must be written `support:` exactly; write "
                                                   "<!-- support:email -->",
    "link to a missing anchor (German)": "docs/de/index.md:10: link to support/policy.md#gibt-es-nicht: "
                                         "support/policy.md has no heading with the anchor #gibt-es-nicht",
    "marker not closed": "docs/es/index.md:3: marker <!-- support:email is not closed: it hides the rest of the "
                         "page; end it with --> on the same line",
    "javascript: URL": "docs/es/index.md:5: a javascript: URL is not allowed in a page: it runs a script when "
                       "clicked; link to a page or to an https:// address",
    "event-handler attribute": "docs/es/index.md:7: the attribute onerror= is not allowed in a page: it runs a "
                               "script in readers' browsers; remove it",
    "huge page": f"docs/it/index.md: this page is {len(HUGE.encode()) // 1000} kB, above the limit of 100 kB: "
                 "split it into several pages",
    "link to a missing page (Portuguese)": "docs/pt/index.md:3: link to precos.md: no page docs/pt/precos.md",
    "HTML image without alt text": 'docs/pt/index.md:5: image ../assets/logo.svg has no alt text; describe it in alt="...", '
                                   'or write alt="" if it is only decoration',
    "fuzzy catalog entry": f"locales/fr/LC_MESSAGES/messages.po:{FUZZY_LINE}: fuzzy translation (check it, then "
                           "remove '#, fuzzy'): 'Page not found'",
}


def helpcenter_check(project: Path) -> subprocess.CompletedProcess:
    """What `helpcenter check` prints in `project` (run in this process: a second interpreter costs seconds)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check"])
    return subprocess.CompletedProcess(["helpcenter", "check"], code, out.getvalue(), err.getvalue())


def write_pages(project: Path, pages: dict[str, str]) -> None:
    for path, text in pages.items():
        (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / path).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The fixture site with every mistake above: the output of `helpcenter check` and of the build."""
    project = copy_project(tmp_path_factory.mktemp("mistakes"))
    write_pages(project, PAGES)
    (project / "docs" / "fr" / "support" / "diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    replace_once(project / "locales" / "fr" / "LC_MESSAGES" / "messages.po",
                 '#: overrides/404.html:4\nmsgid "Page not found"', '#: overrides/404.html:4\n#, fuzzy\nmsgid "Page not found"')
    site = project / "site"
    site.mkdir()
    (site / "build-info.json").write_text('{"commit": "0", "built_at": "2026-01-01T00:00:00Z", "languages": ["fr"]}')
    check = helpcenter_check(project)
    build = run_mkdocs_build(project, site, HELPCENTER_TODAY="2026-11-26")
    return project, site, check, build


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_gets_one_line_from_check_and_from_the_strict_build(reports, mistake):
    _, _, check, build = reports
    line = MISTAKES[mistake]
    assert check.stdout.count(f"\n  {line}\n") == 1, check.stdout
    assert build.stderr.count(f"WARNING -  helpcenter: {line}\n") == 1, build.stderr


def test_the_build_fails_without_a_traceback_and_check_exits_1(reports):
    _, _, check, build = reports
    assert check.returncode == 1 and build.returncode != 0
    assert f"Aborted with {len(MISTAKES)} warnings in strict mode!" in build.stdout + build.stderr
    assert "Traceback" not in build.stderr + check.stderr


def test_a_byte_order_mark_before_front_matter_is_accepted(reports):
    _, site, check, build = reports
    assert "helpcenter: docs/en/" not in build.stderr
    # (the fixture's translations record no source hash: check calls them stale, nothing else)
    assert [line for line in check.stdout.splitlines() if "docs/en/index.md" in line and "stale:" not in line] == []
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "<title>Fish &amp; &lt;chips&gt; - " in html and 'href="mailto:' in html


def test_a_failed_build_leaves_no_build_info_and_is_not_deployed(reports, tmp_path, monkeypatch, capsys):
    project, site, _, _ = reports
    assert not (site / "build-info.json").exists(), "an earlier build's build-info.json would be deployed"

    (tmp_path / "deploy.yml").write_text("targets:\n  - name: web\n    type: directory\n    path: web\n"
                                         "    url: http://127.0.0.1:9/\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["deploy", "--site-dir", str(site), "--config", str(tmp_path / "deploy.yml")]) == 1
    assert ("build-info.json is missing, so this is not a complete build; run the build first (make build), then "
            "deploy") in capsys.readouterr().err
    assert not (tmp_path / "web").exists()


def test_a_title_with_markup_shows_as_text_and_runs_nothing_in_a_browser(reports, page):
    _, site, _, _ = reports
    with serving(site) as url:
        page.goto(f"{url}/de/support/policy/")
        navigation = page.locator("nav.md-nav--primary").first.inner_text()
        assert page.evaluate("window.hcInjected") is None, "the title's onerror ran"
        assert TITLE in navigation, "the title shows as text in the navigation"
    index = site / "de" / "search" / "search_index.json"
    if index.exists():  # the search index (when the site has one) holds the title as text, not as markup
        assert "<img" not in index.read_text(encoding="utf-8")


FATAL_PAGES = {
    "fr/broken.md": "---\ntitle: [sans fin\n---\n# Titre\n",
    "fr/unclosed.md": "---\ntitle: Titre\n# Titre\n",
}
FATAL = [
    "docs/fr/broken.md:3: YAML error: expected ',' or ']', but got '<stream end>'; check the quoting and indentation",
    "docs/fr/latin1.md:3: this file is not UTF-8 (byte 0xe9); save it with the UTF-8 encoding in your editor",
    "docs/fr/unclosed.md:1: the front matter has no closing --- line; add one after its last `key: value` line",
]


def test_pages_mkdocs_cannot_read_as_written_stop_the_build_at_once(tmp_path):
    project = copy_project(tmp_path)
    write_pages(project, FATAL_PAGES)
    (project / "docs" / "fr" / "latin1.md").write_bytes("# Titre\n\nCaf\u00e9\n".encode("latin-1"))
    check, build = helpcenter_check(project), run_mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.stderr + check.stderr
    assert "ERROR   -  " + "\n".join(FATAL) + "\n" in build.stderr, build.stderr
    for line in FATAL:
        assert check.stdout.count(f"  {line}\n") == 1, check.stdout
    assert "Aborted with a BuildError!" in build.stdout + build.stderr
    assert not (tmp_path / "site" / "fr" / "broken").exists(), "the YAML is not published as text"


def test_a_symbolic_link_loop_under_docs_stops_check_and_build_with_one_line(tmp_path):
    project = copy_project(tmp_path)
    (project / "docs" / "fr" / "tutorials" / "loop").symlink_to("..")
    line = ("docs/fr/tutorials/loop: symbolic link to .., which leads back to itself or to a folder that contains "
            "it: an endless loop; remove the link (git rm)")
    check, build = helpcenter_check(project), run_mkdocs_build(project, tmp_path / "site")
    assert (check.returncode, check.stdout.count(f"  {line}\n")) == (1, 1), check.stdout
    assert f"ERROR   -  {line}\n" in build.stderr and "Traceback" not in build.stderr + check.stderr


def test_a_catalog_entry_with_other_placeholders_stops_check_and_build_with_one_line(tmp_path):
    project = copy_project(tmp_path)
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    msgstr = next(line for line in text.splitlines() if line.startswith("msgstr") and "%(category)s" in line)
    replace_once(catalog, msgstr, msgstr.replace("%(category)s", "%(categorie)s"))
    number = text.splitlines().index(msgstr)  # the msgid line, just above (counted from 1)
    msgid = text.splitlines()[number - 1].removeprefix('msgid "').removesuffix('"').replace('\\"', '"')
    line = (f"locales/fr/LC_MESSAGES/messages.po:{number}: the translation's placeholders (%(categorie)s) differ from "
            f"the msgid's (%(category)s); copy each %(name)s of the msgid into the translation unchanged: {msgid!r}")
    check, build = helpcenter_check(project), run_mkdocs_build(project, tmp_path / "site")
    assert check.stdout.count(f"  {line}\n") == 1, check.stdout
    assert f"ERROR   -  {line}\n" in build.stderr, build.stderr
    assert "Traceback" not in build.stderr + check.stderr
