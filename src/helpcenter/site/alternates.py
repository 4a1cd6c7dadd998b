"""Which languages really hold a page: translations neither a fallback nor still pending.

Used by the hreflang links, the OpenGraph alternates and the sitemap."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from helpcenter.content import frontmatter
from helpcenter.content.translations import PENDING, is_pending
from helpcenter.errors import PolicyError
from helpcenter.site import bridge
from helpcenter.site.build_state import current


def real_alternates(page: Page, config: MkDocsConfig) -> dict[str, str]:
    """Language -> absolute URL of the page really written in it (no fallback, no pending translation),
    in the switcher's language order; empty without site_url."""
    state = current()  # asked for twice per page, one page after the other: its context, then its HTML
    if state.last_alternates is not None and state.last_alternates[0] is page:
        return dict(state.last_alternates[1])
    alternates_files = bridge.file_alternates(page.file)
    if not alternates_files or not config.site_url:
        return {}
    alternates = {language: urljoin(config.site_url, file.url) for language, file in alternates_files.items()
                  if (bridge.file_locale(file) or language) == language and not is_pending_file(file)}
    found = {code: alternates[code] for code in state.policy.language_codes if code in alternates}
    state.last_alternates = (page, found)
    return dict(found)


def is_pending_file(file: File) -> bool:
    """A translation still marked pending in its front matter (read once per file and build)."""
    if file.abs_src_path is None or not file.src_uri.endswith(".md"):
        return False
    known = current().pending_files
    if file.abs_src_path not in known:
        known[file.abs_src_path] = _pending_on_disk(file.abs_src_path, file.src_uri)
    return known[file.abs_src_path]


# Source path -> (modification time, size, pending?) for the process: a language worker builds several
# languages one after the other, and each build's sitemap asks about every page of every language.
_READ: dict[str, tuple[int, int, bool]] = {}


def _pending_on_disk(path: str, src_uri: str) -> bool:
    stat = os.stat(path)
    seen = _READ.get(path)
    if seen is not None and seen[:2] == (stat.st_mtime_ns, stat.st_size):
        return seen[2]
    text = Path(path).read_text(encoding="utf-8-sig")
    pending = False
    if PENDING in text:  # most pages: no front matter to parse
        try:
            pending = is_pending(frontmatter.split(text, src_uri).meta)
        except PolicyError:
            pass  # MkDocs reports the broken front matter itself
    _READ[path] = (stat.st_mtime_ns, stat.st_size, pending)
    return pending
