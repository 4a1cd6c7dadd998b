"""What helpcenter relies on in mkdocs-static-i18n beyond its public options (checked against 1.3.1)."""

from __future__ import annotations

import re
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File


def i18n_plugin(config: MkDocsConfig):
    """The mkdocs-static-i18n plugin object of a loaded config (public: `plugins.i18n`)."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("mkdocs.yml: plugins: the 'i18n' plugin (mkdocs-static-i18n) is required")
    return plugin


def current_language(config: MkDocsConfig) -> str:
    """The language being built. mkdocs-static-i18n 1.3.1: the plugin's `current_language` attribute,
    None until its own on_config first runs (then the default language)."""
    plugin = i18n_plugin(config)
    return plugin.current_language or plugin.default_language


def default_language(config: MkDocsConfig) -> str:
    """mkdocs-static-i18n 1.3.1: the plugin's `default_language` property (the `default: true` entry)."""
    return i18n_plugin(config).default_language


def building_other_languages(config: MkDocsConfig) -> bool:
    """True while mkdocs-static-i18n rebuilds the other languages. 1.3.1: the default language's
    on_post_build sets `building`, then calls `build(config)` once per other language on the same
    config object, so every event runs once per language; a new top-level build starts with it False."""
    return bool(i18n_plugin(config).building)


def name_languages(config: MkDocsConfig, name: Callable[[str], str]) -> None:
    """Rename each language of the switcher. 1.3.1: `reconfigure_material` reads each language's
    `name` on every language pass, so changing the validated config entries in on_config is enough."""
    for language in i18n_plugin(config).config.languages:
        language.name = name(language.locale)


def file_locale(file: File) -> str | None:
    """The language a file is written in. 1.3.1: `reconfigure_file` sets `File.locale`; a fallback page
    (a missing translation) keeps the default language's locale while another language is built."""
    return getattr(file, "locale", None)


def file_alternates(file: File) -> dict[str, File] | None:
    """The same page in every language. 1.3.1: `File.alternates`, language -> File, where a language
    without a translation maps to the default language's file."""
    return getattr(file, "alternates", None)


_BUILDING_LINE = re.compile(r"Building '(?P<language>[^']+)' documentation to directory")


def language_from_log_line(line: str) -> str | None:
    """The language a build starts, from mkdocs-static-i18n's INFO line (1.3.1, plugin.on_config:
    "Building 'de' documentation to directory: ...")."""
    match = _BUILDING_LINE.search(line)
    return match.group("language") if match else None


def i18n_languages(config: MkDocsConfig) -> tuple[str, list[str]]:
    """The default language and the languages built, in the order of mkdocs.yml (public config)."""
    languages = i18n_plugin(config).config.languages
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
    plugin = i18n_plugin(config)
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
