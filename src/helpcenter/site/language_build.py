"""One language of the site, built in a worker process of helpcenter.site.parallel: whole, or only its
edited pages (the others linked from the kept build), and the default language's checks of other
languages' pages without building them. What a worker sends back (LanguageBuild, PagesChecked) is what
the parent needs to merge the site and to keep the build for the next one.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from helpcenter.render.site_search import IndexReport
from helpcenter.render.site_sync import tree_files
from helpcenter.render.tree_store import MANIFEST, link_tree, read_manifest, unchanged
from helpcenter.site.bridge import (BuildState, build_only, keep_build_state, page_events_known, page_state,
                                   pages_converted_only, pages_written_only, restore_page_state)
from helpcenter.site.build_reuse import PagePlan
from helpcenter.site.page_checks import check_without_building


class BuildFailed(Exception):
    """A language did not build; the message says which and why (the details were logged)."""


@dataclass(frozen=True)
class LanguageBuild:
    language: str
    seconds: float
    titles: dict | None = None  # source path -> [title, front matter] of each page (PagePlan.titles)
    written: int | None = None  # pages written when the others were linked from the kept build
    states: dict | None = None  # source path -> bridge.page_state of each page (PagePlan.states)
    search: IndexReport | None = None  # its pages indexed for search alone (helpcenter.site.parallel)
    staged: bool = False  # kept by its worker (build_reuse.Staging)


@dataclass(frozen=True)
class PagesChecked:
    languages: list[str]
    seconds: float


def quiet_mkdocs_logging() -> None:
    """MkDocs' warnings and errors go to stderr, like `mkdocs build` shows them."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False


@contextmanager
def mkdocs_logging_as_in_workers():
    """Within it, MkDocs logs as in a worker (quiet_mkdocs_logging); as before after."""
    logger = logging.getLogger("mkdocs")
    before = (logger.handlers[:], logger.level, logger.propagate)
    quiet_mkdocs_logging()
    try:
        yield
    finally:
        logger.handlers[:], logger.level, logger.propagate = before


def build_language(config_file: Path, language: str, site_dir: Path, plan: PagePlan | None = None,
                   strict: bool = True) -> LanguageBuild:
    """One language of the site, strict (unless told not to), into `site_dir` (run in a worker process, or
    in helpcenter.site.parallel's own for a rebuild of some pages);
    with a `plan`, only the pages it names are written, if the others' titles did not change (else the
    language is built whole)."""
    started = time.perf_counter()
    try:
        if plan is not None:
            built = _build_pages(config_file, language, site_dir, plan)
            if built is not None:
                written, states = built
                return LanguageBuild(language, time.perf_counter() - started, plan.titles, written, states)
        config = _language_config(config_file, language, site_dir, strict)
        state = keep_build_state(config)
        build(config)
    except (Abort, ConfigurationError, PluginError) as error:
        raise BuildFailed(f"'{language}': {error}") from None
    return LanguageBuild(language, time.perf_counter() - started, page_titles(state), states=page_states(state))


def _language_config(config_file: Path, language: str, site_dir: Path, strict: bool = True):
    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    build_only(config, language)  # the hooks' on_config spares the plugin its unwanted Files
    return config


def _build_pages(config_file: Path, language: str, site_dir: Path, plan: PagePlan) -> tuple[int, dict] | None:
    """Build `language` writing only the pages of `plan` (`complete` links the others, the static files,
    404 page and sitemap from the kept build); the pages written and every page's state, or None
    (nothing left in `site_dir`) when the kept build is not whole or a title or front matter changed:
    the navigation of every page shows them.

    The other pages are not read nor converted either: everything they read but their own text is what
    the kept build read (BuildReuse.page_plan), and so is their text, so the kept build's state of each
    (`plan.states`: title, front matter, anchors) is what converting it would give. Only the page events
    of mkdocs-static-i18n and of the hooks are known to leave nothing else on a page; with any other
    listener, every page is converted."""
    manifest = read_manifest(plan.tree.parent / MANIFEST, plan.key)
    if manifest is None or not unchanged(plan.tree, manifest):
        return None
    config = _language_config(config_file, language, site_dir)
    state = keep_build_state(config)
    states = plan.states if plan.states is not None and page_events_known(config) else {}

    def edited(page) -> bool:
        return os.path.normpath(page.file.abs_src_path) in plan.sources

    def restore(page, files) -> bool:
        kept = states.get(page.file.src_uri)
        return kept is not None and restore_page_state(page, kept, files)

    with pages_converted_only(edited, restore), pages_written_only(edited) as skipped:
        build(config)
    kept = {Path(os.path.relpath(page.file.abs_dest_path, site_dir)).as_posix() for page in skipped}
    written = set(tree_files(site_dir))
    # The kept build has the pages written and those not written; the rest of it (static files, 404
    # page, sitemap) is what this build would have written: made of the same files, navigation, titles.
    if page_titles(state) != plan.titles or kept & written or not kept | written <= set(manifest["files"]):
        shutil.rmtree(site_dir, ignore_errors=True)
        return None
    return len(state.files.documentation_pages()) - len(kept), page_states(state)


def complete(plan: PagePlan, part: Path) -> None:
    """Link into `part`, a build of some pages only (build_language with a plan), the files of the kept
    build it did not write."""
    manifest = read_manifest(plan.tree.parent / MANIFEST, plan.key)
    if manifest is None:
        raise BuildFailed(f"the kept build in {plan.tree.parent.name} changed during the build; build again")
    written = tree_files(part)
    link_tree(plan.tree, part, [relative for relative in manifest["files"] if relative not in written])


def page_titles(state: BuildState) -> dict[str, list]:
    """What the navigation of every page shows of a build's pages and sections: source path -> [title,
    front matter as JSON] of each page, and `nav:` and the section's place in the navigation -> [title,
    None] of each section (a section is named after its index page's first heading, which is not always
    the page's title)."""
    titles: dict[str, list] = {
        file.src_uri: [str(file.page.title), json.dumps(file.page.meta, sort_keys=True, default=str)]
        for file in state.files.documentation_pages() if file.page is not None}
    pending = [("nav:", state.nav.items)] if state.nav is not None else []
    while pending:
        place, items = pending.pop()
        for number, item in enumerate(items):
            if item.is_section:
                titles[f"{place}{number}"] = [str(item.title), None]
                pending.append((f"{place}{number}/", item.children))
    return titles


def page_states(state: BuildState) -> dict[str, dict]:
    """Source path -> bridge.page_state of each page of a build."""
    return {file.src_uri: page_state(file.page) for file in state.files.documentation_pages()
            if file.page is not None}


def check_languages(config_file: Path, languages: list[str], edited: dict[str, list[str] | None] | None = None
                    ) -> PagesChecked:
    """The default language's checks of the pages of `languages`, without building (run in a worker);
    of a language `edited` names pages for, those pages only but for the other pages' links."""
    started, named = time.perf_counter(), ", ".join(languages)
    try:
        config = load_config(str(config_file), strict=True)
        found = check_without_building(config, languages, edited)
    except (Abort, ConfigurationError, PluginError) as error:
        raise BuildFailed(f"pages of {named}: {error}") from None
    if found:
        raise BuildFailed(f"pages of {named}: {found} problem(s), see the warnings above")
    return PagesChecked(languages, time.perf_counter() - started)
