"""The one place that reaches into mkdocs-static-i18n's plugin object (checked against 1.3.1).

To be moved into helpcenter/site/bridge.py, which gathers every access to private behaviour.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


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
    when it is set, and builds the other languages from its on_post_build unless `building` is true.
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
