"""Which languages really hold a page: translations neither a fallback nor still pending.

Used by the hreflang links, the OpenGraph alternates and the sitemap."""

from __future__ import annotations

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
    alternates_files = bridge.file_alternates(page.file)
    if not alternates_files or not config.site_url:
        return {}
    alternates = {language: urljoin(config.site_url, file.url) for language, file in alternates_files.items()
                  if (bridge.file_locale(file) or language) == language and not is_pending_file(file)}
    return {code: alternates[code] for code in current().policy.language_codes if code in alternates}


def is_pending_file(file: File) -> bool:
    """A translation still marked pending in its front matter (read once per file and build)."""
    if file.abs_src_path is None or not file.src_uri.endswith(".md"):
        return False
    known = current().pending_files
    if file.abs_src_path not in known:
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        if PENDING not in text:  # most pages: no front matter to parse (the sitemap asks for every page)
            known[file.abs_src_path] = False
            return False
        try:
            known[file.abs_src_path] = is_pending(frontmatter.split(text, file.src_uri).meta)
        except PolicyError:
            known[file.abs_src_path] = False  # MkDocs reports the broken front matter itself
    return known[file.abs_src_path]
