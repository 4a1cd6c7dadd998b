"""Navigation that stays the same size on every page however large the site grows.

Material's `navigation.sections` shows every top-level section expanded on every page: each page of a
site of 1,000 pages per language carried a navigation of 1,000 links (most of its weight and of the
time to render it). `navigation.prune` (in mkdocs.yml) leaves out the pages of collapsed sections; on
a large site the top-level sections are collapsed too, beyond the one being read, so each page lists
the top-level sections, the sections of its own, and its own section's pages.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

# Above this many pages in the default language, top-level sections collapse beyond the current one.
LARGE_SITE_PAGES = 60
SECTIONS = "navigation.sections"


def collapse_large_navigation(config: MkDocsConfig, default_language: str) -> None:
    """Drop `navigation.sections` from the theme's features when the site is large."""
    features = config.theme.get("features") or []
    if SECTIONS not in features:
        return
    pages = Path(config.docs_dir) / default_language
    if sum(1 for _ in pages.rglob("*.md")) > LARGE_SITE_PAGES:
        config.theme["features"] = [feature for feature in features if feature != SECTIONS]
