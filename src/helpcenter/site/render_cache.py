"""Each page's Markdown-to-HTML conversion, kept between builds in `.cache/` next to mkdocs.yml.

The key is everything the conversion reads: the page's Markdown after the hooks rendered its policy
markers (so it covers the policy and the marker templates: a support.yml change converts again only
the pages whose rendered markers changed), the page's path and URL, the URLs of every file of the
build (links are resolved against them), the Markdown settings of mkdocs.yml, and the versions of
the libraries that convert. A conversion that logged a warning is not kept, so the warning shows
again at every build. HELPCENTER_CACHE=off turns the cache off.
"""

from __future__ import annotations

import logging
import sys
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.render.cache import CACHE_FOLDER, RenderCache, digest
from helpcenter.site.bridge import rendered, replace_render, restore_rendered

LIBRARIES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "mkdocs-static-i18n", "helpcenter")


def versions() -> list[str]:
    """Python's and the converting libraries' versions (part of every key of the build cache)."""
    found = [sys.version.split()[0]]
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return found


class PageConversions:
    """The Markdown conversions of one build (one language)."""

    def __init__(self, root: Path, config: MkDocsConfig) -> None:
        self.store = RenderCache(root / CACHE_FOLDER, "markdown")
        self.settings = digest(versions(), config["markdown_extensions"], config["mdx_configs"],
                               config["use_directory_urls"], config["validation"])
        self._files: Files | None = None
        self._files_digest = ""

    def use_for(self, page: Page, files: Files, language: str) -> None:
        """Let `page.render` reuse a stored conversion, or store the one it makes (in the pack of
        `language`, the language being built: written by `keep`)."""
        if self._files is not files:
            self._files, self._files_digest = files, digest(sorted((file.src_uri, file.url) for file in files))

        def render(convert) -> None:
            key = digest(self.settings, self._files_digest, page.file.src_uri, page.file.url, page.markdown)
            stored = self.store.get(key, language)
            if stored is not None:
                restore_rendered(page, stored, files)
                return
            with _WarningCounter() as warnings:
                convert()
            if not warnings.count:
                self.store.put(key, rendered(page), language, page.file.src_uri)

        replace_render(page, render)

    def keep(self, language: str, files: Files) -> None:
        """Write the conversions `language`'s build made (once its pages are converted), with those kept
        of its other pages: of a page no longer in `files`, none."""
        pages = {file.src_uri for file in files.documentation_pages()}
        self.store.flush(language, pages.__contains__)


class _WarningCounter(logging.Handler):
    """Counts the warnings MkDocs logs while it converts one page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def __enter__(self) -> "_WarningCounter":
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
