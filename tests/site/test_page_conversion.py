"""The page conversion's shortcuts (site.bridge) give what MkDocs' own conversion gives."""

from __future__ import annotations

import markdown
from mkdocs.structure import pages

from conftest import PROJECT, copy_project
from helpcenter.render import marker_blocks
from helpcenter.site import bridge, events
from helpcenter.site.language_build import build_language


def test_a_reused_converter_gives_each_page_what_a_new_one_gives(tmp_path, monkeypatch):
    """The reused converter, as the build prepares it, stores the markers' HTML elements itself."""
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project, with_content=True)
    monkeypatch.setenv("HELPCENTER_CACHE", "off")
    reused = bridge._ReusedConverters(markdown)
    reused.prepare = events.prepare_converter
    run, taken = marker_blocks.MarkerBlocks.run, []

    def counted(self, lines):
        result = run(self, lines)
        taken.append(result is not lines)
        return result

    monkeypatch.setattr(marker_blocks.MarkerBlocks, "run", counted)
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
    monkeypatch.setattr(bridge, "reuse_markdown_converters", lambda prepare=None: None)
    build_language(project / "mkdocs.yml", "de", tmp_path / "site")
    assert len(compared) > 20 and len(reused.made) == 1, "one converter served every page"
    assert sum(taken) > 5, "markers' elements were stored before the HTML block preprocessor"


def test_the_anchor_scan_is_skipped_only_where_it_would_find_nothing(monkeypatch):
    monkeypatch.setattr(pages._RawHTMLPreprocessor, "run", pages._RawHTMLPreprocessor.run)  # undone after
    bridge.skip_html_scan_without_anchors()
    scan = pages._RawHTMLPreprocessor.run.scan  # MkDocs' own
    texts = [path.read_text(encoding="utf-8") for path in sorted((PROJECT / "docs").rglob("*.md"))]
    texts += ['<div id="a">x</div>', "<a name='b'></a>", "<p ID=c>", "<span/id=d>", "<b id>", "<a\nname=e>",
              '<em class="x">no anchor</em>, an id, a name', "<p data-id=f>"]
    skipped = 0
    for text in texts:
        lines = text.splitlines()
        mkdocs, ours = pages._RawHTMLPreprocessor(), pages._RawHTMLPreprocessor()
        assert ours.run(lines) is lines and scan(mkdocs, lines) is lines
        assert ours.present_anchor_ids == mkdocs.present_anchor_ids, text[:80]
        skipped += not mkdocs.present_anchor_ids and not bridge._may_hold_anchor_attribute(text)
    assert skipped > 10
