"""A navigation entry reused from another page is the HTML Material renders for this page."""

from __future__ import annotations

import jinja2
import pytest

from conftest import copy_project
from helpcenter.site import nav_cache, navigation
from helpcenter.site.build_state import current
from helpcenter.site.language_build import build_language


@pytest.mark.parametrize("large_site_pages, directory_urls", [(0, True), (10_000, True), (0, False)],
                         ids=["sections-collapsed", "sections-expanded", "page-files"])
def test_every_navigation_entry_is_what_the_theme_renders_for_the_page(tmp_path, monkeypatch, large_site_pages,
                                                                      directory_urls):
    """Each entry of the navigation's top level, with everything reused below it (kept entries, kept
    skeletons of the sections holding the page), is what Material renders with nothing reused; with
    `use_directory_urls: false` too, where a section's index and its pages share a folder."""
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project, with_content=True)
    if not directory_urls:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert text.count("use_directory_urls: true") == 1
        config.write_text(text.replace("use_directory_urls: true", "use_directory_urls: false"), encoding="utf-8")
    monkeypatch.setattr(navigation, "LARGE_SITE_PAGES", large_site_pages)
    keep, entry = nav_cache.nav_item, nav_cache._entry
    plain: list[bool] = []
    reused = {"entries": 0, "skeletons": 0}

    def counting(page, render, item, args):
        fragments = current().nav_fragments
        reused["entries"] += nav_cache._key(item, args, page) in fragments
        reused["skeletons"] += nav_cache._holding_key(item, args, page) in fragments
        return entry(page, render, item, args)

    @jinja2.pass_context
    def checking(context, render, item, *args):
        if plain:  # rendering the reference: Material's macro alone
            return render(item, *args)
        if nav_cache._rendering:  # inside an entry, checked with it
            return keep(context, render, item, *args)
        html = keep(context, render, item, *args)
        plain.append(True)
        try:
            assert html == render(item, *args), f"{item} on {context['page'].url}"
        finally:
            plain.pop()
        return html

    monkeypatch.setattr(nav_cache, "nav_item", checking)
    monkeypatch.setattr(nav_cache, "_entry", counting)
    build_language(project / "mkdocs.yml", "de", tmp_path / "site")
    assert reused["entries"] > 100 and reused["skeletons"] > 10, reused
