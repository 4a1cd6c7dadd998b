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
import hashlib
import json
import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

CHECKED_AGAINST = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2", "mkdocs-static-i18n": "1.3.1",
                   "markdown": "3.11.3", "pymdown-extensions": "13.1.2"}


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


@dataclass(frozen=True)
class _Unwanted:
    """The answer to "make this copy an i18n File" when only its `locale` will be read, to be turned down."""

    locale: str


@dataclass(frozen=True)
class _OtherLanguage:
    """What `reconfigure_files` reads of a file of a language neither built nor the default one, before
    it sets the file aside as a possible alternate (1.3.1: locale, localization, norm_src_uri and whether
    it is a page)."""

    src_uri: str
    locale: str
    localization: str | None
    norm_src_uri: str
    page: bool

    def is_documentation_page(self) -> bool:
        return self.page


def skip_unwanted_alternates(config: MkDocsConfig) -> None:
    """Spare the plugin, in the next builds of `config`, the i18n Files it makes only to throw away.

    mkdocs-static-i18n 1.3.1: `reconfigure_files` makes an i18n File (`folder.create_i18n_file`) of every
    file of every language; then `reconfigure_files_alternates` looks for each page in each language by
    making an i18n File of each other copy of the page in turn, keeping the first whose `locale` is that
    language (else the default language's). A file's `locale` follows from its source path alone: once
    `reconfigure_files` has made a file, any later copy of it in neither language sought is answered by
    its locale alone. On a large site that was most of the Files the plugin made (O(languages × pages) in
    each language's build); the files and alternates it keeps are the same.

    The same holds in `reconfigure_files` itself: `create_i18n_file` derives a file's locale and
    localization from the first folder of its source path alone, so once it has made one file of a
    folder, the other files of that folder whose locale is neither the language built nor the default
    one (the files it only sets aside as alternates) get what it reads of them without a File.
    """
    from mkdocs_static_i18n import folder

    plugin = i18n_plugin(config)
    locales: dict[str, str] = {}
    folders: dict[str, tuple[str, str | None]] = {}  # first folder of a source path -> locale, localization

    def recording(make):
        def make_file(file, language, default, languages, cfg):
            top, slash, rest = file.src_uri.partition("/")
            known = folders.get(top) if slash else None
            if known is not None and known[0] not in (language, default) and known[1] == top:
                locales[file.src_uri] = known[0]
                return _OtherLanguage(file.src_uri, known[0], known[1], rest, file.is_documentation_page())
            made = make(file, language, default, languages, cfg)
            locales[made.src_uri] = made.locale
            if slash:
                folders[top] = (made.locale, made.localization)
            return made
        return make_file

    def reconfigure_files(files, cfg):
        made_by_plugin = folder.create_i18n_file  # what the method looks up when it starts
        folder.create_i18n_file = recording(made_by_plugin)
        try:
            return type(plugin).reconfigure_files(plugin, files, cfg)
        finally:
            folder.create_i18n_file = made_by_plugin

    def reconfigure_files_alternates(src_uris, alternate_src_uris, cfg, make):
        def make_wanted(file, language, default, languages, cfg):
            locale = locales.get(file.src_uri)
            if locale is not None and locale not in (language, default):
                return _Unwanted(locale)
            return make(file, language, default, languages, cfg)
        return type(plugin).reconfigure_files_alternates(plugin, src_uris, alternate_src_uris, cfg, make_wanted)

    plugin.reconfigure_files = reconfigure_files
    plugin.reconfigure_files_alternates = reconfigure_files_alternates


def reset_language_links(config: MkDocsConfig) -> None:
    """Drop the per-page language links the plugin leaves behind after the previous page.

    The plugin's on_page_context sets `config.extra.alternate` as an attribute (links to the page's
    translations) while its on_config resets the `config.extra["alternate"]` item; templates read the
    attribute first, so a template that is not a page (404.html) rendered after another language's
    pages pointed its language links at the last page built. Without the attribute they read the item.
    """
    vars(config.extra).pop("alternate", None)


# --- Material for MkDocs (checked against 9.8.2) ---------------------------------------------------

# Material 9.8.2's markup in base.html and partials/alternate.html (ours keeps its attribute order).
# A link and the spaces before it go; the pattern starts with the tag so that the search skips ahead to
# it (a leading `[ \t]*` made each search retry at every space of the page's indentation).
_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
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
    spans = _alternate_spans(html)
    if spans:
        kept = [html[end:start] for (_, end), (start, _) in zip([(0, 0), *spans], spans)]
        html = kept[0] + block + "".join(kept[1:]) + html[spans[-1][1]:]
    if canonical:
        html = _CANONICAL.sub(f'<link rel="canonical" href="{escape(canonical)}">', html, count=1)
    # The language switcher still offers every language, but only claims the real translations.
    return _SWITCHER_LINK.sub(
        lambda link: link.group(0) if link.group("language") in alternates else link.group(1) + link.group(3), html)


