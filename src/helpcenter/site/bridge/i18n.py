"""What helpcenter relies on in mkdocs-static-i18n beyond its public options (checked against 1.3.1)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files


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
