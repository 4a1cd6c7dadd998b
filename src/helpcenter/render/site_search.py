"""The site's search index: Pagefind indexes a built site, one index per language from each page's `lang`.

What gets indexed is decided by the templates: only the article of a page written in the reader's
language carries `data-pagefind-body` (navigation, footer, 404 pages and fallback pages have none), so
Pagefind leaves everything else out. The bundle (`pagefind/` at the site root) holds a small loader, one
WebAssembly search engine per language with its stemmer, and index chunks a visitor fetches on demand.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from pathlib import Path

from helpcenter.errors import PolicyError

WRITE_ATTEMPTS = 3  # see _empty_files
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


def index_site(site_dir: Path) -> IndexReport:
    """Index every HTML page of `site_dir` and write the bundle into `site_dir/pagefind/`."""
    started = time.perf_counter()
    for _ in range(WRITE_ATTEMPTS):
        try:
            asyncio.run(_index(site_dir))
        except FileNotFoundError as error:  # no binary: the `pagefind[bin]` extra is not installed
            raise PolicyError("pyproject.toml", None, "dependencies",
                              f"the Pagefind search indexer is missing ({error}); reinstall with `make serve` "
                              "or `pip install -r requirements.lock`") from None
        if not _empty_files(site_dir / BUNDLE):
            break
    else:
        raise PolicyError(f"{site_dir.name}/{BUNDLE}", None, "",
                          f"Pagefind left empty files after {WRITE_ATTEMPTS} attempts: "
                          f"{', '.join(_empty_files(site_dir / BUNDLE)[:3])}")
    entry = json.loads((site_dir / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = {language: found["page_count"] for language, found in entry["languages"].items()}
    return IndexReport(pages, time.perf_counter() - started)


def _empty_files(bundle: Path) -> list[str]:
    """Files of the bundle left empty: on a loaded machine Pagefind (1.5) sometimes answers that it
    wrote the bundle, and is stopped, before every file is written."""
    return sorted(path.name for path in bundle.rglob("*") if path.is_file() and path.stat().st_size == 0)


async def _index(site_dir: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(exclude_selectors=list(EXCLUDED), output_path=str(site_dir / BUNDLE))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site_dir))
