"""A language's digest changes exactly when something its build reads changes."""

from __future__ import annotations

import pytest

from conftest import copy_project, replace_once
from helpcenter.site.language_inputs import input_digests, language_digests

LANGUAGES = ["fr", "en", "de"]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


def digests(project) -> dict[str, str]:
    return language_digests(project, project / "docs", "fr", LANGUAGES, "2026-11-26", ["versions"])


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {language for language in before if before[language] != after[language]}


def test_a_translated_page_edited_changes_its_language_and_its_checks_only(project):
    before = input_digests(project, project / "docs", "fr", LANGUAGES, "2026-11-26", ["versions"])
    assert before == input_digests(project, project / "docs", "fr", LANGUAGES, "2026-11-26", ["versions"])
    with (project / "docs" / "de" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\nEin Satz mehr.\n")
    after = input_digests(project, project / "docs", "fr", LANGUAGES, "2026-11-26", ["versions"])
    assert changed(before.builds, after.builds) == {"de"} and changed(before.checks, after.checks) == {"de"}
    with (project / "docs" / "fr" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\nUne phrase de plus.\n")  # the default language's pages: every language's links
    assert changed(after.checks, input_digests(project, project / "docs", "fr", LANGUAGES, "2026-11-26",
                                               ["versions"]).checks) == set(LANGUAGES)


def test_a_default_page_edited_changes_the_languages_that_fall_back_to_it_or_hold_it_pending(project):
    (project / "docs" / "fr" / "only-here.md").write_text("# Seulement ici\n", encoding="utf-8")
    pending = project / "docs" / "de" / "index.md"
    pending.write_text("---\ntranslation: {status: pending}\n---\n" + pending.read_text(encoding="utf-8"),
                       encoding="utf-8")
    before = digests(project)
    (project / "docs" / "fr" / "only-here.md").write_text("# Seulement ici\n\nPlus.\n", encoding="utf-8")
    assert changed(before, digests(project)) == {"fr", "en", "de"}  # a fallback in en and de
    before = digests(project)
    with (project / "docs" / "fr" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\nUne phrase de plus.\n")
    assert changed(before, digests(project)) == {"fr", "de"}  # de's translation is pending; en has its own


def test_a_new_translation_or_a_project_file_changes_every_language_that_reads_it(project):
    before = digests(project)
    (project / "docs" / "en" / "new.md").write_text("# New\n", encoding="utf-8")
    assert changed(before, digests(project)) == {"fr", "en", "de"}  # the switcher and hreflang name it
    before = digests(project)
    replace_once(project / "support.yml", "  hosting_sites: 2\n", "  hosting_sites: 3\n")
    assert changed(before, digests(project)) == set(LANGUAGES)
    before = digests(project)
    with (project / "overrides" / "main.html").open("a", encoding="utf-8") as template:
        template.write("\n")
    assert changed(before, digests(project)) == set(LANGUAGES)
    assert changed(before, language_digests(project, project / "docs", "fr", LANGUAGES, "2026-11-27",
                                            ["versions"])) == set(LANGUAGES)


def test_a_symbolic_link_in_the_docs_is_not_described(project):
    (project / "docs" / "en" / "linked.md").symlink_to(project / "docs" / "en" / "index.md")
    assert digests(project) is None


def test_a_file_is_read_again_unless_its_stat_is_the_one_recorded_long_enough_ago_and_a_bad_record_is_ignored(
        project, monkeypatch):
    import json
    import os
    import time

    from helpcenter.site import language_inputs

    arguments = (project, project / "docs", "fr", LANGUAGES, "2026-11-26", ["versions"])
    record = project / ".cache" / "input-files.json"
    page = project / "docs" / "de" / "index.md"
    old = time.time() - 60  # too recent a time is read again every time (the racy case)
    for path in (project / "docs").rglob("*"):
        os.utime(path, (old, old))
    expected = language_inputs.read_inputs(*arguments)
    assert language_inputs.read_inputs(*arguments, record=record) == expected and record.is_file()
    reads = []
    own = language_inputs._front_matter
    monkeypatch.setattr(language_inputs, "_front_matter", lambda content: reads.append(content) or own(content))
    assert language_inputs.read_inputs(*arguments, record=record) == expected
    assert reads == [], "no page read again"

    # Same size, same modification time, other bytes: the change time tells.
    page.write_bytes(page.read_bytes().replace(b"#", b"=", 1))
    os.utime(page, (old, old))
    edited = language_inputs.read_inputs(*arguments, record=record)
    assert reads == [page.read_bytes()], "only that page read again"
    assert edited != expected and edited == language_inputs.read_inputs(*arguments)

    # A record that does not read back, or of another format, is not trusted.
    for text in (record.read_text(encoding="utf-8")[:100],
                 json.dumps({**json.loads(record.read_text(encoding="utf-8")), "format": -1})):
        record.write_text(text, encoding="utf-8")
        assert language_inputs.read_inputs(*arguments, record=record) == edited
