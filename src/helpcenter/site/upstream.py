"""Every access of the speed machinery to private behaviour of MkDocs (checked against 1.6.1) and
mkdocs-static-i18n (checked against 1.3.1): the one place to review when they are upgraded.

To be moved into helpcenter/site/bridge.py, which gathers every access to private behaviour.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


def _plugin(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("mkdocs.yml: plugins: the 'i18n' plugin (mkdocs-static-i18n) is required")
    return plugin


def i18n_languages(config: MkDocsConfig) -> tuple[str, list[str]]:
    """The default language and the languages built, in the order of mkdocs.yml (public config)."""
    languages = _plugin(config).config.languages
    default = next(language.locale for language in languages if language.default)
    return default, [language.locale for language in languages if language.build]


def build_only(config: MkDocsConfig, language: str) -> None:
    """Make the next `build(config)` build `language` alone, exactly as the plugin builds it within a
    whole-site build: same URLs (under `de/`), same switcher, fallbacks and alternates.

    The plugin's own `build_only_locale` option builds a language as if it were the only one (at the
    root, with no switcher), so it cannot give the same site. The plugin starts from `current_language`
    when it is set, and builds the other languages from its on_post_build unless `building` is true
    (which also tells the hooks not to index the site for search: the caller indexes the merged site).
    """
    plugin = _plugin(config)
    plugin.current_language = language
    plugin.building = True


def reset_language_links(config: MkDocsConfig) -> None:
    """Drop the per-page language links the plugin leaves behind after the previous page.

    The plugin's on_page_context sets `config.extra.alternate` as an attribute (links to the page's
    translations) while its on_config resets the `config.extra["alternate"]` item; templates read the
    attribute first, so a template that is not a page (404.html) rendered after another language's
    pages pointed its language links at the last page built. Without the attribute they read the item.
    """
    vars(config.extra).pop("alternate", None)


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
