"""mkdocs-static-i18n's file set-up (its on_files) done its own way at a fraction of its cost (checked against 1.3.1).

For each language built, the plugin's `reconfigure_files` makes an i18n File of every file of docs/
(`folder.create_i18n_file`), picks the language's own copy of each page or falls back to the default
language's, then (`reconfigure_files_alternates`) finds each page in every language by making an i18n
File of each other copy in turn until one is in that language. On a site of 6 × 400 pages that is
thousands of Files, each made through pathlib, in every language's build: most of a one-page rebuild.

`i18n_files` is the same two steps, for the folder layout: a file's locale follows from the first
folder of its source path alone, so a copy is made only once it is known to be the one kept, and each
File is made with plain string operations into exactly the attributes `create_i18n_file` gives it.
tests/site/test_bridge.py compares every file and alternate, attribute by attribute, with the plugin's
own result. Anything else (the suffix layout, a file outside docs/) is left to the plugin.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def use_cheaper_file_setup(config: MkDocsConfig) -> None:
    """Make the i18n plugin of `config` set its files up through `i18n_files` in the next builds."""
    from helpcenter.site.bridge.i18n import i18n_plugin

    plugin = i18n_plugin(config)
    own = type(plugin).reconfigure_files

    def reconfigure_files(files: Files, cfg: MkDocsConfig):
        made = i18n_files(plugin, files, cfg)
        return own(plugin, files, cfg) if made is None else made

    plugin.reconfigure_files = reconfigure_files


def i18n_files(plugin, files: Files, config: MkDocsConfig) -> Files | None:
    """What mkdocs-static-i18n 1.3.1's `reconfigure_files` returns for `files`, with every file's
    alternates set as its `reconfigure_files_alternates` sets them; None where it does not apply."""
    from mkdocs_static_i18n import folder
    from mkdocs_static_i18n.config import RE_LOCALE

    docs = config.docs_dir
    if plugin.config.docs_structure != "folder" or any(file.abs_src_path is None for file in files):
        return None
    language, default = plugin.current_language, plugin.default_language
    languages, fallback = plugin.all_languages, plugin.config.fallback_to_default is True
    inside = docs.rstrip("/") + "/"
    locales: dict[str, tuple[str, str | None]] = {}

    def locale_of(src_uri: str) -> tuple[str, str | None]:
        """create_i18n_file's locale and localization: those of a language folder (configured, or
        named like a locale) holding the file, else the default language's."""
        top = src_uri.split("/", 1)[0]
        if top not in locales:
            locales[top] = (top, top) if top in languages or RE_LOCALE.match(top) else (default, None)
        return locales[top]

    def make(file: File, current: str) -> File:
        return _i18n_file(file, current, default, locale_of(file.src_uri), config)

    selected: dict[str, File] = {}
    others: dict[str, list[File]] = defaultdict(list)
    made = folder.I18nFiles(plugin, [])
    made.get_file_from_path = lambda path: _file_from_path(made, plugin, path)
    for file in files:
        if not (file.abs_src_path == docs or file.abs_src_path.startswith(inside)):
            if file.is_documentation_page():
                return None  # the plugin warns about it: leave it to the plugin
            made.append(file)  # theme files
            continue
        locale, localization = locale_of(file.src_uri)
        norm = _under(file.src_uri, localization)
        if file.is_documentation_page():
            if norm not in selected:
                if locale == language:
                    selected[norm] = make(file, language)
                elif fallback and locale == default:
                    selected[norm] = make(file, language)
                    others[norm].append(file)
                else:
                    others[norm].append(file)
            elif locale == language:
                if len(plugin.build_languages) > 1 and localization is not None and \
                        selected[norm].locale == locale:
                    return None  # the plugin raises its "Conflicting files" error
                selected[norm] = make(file, language)
            else:
                others[norm].append(file)
        elif norm not in selected:
            if locale == language:
                selected[norm] = make(file, language)
            elif fallback and locale == default:
                selected[norm] = make(file, default)
        elif localization == language:
            selected[norm] = make(file, language)
    for file in selected.values():
        made.append(file)

    for wanted in sorted(plugin.build_languages):  # reconfigure_files_alternates
        for norm, file in selected.items():
            if wanted in file.alternates:
                continue
            found = next((other for other in others.get(norm, ()) if locale_of(other.src_uri)[0] == wanted), None)
            if found is not None:
                file.alternates[wanted] = make(found, wanted)
            elif fallback:
                found = next((other for other in others.get(norm, ()) if locale_of(other.src_uri)[0] == default),
                             file if locale_of(file.src_uri)[0] == default else None)
                if found is not None:
                    file.alternates[wanted] = make(found, wanted)
    return made


