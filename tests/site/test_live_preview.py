"""`helpcenter serve`: every language served; a saved page is written again alone, exactly as a full
build writes it, in every language that shows it (its own and the fallbacks)."""

from __future__ import annotations

import gzip
import json
import time

import pytest

from conftest import BUILD_DAY, copy_project
from helpcenter.site.live import LivePreview


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("live"))
    guide = project / "docs" / "fr" / "guide"
    guide.mkdir()
    (guide / "only-in-french.md").write_text("# Seulement en français\n\nPremière version.\n", encoding="utf-8")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("HELPCENTER_TODAY", BUILD_DAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    live = LivePreview(project / "mkdocs.yml")
    live.start()
    yield live
    live.stop()
    monkeypatch.undo()


def served(live: LivePreview, path: str) -> str:
    return (live.site / path / "index.html").read_text(encoding="utf-8")


def test_every_language_is_served(preview):
    for prefix in ("", "en/", "es/", "de/", "it/", "pt/"):
        assert "<html" in served(preview, f"{prefix}support/policy")
    assert "<urlset" in (preview.site / "sitemap.xml").read_text(encoding="utf-8")
    assert (preview.site / "pagefind" / "pagefind-entry.json").exists()


def test_a_saved_page_is_updated_in_its_language_and_where_it_is_a_fallback(preview):
    page = preview.docs_dir / "fr" / "guide" / "only-in-french.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Première version.", "Seconde version."),
                    encoding="utf-8")
    preview.update()
    for prefix in ("", "de/", "pt/"):
        assert "Seconde version." in served(preview, f"{prefix}guide/only-in-french")
    incremental = {prefix: served(preview, f"{prefix}guide/only-in-french") for prefix in ("", "de/")}

    for _, connection in preview.workers.values():  # a full build of every language, for comparison
        connection.send(("full", None))
    preview._collect()
    assert incremental == {prefix: served(preview, f"{prefix}guide/only-in-french") for prefix in ("", "de/")}


def test_a_new_title_rebuilds_the_navigation_of_the_other_pages(preview):
    page = preview.docs_dir / "de" / "support" / "ticket.md"
    text = page.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("# "))
    page.write_text(text.replace(title, "# Neuer Titel des Formulars", 1), encoding="utf-8")
    preview.update()
    assert "Neuer Titel des Formulars" in served(preview, "de/support/policy")


def search_fragments(site) -> str:
    """The text of every page Pagefind indexed (its fragments are gzipped JSON)."""
    return "".join(gzip.decompress(path.read_bytes()).decode("utf-8")
                   for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_a_page_only_save_refreshes_the_search_index_in_the_background(preview):
    page = preview.docs_dir / "de" / "support" / "policy.md"
    assert "Zanzibarwort" not in search_fragments(preview.site)
    refreshed = preview.search.refreshed
    page.write_text(page.read_text(encoding="utf-8") + "\n\nZanzibarwort steht jetzt hier.\n", encoding="utf-8")
    preview.update()
    assert "Zanzibarwort" in served(preview, "de/support/policy")  # the page at once, the index soon after
    deadline = time.monotonic() + 60
    while preview.search.refreshed == refreshed and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Zanzibarwort" in search_fragments(preview.site)
    entry = json.loads((preview.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == sorted(preview.languages)  # de indexed again, the others kept
