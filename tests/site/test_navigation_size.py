"""A large site's pages list only the sections around them, so page weight stays flat as it grows."""

from __future__ import annotations

from types import SimpleNamespace

from helpcenter.site.navigation import LARGE_SITE_PAGES, collapse_large_navigation

FEATURES = ["navigation.sections", "navigation.prune", "navigation.indexes"]


def config_with_pages(tmp_path, pages: int):
    for number in range(pages):
        page = tmp_path / "docs" / "fr" / f"section-{number % 7}" / f"page-{number}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("# Page\n", encoding="utf-8")
    return SimpleNamespace(docs_dir=str(tmp_path / "docs"), theme={"features": list(FEATURES)})


def test_small_site_keeps_its_top_level_sections_expanded(tmp_path):
    config = config_with_pages(tmp_path, LARGE_SITE_PAGES)
    collapse_large_navigation(config, "fr")
    assert config.theme["features"] == FEATURES


def test_large_site_collapses_top_level_sections_beyond_the_current_one(tmp_path):
    config = config_with_pages(tmp_path, LARGE_SITE_PAGES + 1)
    collapse_large_navigation(config, "fr")
    assert config.theme["features"] == ["navigation.prune", "navigation.indexes"]
