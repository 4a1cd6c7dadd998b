"""The one place that touches private attributes or behaviour of mkdocs-static-i18n, Material and MkDocs.

Every function below relies on something upstream does not promise. Each names the version it was
checked against (CHECKED_AGAINST); tests/site/test_bridge.py fails loudly, naming the function here,
when an upgrade changes one of them. Public APIs (config options, event names, `File.generated`,
`get_relative_url`, ...) are used directly elsewhere in helpcenter.site.

Template-level dependencies (overrides/), covered by tests/site/test_bridge.py and the build tests:
- overrides/partials/alternate.html replaces Material's `partials/alternate.html` (the language
  switcher), iterating `config.extra.alternate` as mkdocs-static-i18n's `reconfigure_material` fills it,
  and reads `i18n_page_locale`, set by mkdocs-static-i18n's on_page_context.
- overrides/sitemap.xml reads `i18n_alternates` (mkdocs-static-i18n's on_template_context) and each
  file's `locale` and `alternates` (see `file_locale`, `file_alternates`).
- overrides/main.html wraps Material's `{% block content %}` (what Pagefind indexes) and, in
  `{% block scripts %}`, hides the `<link rel="alternate" hreflang>` links from Material 9.8.2's
  bundle while it starts: on DOMContentLoaded it fetches `sitemap.xml` next to each of them.
"""

from __future__ import annotations

import copy
import re
from contextlib import contextmanager
from html import escape
from typing import Any, Callable, Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

CHECKED_AGAINST = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2", "mkdocs-static-i18n": "1.3.1"}


# --- mkdocs-static-i18n (checked against 1.3.1) -----------------------------------------------------

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


# --- Material for MkDocs (checked against 9.8.2) ---------------------------------------------------

# Material 9.8.2's markup in base.html and partials/alternate.html (ours keeps its attribute order).
_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')
_SWITCHER_LINK = re.compile(r'(<a href="[^"]*") hreflang="(?P<language>[a-z-]+)"( lang="[a-z-]+" class="md-select__link)')


def rewrite_head_links(html: str, alternates: dict[str, str], default_language: str,
                       canonical: str | None = None) -> str:
    """Replace Material's hreflang links by one per real translation (absolute URLs) and x-default;
    the language switcher's links keep `hreflang` only for real translations.

    `alternates` maps a language to the absolute URL of a page really written in it. `canonical`,
    when given, replaces the canonical URL (a fallback page points at its original).
    Material 9.8.2 writes one `<link rel="alternate" href hreflang>` per language in the head.
    """
    links = [f'<link rel="alternate" href="{escape(url)}" hreflang="{language}">'
             for language, url in alternates.items()]
    if default_language in alternates:
        links.append(f'<link rel="alternate" href="{escape(alternates[default_language])}" hreflang="x-default">')
    block = "".join(f"      {link}\n" for link in links)
    first = _ALTERNATE.search(html)
    if first:
        html = html[: first.start()] + block + _ALTERNATE.sub("", html[first.start():])
    if canonical:
        html = _CANONICAL.sub(f'<link rel="canonical" href="{escape(canonical)}">', html, count=1)
    # The language switcher still offers every language, but only claims the real translations.
    return _SWITCHER_LINK.sub(
        lambda link: link.group(0) if link.group("language") in alternates else link.group(1) + link.group(3), html)


# --- MkDocs (checked against 1.6.1) -----------------------------------------------------------------

@contextmanager
def live_preview(server: Callable[..., Any], overrides: dict[str, Any]) -> Iterator[None]:
    """While inside, `mkdocs.commands.serve.serve` runs `server` (a LiveReloadServer subclass or partial,
    e.g. with a shorter `polling_interval`) and loads mkdocs.yml with `overrides` (top-level keys
    replaced) for its first build and every rebuild.

    MkDocs 1.6.1: `serve` builds its server from the module attribute `LiveReloadServer` (keyword
    arguments builder, host, port, root, mount_path), and reloads the config for every rebuild through
    the module attribute `load_config`. Overrides cannot go through serve's own keyword arguments: it
    passes the same objects to every load, and validation consumes plugin entries
    (`Plugins._parse_configs` pops them), so the second load would fail; each load gets a fresh copy.
    """
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.config import load_config

    def load_with_overrides(*args: Any, **kwargs: Any):
        return load_config(*args, **kwargs, **copy.deepcopy(overrides))

    saved = mkdocs_serve.LiveReloadServer, mkdocs_serve.load_config
    mkdocs_serve.LiveReloadServer = server
    mkdocs_serve.load_config = load_with_overrides
    try:
        yield
    finally:
        mkdocs_serve.LiveReloadServer, mkdocs_serve.load_config = saved


def raw_config(config_file: str) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it before validation (INHERIT, !ENV and `!!python/name:` tags
    understood). MkDocs 1.6.1: `mkdocs.utils.yaml.yaml_load`, the loader of `load_config`."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as stream:
        return yaml_load(stream) or {}