def _file_from_path(files, plugin, path: str) -> File | None:
    """`I18nFiles.get_file_from_path(path)` of mkdocs-static-i18n 1.3.1 (the language's own copy, the
    default language's, then the path as it is), with strings instead of pathlib: MkDocs' navigation
    asks it once per entry of `nav`, a fifth of a one-page rebuild's language build at 400 pages. A path
    that pathlib would rewrite (".", "./a", "a//b", "a/", "/a") or a language's folder alone is left to
    the plugin's own method."""
    from mkdocs_static_i18n import folder

    language, default = plugin.current_language, plugin.default_language
    parts = path.split("/")
    if "" in parts or "." in parts or path in (language, default):
        return folder.I18nFiles.get_file_from_path(files, path)
    fallback = plugin.config.fallback_to_default is True
    top, rest = parts[0], path[len(parts[0]) + 1:]
    if top == language:
        wanted = [path, f"{default}/{rest}" if fallback else None, rest]
    elif top == default:
        wanted = [path, f"{language}/{rest}" if fallback else None, rest]
    else:
        wanted = [f"{language}/{path}", f"{default}/{path}" if fallback else None, path]
    found = files.src_uris
    return next((found[uri] for uri in wanted if uri is not None and found.get(uri)), None)


def _i18n_file(file: File, current: str, default: str, found: tuple[str, str | None], config: MkDocsConfig) -> File:
    """`folder.create_i18n_file(file, current, default, ...)` of mkdocs-static-i18n 1.3.1, whose locale
    and localization are `found`: a new File with the same attributes, made without pathlib."""
    locale, localization = found
    dest = os.path.normpath(file.dest_uri)  # File.dest_path
    made = File.__new__(File)
    made.__dict__.update(src_uri=file.src_uri, src_dir=config.docs_dir, dest_dir=dest,
                         use_directory_urls=config.use_directory_urls, dest_uri=file.dest_uri,
                         inclusion=file.inclusion)
    folder, name = posixpath.split(dest)
    if name.endswith("README.html"):  # only where the destination is rewritten below, as the plugin does
        dest = posixpath.join(folder, "index.html")
    top, _, rest = dest.partition("/")
    if locale != current:
        if top == locale:
            made.dest_uri = posixpath.join(current, rest) if rest else current
        elif current != default:
            made.dest_uri = f"{current}/{dest}"
    elif locale == default and top == locale:
        made.dest_uri = rest or "."
    made.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, os.path.normpath(made.dest_uri)))
    made.name = made._get_stem()
    made.url = _url(made.dest_uri, config.use_directory_urls)
    made.alternates = {current: made}
    made.locale = locale
    made.locale_alternate_of = current
    made.localization = localization
    made.norm_src_uri = _under(file.src_uri, localization)
    return made


def _under(src_uri: str, localization: str | None) -> str:
    """The norm_src_uri of a file: its path inside its language folder (`localization`), if any."""
    if not localization:
        return src_uri
    return src_uri[len(localization) + 1:] or "." if src_uri.startswith(localization + "/") else "."


def _url(dest_uri: str, use_directory_urls: bool) -> str:
    """File._get_url of a File whose dest_uri is `dest_uri`."""
    folder, name = posixpath.split(dest_uri)
    url = (folder or ".") + "/" if use_directory_urls and name == "index.html" else dest_uri
    return quote(url)
