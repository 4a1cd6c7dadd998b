"""The site's search index: Pagefind indexes a built site, one index per language from each page's `lang`.

What gets indexed is decided by the templates: only the article of a page written in the reader's
language carries `data-pagefind-body` (navigation, footer, 404 pages and fallback pages have none), so
Pagefind leaves everything else out. The bundle (`pagefind/` at the site root) holds a small loader, one
WebAssembly search engine per language with its stemmer, and index chunks a visitor fetches on demand.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from helpcenter.errors import PolicyError
from helpcenter.render.search_input import write_search_input
from helpcenter.render.search_merge import ENTRY

BUNDLE = "pagefind"  # the bundle's folder in the built site; the templates load <root>/pagefind/pagefind.js
# Inside an indexed article, left out of the index: permalink signs next to headings, and the ticket
# form's labels and choices (the page's own text around the form stays searchable).
EXCLUDED = (".headerlink", "[data-hc='ticket-form']")


@dataclass(frozen=True)
class IndexReport:
    pages: dict[str, int]  # pages indexed per language
    seconds: float

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.pages))


@contextmanager
def _search_input(site_dir: Path, folder: str | None = None):
    """The folder Pagefind reads: the indexed pages cut down (of `folder` only, if given), or None when
    no page marks what to index. The copy sits beside the site, on the same file system, so that its
    folders list their entries in the same order as the site's: Pagefind numbers the pages in the order
    it finds them."""
    with tempfile.TemporaryDirectory(prefix=f".{site_dir.name}-search-", dir=site_dir.parent) as work:
        yield Path(work) if write_search_input(site_dir, Path(work), BUNDLE, folder) else None


def index_site(site_dir: Path) -> IndexReport:
    """Index every HTML page of `site_dir` and write the bundle into `site_dir/pagefind/`.

    Pagefind reads a copy of the indexed pages cut down to what it indexes (render.search_input), in a
    temporary folder (or the site itself when no page marks what to index). Pagefind's own command does
    it: it returns only once every file of the bundle is written (its Python API could answer before
    that on a loaded machine, leaving empty files), and it needs no event loop of ours (`asyncio.run`
    fails inside a process that already runs one).
    """
    started = time.perf_counter()
    with _search_input(site_dir) as source:
        pages_indexed = index_input(source or site_dir, site_dir / BUNDLE)
    return IndexReport(pages_indexed, time.perf_counter() - started)


def index_language(part: Path, bundle: Path, folder: str | None, keep_input: Path | None = None) -> IndexReport | None:
    """Index the pages of one language's own build `part` (those in its top `folder`, or all of them:
    the default language's) into `bundle`, as index_site indexes them in the whole site: merged with
    the other languages' (render.search_merge), the bundle is the whole site's. None, and no bundle,
    when none of these pages marks what to index: whether any page of the site does changes how
    Pagefind reads every page, so the caller indexes the whole site. With `keep_input` (a folder that
    does not exist, beside `part`), the pages cut down are left there for the caller to keep."""
    started = time.perf_counter()
    if keep_input is not None:
        if not write_search_input(part, keep_input, BUNDLE, folder):
            shutil.rmtree(keep_input, ignore_errors=True)
            return None
        return IndexReport(index_input(keep_input, bundle), time.perf_counter() - started)
    with _search_input(part, folder) as source:
        if source is None:
            return None
        pages_indexed = index_input(source, bundle)
    return IndexReport(pages_indexed, time.perf_counter() - started)


def index_input(source: Path, bundle: Path) -> dict[str, int]:
    """Index the pages of `source` as they are (already cut down, or whole) into the bundle folder
    `bundle`; the pages indexed per language."""
    command = [*pagefind_command(), "--site", str(source), "--output-path", str(bundle), "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True)
    entry_file = bundle / ENTRY
    if result.returncode != 0 or not entry_file.is_file():
        said = (result.stderr.strip() or result.stdout.strip() or "no output").splitlines()[-1]
        raise PolicyError("pyproject.toml", None, "dependencies",
                          f"the Pagefind search indexer failed ({said}); reinstall with `make serve` "
                          "or `pip install -r requirements.lock`")
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    return {language: found["page_count"] for language, found in entry["languages"].items()}


def pagefind_command() -> list[str]:
    """Pagefind's command: its binary, found as `python -m pagefind` finds it, started directly (a
    Python start less: 0.1 s of a one-page index); else `python -m pagefind` itself, which says what
    is missing."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return [named]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return [str(importlib.import_module(package).get_executable())]
        except (ImportError, OSError):  # not installed, or its binary is missing
            continue
    return [sys.executable, "-m", "pagefind"]
