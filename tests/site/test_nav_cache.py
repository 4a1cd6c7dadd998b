"""A navigation entry reused from another page is the HTML Material renders for this page."""

from __future__ import annotations

import jinja2

from conftest import copy_project
from helpcenter.site import nav_cache, navigation
from helpcenter.site.language_build import build_language


def test_every_reused_navigation_entry_is_what_the_theme_renders_for_the_page(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project, with_content=True)
    monkeypatch.setattr(navigation, "LARGE_SITE_PAGES", 0)  # sections collapsed, as on a large site
    reused = []
    keep = nav_cache.nav_item

    @jinja2.pass_context
    def checking(context, render, item, *args):
        kept = nav_cache.current().nav_fragments.get(nav_cache._key(item, args, context.get("page")))
        html = keep(context, render, item, *args)
        if kept is not None:
            assert html == render(item, *args), f"{item} on {context['page'].url}"
            reused.append(item)
        return html

    monkeypatch.setattr(nav_cache, "nav_item", checking)
    build_language(project / "mkdocs.yml", "de", tmp_path / "site")
    assert len(reused) > 100, "pages reuse the entries they share"
