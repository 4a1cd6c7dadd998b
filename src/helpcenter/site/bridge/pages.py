"""Single pages rendered, kept and restored: the build cache and the live preview (checked against MkDocs 1.6.1)."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


def rendered(page: Page) -> dict:
    """What `Page.render` produced, as plain data: HTML, table of contents, title, anchors, and the
    anchors it links to in other pages (by their source path), checked after every page is rendered."""
    return {
        "content": page.content,
        "toc": [_toc_token(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
    }


def restore_rendered(page: Page, data: dict, files: Files) -> None:
    """Set on `page` what `Page.render` would have set, from `rendered(page)` of an identical render."""
    page.content = data["content"]
    page.toc = get_toc(data["toc"])
    page._title_from_render = data["title"]
    page.present_anchor_ids = set(data["anchors"])
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:  # as render() does
        page.links_to_anchors = {files.get_file_from_path(src_uri): links
                                 for src_uri, links in data["links_to_anchors"].items()}


def replace_render(page: Page, render: Callable[[Callable[[], None]], None]) -> None:
    """Make MkDocs' `page.render(config, files)` call `render(original)` for this page only;
    `original()` runs MkDocs' own conversion."""
    original = type(page).render  # MkDocs' own, even when the page was given a replacement before
    page.render = lambda config, files: render(lambda: original(page, config, files))


@contextmanager
def pages_written_only(wanted: Callable[[Page], bool]) -> Iterator[list[Page]]:
    """While inside, `build()` reads and converts every page (titles, navigation, anchors as in a whole
    build) but renders and writes only the pages `wanted` says; yields the list of the pages it skipped.

    MkDocs 1.6.1: `build()` calls the module function `_build_page(page, config, doc_files, nav, env,
    ...)` once per page after every other output (static files, theme and extra templates) is written;
    a skipped page runs none of its page_context/post_page events and writes nothing.
    """
    skipped: list[Page] = []
    original = mkdocs_build._build_page

    def build_page(page, config, doc_files, nav, env, *args, **kwargs):
        if wanted(page):
            return original(page, config, doc_files, nav, env, *args, **kwargs)
        skipped.append(page)
        return None

    mkdocs_build._build_page = build_page
    try:
        yield skipped
    finally:
        mkdocs_build._build_page = original


def _toc_token(item) -> dict:
    return {"name": item.title, "id": item.id, "level": item.level,
            "children": [_toc_token(child) for child in item.children]}


@dataclass
class BuildState:
    """What a MkDocs build made and does not return: its files, navigation and theme environment."""

    files: Files | None = None
    nav: object | None = None
    env: object | None = None


def keep_build_state(config: MkDocsConfig) -> BuildState:
    """Record, after every plugin and hook, the files, navigation and environment of `build(config)`."""
    state = BuildState()

    @event_priority(-1000)
    def files_event(files, config):
        state.files = files
        return files

    @event_priority(-1000)
    def nav_event(nav, config, files):
        state.nav = nav
        return nav

    @event_priority(-1000)
    def env_event(env, config, files):
        state.env = env
        return env

    for name, method in (("files", files_event), ("nav", nav_event), ("env", env_event)):
        config.plugins._register_event(name, method, plugin_name="helpcenter-live")
    return state


def convert_page(page: Page, config: MkDocsConfig, state: BuildState) -> None:
    """Read and convert one page again, as `build()` does for each page (plugin events included)."""
    mkdocs_build._populate_page(page, config, state.files)


def write_page(page: Page, config: MkDocsConfig, state: BuildState) -> None:
    """Render and write one page again, with the navigation and templates of the build that made it."""
    mkdocs_build._build_page(page, config, state.files.documentation_pages(), state.nav, state.env)
