"""Single pages rendered, kept and restored: the build cache and the live preview (checked against MkDocs 1.6.1)."""

from __future__ import annotations

import functools
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc


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
    """While inside, `build()` renders and writes only the pages `wanted` says: no other page, and no
    static file, theme template (404.html, sitemap.xml) or extra template; yields the list of the pages
    it skipped.

    MkDocs 1.6.1: `build()` copies the static files (`Files.copy_static_files`), then writes each theme
    and extra template (the module functions `_build_theme_template`, `_build_extra_template`), then calls
    `_build_page(page, config, doc_files, nav, env, ...)` once per page; a skipped page runs none of its
    page_context/post_page events, a skipped template none of its template events.
    """
    skipped: list[Page] = []
    originals = (mkdocs_build._build_page, mkdocs_build._build_theme_template, mkdocs_build._build_extra_template,
                 Files.copy_static_files)

    def build_page(page, config, doc_files, nav, env, *args, **kwargs):
        if wanted(page):
            return originals[0](page, config, doc_files, nav, env, *args, **kwargs)
        skipped.append(page)
        return None

    def nothing(*args, **kwargs) -> None:
        return None

    mkdocs_build._build_page, mkdocs_build._build_theme_template, mkdocs_build._build_extra_template = \
        build_page, nothing, nothing
    Files.copy_static_files = nothing
    try:
        yield skipped
    finally:
        mkdocs_build._build_page, mkdocs_build._build_theme_template, mkdocs_build._build_extra_template, \
            Files.copy_static_files = originals


# The page events of MkDocs 1.6.1's _populate_page; `pages_converted_only` skips them for kept pages.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content")
# Whose page events are known to leave on a page only what `page_state` keeps (module names).
KNOWN_PAGE_LISTENERS = ("mkdocs_static_i18n.plugin", "helpcenter.site.events")


def page_state(page: Page) -> dict:
    """What the build reads of a converted page besides writing it, as plain data (with the front
    matter's own values): its title and front matter (navigation, previous and next links), its table of
    contents, and the anchors it holds and links to in other pages (checked after every page)."""
    return {
        "title": page.title,
        "meta": page.meta,
        "toc": page.toc.tokens if isinstance(page.toc, _KeptToc) and "items" not in vars(page.toc) else
        [_toc_token(item) for item in page.toc],
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": None if page.links_to_anchors is None else
        {file.src_uri: links for file, links in page.links_to_anchors.items()},
    }


def restore_page_state(page: Page, state: dict, files: Files) -> bool:
    """Give `page`, not read nor converted, what `page_state` kept of it from an identical conversion;
    False (the page left as it was) if a page it links to is not among `files`. MkDocs 1.6.1's
    `Page.title` can be set for good (as the navigation's own titles are)."""
    links = state["links_to_anchors"]
    if links is not None and any(src_uri not in files.src_uris for src_uri in links):
        return False
    page.title = state["title"]
    page.meta = state["meta"]
    page.toc = _KeptToc(state["toc"])
    page.present_anchor_ids = set(state["anchors"])
    page.links_to_anchors = None if links is None else \
        {files.src_uris[src_uri]: anchors for src_uri, anchors in links.items()}
    return True


class _KeptToc(TableOfContents):
    """A page's table of contents kept by `page_state`, made into MkDocs' objects (`get_toc`) only when
    read: only the pages written read theirs, and making them for the 400 pages of a language of which
    one page is written was a tenth of its build."""

    def __init__(self, tokens: list) -> None:  # TableOfContents.__init__ sets `items`, made below instead
        self.tokens = tokens

    @functools.cached_property
    def items(self) -> list:
        return get_toc(self.tokens).items


def page_events_known(config: MkDocsConfig) -> bool:
    """Whether every listener of the page events is one whose effects `page_state` keeps (no other
    plugin or hook leaves something on a page that another page's output might read)."""
    return all(getattr(listener, "__module__", None) in KNOWN_PAGE_LISTENERS
               for event in PAGE_EVENTS for listener in config.plugins.events[event])


@contextmanager
def pages_converted_only(wanted: Callable[[Page], bool],
                         restore: Callable[[Page, Files], bool]) -> Iterator[None]:
    """While inside, `build()` reads and converts only the pages `wanted` says; each other page is
    given to `restore` (with the build's files), which sets what `page_state` kept of it and says so,
    or returns False to have it read and converted as usual.

    MkDocs 1.6.1: `build()` calls the module function `_populate_page(page, config, files, dirty)` once
    per page (its pre_page, page_read_source, page_markdown and page_content events, reading and
    converting), before the env event and any output.
    """
    original = mkdocs_build._populate_page

    def populate_page(page, config, files, *args, **kwargs):
        if wanted(page) or not restore(page, files):
            original(page, config, files, *args, **kwargs)

    mkdocs_build._populate_page = populate_page
    try:
        yield
    finally:
        mkdocs_build._populate_page = original


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
