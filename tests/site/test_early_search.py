"""site.early_search: Pagefind's service begun before the build on the kept search input of the language
whose page was saved last, only when a page was saved since the last build read its inputs."""

from __future__ import annotations

import os
import time

from helpcenter.render.tree_store import TREE
from helpcenter.site.early_search import SEARCH_INPUTS, _docs_dir, begin_early
from helpcenter.site.language_inputs import INPUT_RECORD

PAGE = '<!doctype html><html lang="{0}"><body><main data-pagefind-body><p>{0}</p></main></body></html>'


def project(tmp_path, docs_dir: str | None = None):
    root = tmp_path / "project"
    docs = root / (docs_dir or "docs")
    for language in ("fr", "de"):
        (docs / language).mkdir(parents=True)
        (docs / language / "index.md").write_text("# Page\n", encoding="utf-8")
        kept = root / ".cache" / SEARCH_INPUTS / language / TREE / language
        kept.mkdir(parents=True)
        (kept / "index.html").write_text(PAGE.format(language), encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_name: x\ndocs_dir: {docs_dir}\n" if docs_dir else "site_name: x\n",
                                     encoding="utf-8")
    old = time.time() - 60
    for path in docs.rglob("*.md"):
        os.utime(path, (old, old))
    (root / ".cache" / INPUT_RECORD).write_text("{}", encoding="utf-8")  # the last build read its inputs now
    return root, docs


def test_the_service_reads_the_kept_input_of_the_language_saved_last(tmp_path):
    root, docs = project(tmp_path)
    assert begin_early(root) is None, "nothing saved since the last build: no service"
    (docs / "de" / "index.md").write_text("# Seite\n\nNeu.\n", encoding="utf-8")
    service = begin_early(root)
    try:
        assert service is not None and service.folder == root / ".cache" / SEARCH_INPUTS / "de" / TREE
    finally:
        service.stop()


def test_no_guess_without_a_kept_input_a_record_or_the_cache(tmp_path, monkeypatch):
    root, docs = project(tmp_path)
    (docs / "it").mkdir()
    (docs / "it" / "index.md").write_text("# Pagina\n", encoding="utf-8")
    assert begin_early(root) is None, "no search input kept for it"
    (docs / "de" / "index.md").write_text("# Seite\n", encoding="utf-8")
    monkeypatch.setenv("HELPCENTER_CACHE", "off")
    assert begin_early(root) is None
    monkeypatch.delenv("HELPCENTER_CACHE")
    (root / ".cache" / INPUT_RECORD).unlink()
    assert begin_early(root) is None, "no build read the inputs: a cold build"


def test_the_docs_folder_is_mkdocs_ymls(tmp_path):
    root, docs = project(tmp_path, "pages")
    (docs / "fr" / "index.md").write_text("# Nouveau\n", encoding="utf-8")
    service = begin_early(root)
    try:
        assert service is not None and service.folder.parent.name == "fr"
    finally:
        service.stop()
    for text, expected in [("docs_dir: 'src docs'  # comment\n", "src docs"), ("site_name: x\n", "docs"),
                           ('docs_dir: "d"\n', "d"), ("nav:\n  docs_dir: no\n", "docs")]:
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
        assert _docs_dir(root / "mkdocs.yml") == expected, text
