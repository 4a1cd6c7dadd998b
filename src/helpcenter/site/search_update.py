"""The search index of a site updated in place (helpcenter.site.parallel): the languages whose pages
changed are indexed again and their files replace theirs in the site's bundle (render.search_merge).

One language of which only some pages were written is indexed from its kept search input
(BuildReuse.search_input) by Pagefind's service: begun before the build (site.early_search) or as it
starts, given the pages written as soon as the language is built (hand_over), and asked for the
bundle then. Any other change is indexed by Pagefind's command, from the site's pages and those written.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from helpcenter.errors import PolicyError
from helpcenter.render.search_input import reduce
from helpcenter.render.search_merge import ENTRY, merge_plan, stage_languages
from helpcenter.render.search_service import BackgroundIndex, ServiceFailed, begin, page_url
from helpcenter.render.site_search import BUNDLE, index_input, index_site
from helpcenter.render.site_sync import Changes
from helpcenter.site.language_build import BuildFailed


def hand_over(background: BackgroundIndex, source: Path, part: Path, written) -> dict[str, bytes] | None:
    """Give Pagefind's service, reading the kept search input `source`, the pages of `written` (relative
    paths in `part`, a build of some pages) cut down, each in place of its page in `source`, and ask for
    the bundle at once: Pagefind builds it while the build is kept. The pages given (relative path ->
    page cut down, as BuildReuse.search_input gives them again), or None: nothing given (a page new to
    the input or no longer indexed: the bundle is the command's)."""
    pages = {}
    try:
        for relative in written:
            if relative.endswith(".html"):
                reduced = reduce((part / relative).read_bytes())
                if reduced is None or not (source / relative).is_file():
                    return None
                pages[relative] = reduced
        for relative, page in pages.items():
            background.replace(page_url(relative), page)
        background.request()
    except (ServiceFailed, OSError):  # the bundle is then the command's (search_changes)
        return None
    return pages


def service_for(source: Path | None, early: BackgroundIndex | None) -> BackgroundIndex | None:
    """Pagefind's service reading `source` (None: none): the one begun early if it reads that folder
    (else it is stopped), or a new one."""
    if early is not None and early.folder == source:
        return early
    if early is not None:
        early.stop()
    return begin(source) if source is not None else None


def search_changes(site_dir: Path, work: Path, parts: dict[str, Path], overlays: dict[str, dict], site: tuple,
                   progress) -> Changes | None:
    """The changes to the site's search bundle (relative to it) that index the languages of `parts`
    again, from their builds (a language of `overlays`: the files written over the site's); None if
    the new index does not fit into the site's. One language of which only some pages were written is
    indexed from its kept search input (BuildReuse.search_input)."""
    changes, reindex = Changes(), list(parts)
    if not reindex:
        return changes
    default, languages, reuse, held, background, sent = site
    found, same = None, []  # same: files of the new bundle not written, the site's being those (BackgroundIndex.write)
    if len(reindex) == 1 and reindex[0] in overlays:
        language = reindex[0]
        found = reuse.search_input(language, site_dir, held[language], parts[language], list(overlays[language]))
    if found is not None:
        bundle = work / f".search-{BUNDLE}"
        started = time.perf_counter()
        source, again = found
        if background is not None and again is not None:
            try:
                if sent is not None and sent != again:  # not what the bundle asked for is made of
                    raise ServiceFailed("other pages were handed over")
                for relative, page in again.items() if sent is None else ():
                    background.replace(page_url(relative), page)
                same = background.write(bundle, site_dir / BUNDLE)
            except (ServiceFailed, OSError, ValueError):  # e.g. an older Pagefind: the command does it
                background.stop()
                shutil.rmtree(bundle, ignore_errors=True)
                background = None
        if background is None or again is None:
            try:
                index_input(source, bundle)
            except PolicyError as error:
                raise BuildFailed(str(error)) from None
        progress(f"search index: {language} in {time.perf_counter() - started:.1f} s")
    else:
        stage = work / ".search-stage"
        for language in reindex:
            if language in overlays:  # the site's pages, then those written again
                stage_languages(site_dir, stage, [language], default, languages, BUNDLE)
                for relative in overlays[language]:
                    (stage / relative).unlink(missing_ok=True)
            stage_languages(parts[language], stage, [language], default, languages, BUNDLE)
        index_for_search(stage, progress)
        bundle = stage / BUNDLE
    plan = merge_plan(site_dir / BUNDLE, bundle, reindex, same)
    if plan is None:
        return None
    put, changes.removed, entry = plan
    (work / ENTRY).write_text(entry, encoding="utf-8")
    changes.put = [(relative, str(bundle / relative)) for relative in put] + [(ENTRY, str(work / ENTRY))]
    return changes


def index_for_search(site_dir: Path, progress=print) -> None:
    """The site's search index, of every language at once (the workers' builds make none)."""
    try:
        report = index_site(site_dir)
    except PolicyError as error:
        raise BuildFailed(str(error)) from None
    except (OSError, ValueError) as error:  # Pagefind stopped without writing its bundle whole
        raise BuildFailed(f"the search index was not written: {error}") from None
    progress(f"search index: {sum(report.pages.values())} pages in {report.seconds:.1f} s")