def _alternate_spans(html: str) -> list[tuple[int, int]]:
    """Where Material's hreflang links are, each with the spaces and tabs just before it."""
    spans: list[tuple[int, int]] = []
    for match in _ALTERNATE.finditer(html):
        start, previous_end = match.start(), spans[-1][1] if spans else 0
        while start > previous_end and html[start - 1] in " \t":
            start -= 1
        spans.append((start, match.end()))
    return spans


# Material 9.8.2's navigation renders each top-level entry in partials/nav.html and each child entry in
# partials/nav-item.html with the calls below; `theme_loader` routes both through the template global
# `hc_nav_item` (site.nav_cache), which reuses an entry's HTML where it would come out the same.
NAV_CALLS = {
    "partials/nav.html": ("{{ item.render(nav_item, path, 1) }}",
                          "{{ hc_nav_item(item.render, nav_item, path, 1) }}"),
    "partials/nav-item.html": ('{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
                               '{{ hc_nav_item(render, item, path ~ "_" ~ loop.index, level + 1, nav_item) }}'),
}


# Material 9.8.2's partials/language.html, imported `with context` by base.html on every page, defines the
# translation macro below, which reads only the key and the theme language's text tables; `theme_loader`
# follows it with the line after it, so that the module's `t` answers each key of a language as the macro
# first did (the template global `hc_translation`, site.theme_text).
TRANSLATION_MACRO = ("partials/language.html",
                     "{% macro t(key) %}{{ lang.t(key) or fallback.t(key) or key }}{% endmacro %}",
                     "\n{% set t = hc_translation(config.theme.language, t) %}")


