"""A Markdown converter reused from page to page converts each page as a new converter does."""

from __future__ import annotations

import markdown
from mkdocs.structure import pages

from conftest import copy_project
from helpcenter.site import bridge
from helpcenter.site.parallel import build_language


def test_a_reused_converter_gives_each_page_what_a_new_one_gives(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project, with_content=True)
    monkeypatch.setenv("HELPCENTER_CACHE", "off")
    reused = bridge._ReusedConverters(markdown)
    render, compared = pages.Page.render, []

    def render_twice(page, config, files):
        results = []
        for module in (markdown, reused):  # new converter, then the reused one (MkDocs' module global)
            monkeypatch.setattr(pages, "markdown", module)
            render(page, config, files)
            results.append((page.content, str(page.toc), page._title_from_render, page.present_anchor_ids))
        assert results[0] == results[1], page.file.src_uri
        compared.append(page)

    monkeypatch.setattr(pages.Page, "render", render_twice)
    monkeypatch.setattr(bridge, "reuse_markdown_converters", lambda: None)
    build_language(project / "mkdocs.yml", "de", tmp_path / "site")
    assert len(compared) > 20 and len(reused.made) == 1, "one converter served every page"