class _ThemeLoader(jinja2.BaseLoader):
    """The theme's loader, with the navigation's render calls of NAV_CALLS replaced and Material's
    translation macro kept (TRANSLATION_MACRO). A template that does not hold the call or the macro once
    (a project's own override) is left as it is: its entries or texts are not reused."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = self.loader.get_source(environment, template)
        call = NAV_CALLS.get(template)
        if call is not None and source.count(call[0]) == 1:
            source = source.replace(*call)
        name, macro, kept = TRANSLATION_MACRO
        if template == name and source.count(macro) == 1:
            source = source.replace(macro, macro + kept)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def theme_loader(loader: jinja2.BaseLoader) -> jinja2.BaseLoader:
    return loader if isinstance(loader, _ThemeLoader) else _ThemeLoader(loader)


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


_parsed_configs: dict[str, dict] = {}  # SHA-256 of an mkdocs.yml -> what MkDocs' YAML loader made of it
_kept_config: Path | None = None  # where parse_config_once keeps the last one between runs


def parse_config_once(kept: Path | None = None) -> None:
    """From now on in this process and the workers it forks, each mkdocs.yml text is parsed once:
    `helpcenter build` loads mkdocs.yml in its process and again in every worker (the YAML alone costs
    0.3-0.6 s at 400 pages per language). With `kept` (a file), the result is also kept there between
    runs, when it is plain data (equal after a round trip through JSON). A file with a tag bound to its
    config (`!relative`), read from the environment (`!ENV`) or inheriting another (`INHERIT`) is
    parsed each time. MkDocs 1.6.1: `MkDocsConfig.load_file(fd)` is
    `load_dict(yaml_load(fd, get_yaml_loader(config=self)))`."""
    global _kept_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    _kept_config = kept
    original = MkDocsConfig.load_file
    if getattr(original, "parses_once", False):
        return

    def load_file(self, config_file) -> None:
        data = config_file.read()
        if any(word in data for word in (b"!relative", b"!ENV", b"INHERIT")):
            config_file.seek(0)
            return original(self, config_file)
        key = hashlib.sha256(data).hexdigest()
        if key not in _parsed_configs:
            parsed = _read_kept_config(key)
            if parsed is None:
                try:
                    parsed = yaml_load(data, get_yaml_loader(config=self))
                except ConfigurationError:  # parsed again from the file, for a message that names it
                    config_file.seek(0)
                    return original(self, config_file)
                _keep_config(key, parsed)
            _parsed_configs[key] = parsed
        self.load_dict(copy.deepcopy(_parsed_configs[key]))

    load_file.parses_once = True
    MkDocsConfig.load_file = load_file


def _read_kept_config(key: str) -> dict | None:
    try:
        kept = json.loads(_kept_config.read_text(encoding="utf-8"))
        return kept["parsed"] if kept["key"] == f"{key}/{_yaml_version()}" else None
    except (AttributeError, OSError, ValueError, KeyError, TypeError):  # none, unreadable, another
        return None


def _keep_config(key: str, parsed: dict) -> None:
    if _kept_config is None:
        return
    try:
        text = json.dumps({"key": f"{key}/{_yaml_version()}", "parsed": parsed})
        if json.loads(text)["parsed"] != parsed:
            return
        _kept_config.parent.mkdir(parents=True, exist_ok=True)
        temporary = _kept_config.with_name(f".{_kept_config.name}.new")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, _kept_config)
    except (OSError, TypeError, ValueError):  # not plain data, or not written: parsed next time
        pass


def _yaml_version() -> str:
    """The versions of what parses mkdocs.yml."""
    from importlib import metadata

    import yaml

    return f"mkdocs {metadata.version('mkdocs')}, PyYAML {yaml.__version__}"


def url_parts(url: str) -> list[str] | None:
    """The path components MkDocs 1.6.1 relativizes a navigation link's URL by (`normalize_url`:
    `_get_norm_url`, then `get_relative_url`'s `_norm_parts`); None when its result does not depend on
    the page (an absolute URL) or is not a plain relative path."""
    path, level = mkdocs_utils._get_norm_url(url)
    return mkdocs_utils._norm_parts(path) if level == 0 and path == url else None


def page_base_parts(page_url: str) -> list[str]:
    """The path components of the folder `get_relative_url` (1.6.1) makes links relative to, for a page."""
    folder, _, name = page_url.rpartition("/")
    return mkdocs_utils._norm_parts(folder if "." in name else page_url)


# --- MkDocs and Python-Markdown: one converter per process (checked against 1.6.1 and 3.11.3) ---------

# Extensions whose state between documents `Markdown.reset()` clears, or that keep none (Markdown 3.11.3,
# pymdown-extensions 13.1.2): toc (reset), md_in_html and superfences (the stashes, reset), the others
# set what a document needs while it is parsed. footnotes, for one, is not: its reset changes the ids.
RESETTABLE_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html",
                                   "pymdownx.details", "pymdownx.superfences"})


class _ReusedConverters:
    """Stands for the `markdown` module in mkdocs.structure.pages: its `Markdown(...)` gives the converter
    made before with the same settings, reset, instead of a new one with every extension built again."""

    def __init__(self, module) -> None:
        self.module = module
        self.made: dict[str, Any] = {}

    def __getattr__(self, name: str):
        return getattr(self.module, name)

    def Markdown(self, extensions=(), extension_configs=None, **options):  # noqa: N802 (the module's name)
        if options or not all(isinstance(name, str) and name in RESETTABLE_EXTENSIONS for name in extensions):
            return self.module.Markdown(extensions=extensions, extension_configs=extension_configs, **options)
        key = repr((list(extensions), extension_configs))
        converter = self.made.get(key)
        if converter is None:
            converter = self.made[key] = self.module.Markdown(
                extensions=extensions, extension_configs=extension_configs)
        return converter.reset()


def reuse_markdown_converters() -> None:
    """Let every later `Page.render` of this process reuse a Markdown converter with its settings.

    MkDocs 1.6.1: `Page.render` makes a `markdown.Markdown(extensions=..., extension_configs=...)` (the
    module global `markdown` of mkdocs.structure.pages) for every page, registers its four processors on
    it by name (a name registered again replaces the earlier processor) and converts once. Building the
    extensions, their patterns and registries was a sixth of the conversion's CPU time. A converter reset
    between documents gives the same HTML, table of contents and title (Markdown's advice for reuse).
    """
    from mkdocs.structure import pages

    if not isinstance(pages.markdown, _ReusedConverters):
        pages.markdown = _ReusedConverters(pages.markdown)


# Python-Markdown 3.11.3's HTML parser (markdown.htmlparser, a copy of the standard html.parser) reads an
# attribute name as the characters after a quote, white space or `/` up to white space, `/`, `=` or `>`,
# and lowercases it: an `id` or `name` attribute can only be reported where the lowercased text has one.
_ANCHOR_NAME = re.compile(r"(?:id|name)(?=[\s/=>]|\Z)")


def _may_hold_anchor_attribute(text: str) -> bool:
    lowered = text.lower()
    return any(match.start() and (lowered[match.start() - 1].isspace() or lowered[match.start() - 1] in "'\"/")
               for match in _ANCHOR_NAME.finditer(lowered))


def skip_html_scan_without_anchors() -> None:
    """Spare MkDocs its scan of a page's raw HTML for anchors when the page has no `id` or `name` attribute.

    MkDocs 1.6.1: `_RawHTMLPreprocessor.run(lines)` feeds the page's whole Markdown, joined by newlines,
    to an HTML parser (`_HTMLHandler`) only to collect the `id` attributes (and `name` of `<a>`) of its
    raw HTML into `present_anchor_ids`, and returns the lines unchanged. Where no attribute of that name
    can be in the text, the parser finds none: the set is empty, without parsing (400 pages of the
    synthetic site: 0.20 s of CPU to parse, 0.04 s to tell).
    """
    from mkdocs.structure import pages

    scan = pages._RawHTMLPreprocessor.run
    if getattr(scan, "skips_pages_without_anchors", False):
        return

    def run(self, lines):
        if not _may_hold_anchor_attribute("\n".join(lines)):
            self.present_anchor_ids = set()
            return lines
        return scan(self, lines)

    run.skips_pages_without_anchors, run.scan = True, scan
    pages._RawHTMLPreprocessor.run = run


# --- MkDocs: the build cache and the live preview re-render single pages (checked against 1.6.1) ----

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
