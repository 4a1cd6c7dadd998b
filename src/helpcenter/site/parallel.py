"""Build the site one language per process, as many at once as there are cores, then merge the trees.

mkdocs-static-i18n builds the default language, then every other language one after the other in the
same process. Here each language is a separate MkDocs build of the same mkdocs.yml in its own process
and its own output folder; the merged site is the one the serial build writes:

- the default language's build gives everything outside the other languages' folders (the root pages,
  theme assets, 404.html, support-policy.json);
- every other language's build gives its own folder (`de/`: pages, 404 page);
- sitemap.xml lists each language's pages: the parts written by each build are joined in build order;
- the search index (Pagefind): when every language is built, each worker indexes its language as soon
  as it is built, while the others still build, and the bundles are merged as they come, in the serial
  order (render.search_merge): the same files as Pagefind writes for the merged site; else it is made of
  the merged site. Then
  build-info.json, as the serial build makes them after the last language.

Only a whole site replaces the previous one: a language or the search index that fails leaves it as it was.
A language whose inputs did not change since an earlier build is taken from `.cache/` (site.build_reuse).

The policy is loaded and validated once, in this process, before any worker starts.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from helpcenter.errors import PolicyError
from helpcenter.render.buildinfo import build_info_json
from helpcenter.render.cache import CACHE_FOLDER, enabled as cache_enabled
from helpcenter.render.search_merge import merge_languages
from helpcenter.render.search_service import BackgroundIndex
from helpcenter.render.site_search import BUNDLE, IndexReport, index_language
from helpcenter.render.site_sync import Changes, apply, owned_files, tree_files
from helpcenter.render.tree_store import MANIFEST, TREE, describe
from helpcenter.site import shared_policy
from helpcenter.site.page_checks import checking_only
from helpcenter.site.site_join import SITEMAP, join_languages, join_sitemaps, replace_content
from helpcenter.site.bridge import i18n_languages, parse_config_once
from helpcenter.site.build_reuse import BuildReuse, PagePlan, Staging, for_build
from helpcenter.site.language_build import (BuildFailed, LanguageBuild, build_language, check_languages, complete,
                                            mkdocs_logging_as_in_workers, quiet_mkdocs_logging)
from helpcenter.site.search_update import hand_over, index_for_search, search_changes, service_for

POLICY_FILE = "support.yml"
BUILD_INFO = "build-info.json"


def default_jobs() -> int:
    """As many builds at once as this process may use cores."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_site(config_file: Path, site_dir: Path, jobs: int | None = None, progress=print,
               early: BackgroundIndex | None = None) -> list[LanguageBuild]:
    """Build every language of `config_file` into `site_dir`; raise BuildFailed, leaving `site_dir`
    as it was, if a language or the search index fails. `early`: Pagefind's service begun on a guess
    (site.early_search), used if it reads the search input the build needs (the caller stops it)."""
    config_file, site_dir = config_file.resolve(), site_dir.resolve()
    parse_config_once(config_file.parent / CACHE_FOLDER / "mkdocs-yml.json" if cache_enabled() else None)
    config = _load(config_file)
    default, built = i18n_languages(config)
    languages = [default, *(language for language in built if language != default)]  # the serial order
    try:  # once, here: the workers reuse it (see shared_policy)
        policy = shared_policy.policy_once(config_file.parent / POLICY_FILE)
    except PolicyError as error:
        raise BuildFailed(str(error)) from None
    reuse = for_build(config_file, Path(config.docs_dir), default, languages, policy)
    held = reuse.site_languages(site_dir)
    if held is not None and held == reuse.digests:
        progress(f"unchanged since an earlier build: {', '.join(languages)}")
        _write_build_info(site_dir, config_file, built)
        return []
    if reuse.today is not None:  # the workers forked below inherit them
        shared_policy.public_holidays_once(config_file.parent / POLICY_FILE, policy, reuse.today)
    if held is not None:
        results = _update_in_place(config_file, site_dir, reuse, held, (default, languages, built),
                                   jobs or default_jobs(), progress, early)
        if results is not None:
            return results
    reuse.forget_site(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-languages-", dir=site_dir.parent))
    try:
        parts = {language: work / language for language in languages}
        changed = [language for language in languages if not reuse.restore(language, parts[language])]
        if len(changed) < len(languages):
            progress(f"unchanged since an earlier build: {', '.join(l for l in languages if l not in changed)}")
        # The default language's build checks every language's pages; without it, only the languages
        # whose pages (or the default language's) changed since the last build are checked again.
        checks = [] if default in changed else reuse.checks_due()
        plans = {language: reuse.page_plan(language) for language in changed}
        # Every language built: each is indexed for search by its worker (else the refresh below).
        searched = (default, reuse) if len(changed) == len(languages) else None
        bundles = _Bundles(work, languages) if searched is not None else None
        results = _run(config_file, work, plans, _narrowed(reuse, checks), jobs or default_jobs(), progress,
                       searched, bundles.add if bundles is not None else None) \
            if changed or checks else []
        for result in results:
            if result.written is not None:
                complete(plans[result.language], parts[result.language])
        kept = reuse.keep(changed, parts, {result.language: (result.titles, result.states) for result in results},
                          {result.language for result in results if result.staged})
        for language in changed:
            reuse.adopt_search_input(language, search_input_of(parts[language]))
        merged = join_languages(parts, default, [language for language in languages if language != default])
        indexed = bundles is not None and bundles.put_into(merged, progress)
        if indexed or changed or not reuse.restore_search(merged):
            refreshed = None if indexed else \
                reuse.refresh_search(merged, lambda folder: index_for_search(folder, progress))
            if refreshed is not None:
                progress(f"search index: {', '.join(refreshed) or 'no language'} indexed again, the others kept")
            elif not indexed:
                index_for_search(merged, progress)
            if kept:
                reuse.keep_search(merged)
        # As the serial build does once every language is written without a problem (the workers' strict
        # builds stop at the first one).
        (merged / BUILD_INFO).write_text(build_info_json(config_file.parent, built), encoding="utf-8")
        replace_content(site_dir, merged)
        reuse.stamp_site(site_dir)
        reuse.keep_checks()
    finally:
        reuse.drop_staged()
        shutil.rmtree(work, ignore_errors=True)
    return results


def _update_in_place(config_file: Path, site_dir: Path, reuse: BuildReuse, held: dict[str, str], site: tuple,
                     jobs: int, progress, early: BackgroundIndex | None = None) -> list[LanguageBuild] | None:
    """Bring `site_dir`, an earlier build's site (`held`: the digests of its languages' inputs), up to
    date: build only the languages whose inputs changed, index only those whose pages changed, and
    replace only their files (render.site_sync), in the site and in the kept builds; None when that
    cannot be done (the caller builds the site whole). The site is untrusted (no stamp, no
    build-info.json) while its files change: a build stopped then leaves a site that the next build
    replaces whole."""
    default, languages, built = site
    changed = [language for language in languages if held.get(language) != reuse.digests[language]]
    if len(changed) == len(languages) or not (site_dir / BUNDLE).is_dir():
        return None
    progress(f"unchanged since an earlier build: {', '.join(l for l in languages if l not in changed)}")
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-update-", dir=site_dir.parent))
    try:
        parts = {language: work / language for language in changed}
        to_build = [language for language in changed if not reuse.restore(language, parts[language])]
        checks = [] if default in to_build else reuse.checks_due()
        plans = {language: reuse.page_plan(language) for language in to_build}
        # One language of which only some pages may be written: its search index is begun from its kept
        # input while it builds (render.search_service), or before (site.early_search), and given the
        # pages written then.
        source = reuse.kept_search_input(to_build[0], held[to_build[0]]) \
            if len(to_build) == 1 and plans[to_build[0]] is not None else None
        background = service_for(source, early)
        results = _run(config_file, work, plans, _narrowed(reuse, checks), jobs, progress) if to_build or checks else []
        # A language of which only some pages were written, over the kept build the site holds, is
        # updated file by file, in the site and in the kept build; any other is compared whole.
        overlays = {result.language: tree_files(parts[result.language]) for result in results
                    if result.written is not None and plans[result.language].key == held[result.language]}
        sent = hand_over(background, source, parts[to_build[0]], overlays[to_build[0]]) \
            if background is not None and to_build[0] in overlays else None
        for result in results:
            if result.written is not None and result.language not in overlays:
                complete(plans[result.language], parts[result.language])
        pages = {result.language: (result.titles, result.states) for result in results}
        reuse.keep([language for language in to_build if language not in overlays], parts, pages)
        # A language of which only some pages were written has the sitemap of the kept build they were
        # written over (the same pages, alternates and front matter made it).
        sitemaps = {language: plans[language].tree if language in overlays else
                    parts.get(language) or reuse.kept_tree(language) for language in languages}
        changes, reindex = Changes(), []
        for language in changed:
            new = owned_files(parts[language], language, default, languages, BUNDLE)
            if language in overlays:
                differ = changes.add(new, {}, parts[language])
            else:
                differ = changes.add(new, owned_files(site_dir, language, default, languages, BUNDLE), parts[language])
            if any(path.endswith(".html") for path in differ):
                reindex.append(language)
        for language, written in overlays.items():
            reuse.keep_pages(language, [(relative, str(parts[language] / relative)) for relative in written],
                             pages[language])
        if None in sitemaps.values():
            return None
        # When every language that changed had only some pages written, each sitemap joined is that of
        # the kept build the site took its part from: the site's sitemap is the one to write.
        if not set(changed) <= set(overlays) or not (site_dir / SITEMAP).is_file():
            join_sitemaps(sitemaps[default], [sitemaps[language] for language in languages if language != default],
                          work)
            for name in (SITEMAP, SITEMAP + ".gz"):
                if (work / name).exists():
                    changes.put.append((name, str(work / name)))
                elif (site_dir / name).exists():
                    changes.removed.append(name)
        search = search_changes(site_dir, work, {language: parts[language] for language in reindex}, overlays,
                                (default, languages, reuse, held, background, sent), progress)
        if search is None:
            return None
        progress(f"search index: {', '.join(reindex) or 'no language'} indexed again, the others kept")
        reuse.update_search(held, search.put, search.removed)
        changes.put += [(f"{BUNDLE}/{relative}", path) for relative, path in search.put]
        changes.removed += [f"{BUNDLE}/{relative}" for relative in search.removed]
        reuse.forget_site(site_dir)
        (site_dir / BUILD_INFO).unlink(missing_ok=True)
        try:
            apply(site_dir, changes)
        except OSError:  # e.g. a folder where a file now goes: the caller replaces the site whole
            return None
        _write_build_info(site_dir, config_file, built)
        reuse.stamp_site(site_dir, ([relative for relative, _ in changes.put], changes.removed))
        reuse.keep_checks()
        progress(f"site updated in place: {len(changes.put)} file(s) written, {len(changes.removed)} removed")
    finally:
        if locals().get("background") is not None:
            background.stop()
        shutil.rmtree(work, ignore_errors=True)
    return results


def _write_build_info(site_dir: Path, config_file: Path, built: list[str]) -> None:
    temporary = site_dir / f".{BUILD_INFO}.new"
    temporary.write_text(build_info_json(config_file.parent, built), encoding="utf-8")
    os.replace(temporary, site_dir / BUILD_INFO)


def built_languages(config_file: Path) -> tuple[str, list[str]]:
    """The default language and every language built, in the order of mkdocs.yml."""
    return i18n_languages(_load(config_file))


def _load(config_file: Path):
    try:
        return load_config(str(config_file))
    except (ConfigurationError, Abort) as error:
        raise BuildFailed(f"{config_file.name}: {error}") from None


def _narrowed(reuse: BuildReuse, checks: list[str]) -> dict[str, list[str] | None]:
    """Each language whose pages are checked -> its pages that alone need every check (None: all)."""
    return {language: reuse.checks_edited(language) for language in checks}


def _run(config_file: Path, work: Path, plans: dict[str, PagePlan | None], checks: dict[str, list[str] | None],
         jobs: int, progress, searched: tuple[str, BuildReuse] | None = None,
         built=None) -> list[LanguageBuild]:
    """Build the languages of `plans` into `work` and run the `checks` (language -> the pages that alone
    need every check, or None); with `searched` (the default language and the build's reuse), each
    language built whole is kept and indexed for search by its worker too (build_and_index). `built`
    is given each language's result as soon as it comes, while the others may still build."""
    tasks = [(check_languages, config_file, list(checks), checks)] if checks else []
    if searched is None:
        tasks += [(build_language, config_file, language, work / language, plan) for language, plan in plans.items()]
    else:
        default, reuse = searched
        tasks += [(build_and_index, config_file, language, work / language, plan,
                   None if language == default else language, reuse.staging(language))
                  for language, plan in plans.items()]
    if jobs <= 1:  # same code path, no process to start
        results = [task(*arguments) for task, *arguments in tasks]
        results = [result for result in results if isinstance(result, LanguageBuild)]
        for result in results if built is not None else ():
            built(result)
        return results
    results, failures = [], []

    def report(outcome) -> None:
        try:
            result = outcome()
        except BuildFailed as error:
            failures.append(str(error))
            return
        if isinstance(result, LanguageBuild):
            written = "" if result.written is None else f" ({result.written} page(s) written, the others kept)"
            indexed = "" if result.search is None else \
                f", its {sum(result.search.pages.values())} page(s) indexed in {result.search.seconds:.1f} s"
            progress(f"built {result.language} in {result.seconds:.1f} s{written}{indexed}")
            results.append(result)
            if built is not None:
                built(result)
        else:
            edited = sum(len(pages) for pages in checks.values() if pages is not None)
            narrowed = f" ({edited} page(s) edited, the others' links)" if None not in checks.values() else ""
            progress(f"checked the pages of {', '.join(result.languages)} in {result.seconds:.1f} s{narrowed}")

    # One language of which only some pages are written (a rebuild after an edit) is built here, beside
    # the worker of the checks: no worker to start for it, nor its plan and its pages' states to send
    # there and back (the states of every page of the language).
    here = tasks.pop() if len(plans) == 1 and searched is None and None not in plans.values() else None
    # Forked workers inherit the policy loaded above (it holds read-only mappings that do not pickle);
    # where fork is not available, each worker loads it again.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(tasks))), mp_context=context,
                             initializer=quiet_mkdocs_logging) as pool:
        futures = [pool.submit(task, *arguments) for task, *arguments in tasks]
        if here is not None:
            with mkdocs_logging_as_in_workers():
                report(lambda: here[0](*here[1:]))
        for future in as_completed(futures):
            report(future.result)
    if failures:
        raise BuildFailed("; ".join(sorted(failures)))
    return results


def build_and_index(config_file: Path, language: str, part: Path, plan: PagePlan | None, folder: str | None,
                    staging: Staging | None) -> LanguageBuild:
    """build_language, then the checks of the language's pages (the default language's build checks
    every language's otherwise: here each worker checks its own, so that no worker has them all to
    run); then, if the language was built whole, the build kept (`staging`, if the cache is on) and its
    pages (in `folder` of `part`, or all of them, the default language's) indexed for search into
    search_bundle(part): in a worker, while the other languages still build."""
    with checking_only([language]):
        result = build_language(config_file, language, part, plan)
    if folder is not None:
        check_languages(config_file, [language])
    if result.written is not None:
        return result
    if staging is not None and staging.stage(part, (result.titles, result.states)):
        result = dataclasses.replace(result, staged=True)
    kept = search_input_of(part)
    try:
        report = index_language(part, search_bundle(part), folder, kept / TREE)
        if report is not None:  # described here, in parallel with the other languages (BuildReuse.adopt_search_input)
            (kept / MANIFEST).write_text(json.dumps(describe(kept / TREE, "")), encoding="utf-8")
    except PolicyError as error:
        raise BuildFailed(f"'{language}': {error}") from None
    except (OSError, ValueError) as error:  # Pagefind stopped without writing its bundle whole
        raise BuildFailed(f"'{language}': the search index was not written: {error}") from None
    return dataclasses.replace(result, search=report)


def search_input_of(part: Path) -> Path:
    """Where build_and_index leaves the search input it indexed (its `tree/`) and its manifest."""
    return part.with_name(f".{part.name}-search-input")


def search_bundle(part: Path) -> Path:
    """Where build_and_index writes the search bundle of a language built into `part`: beside it, out of
    what is merged into the site and kept."""
    return part.with_name(f".{part.name}-{BUNDLE}")


class _Bundles:
    """The search bundles the workers write (build_and_index), merged into one as they come, in the serial
    order (the default language's first): each language is merged as soon as those before it are, while
    the others still build, not all of them after the last one."""

    def __init__(self, work: Path, languages: list[str]) -> None:
        self.work, self.languages = work, languages
        self.target = work / f".merged-{BUNDLE}"
        self.reports: dict[str, IndexReport | None] = {}
        self.merged, self.fits = 0, True  # the languages merged: the first `merged` of `languages`

    def add(self, result: LanguageBuild) -> None:
        self.reports[result.language] = result.search
        while self.fits and self.merged < len(self.languages) and self.languages[self.merged] in self.reports:
            language = self.languages[self.merged]
            bundle = search_bundle(self.work / language)
            if self.reports[language] is None:
                self.fits = False
            elif self.merged == 0:
                os.replace(bundle, self.target)
            elif not merge_languages(self.target, bundle, [language], move=True):
                self.fits = False
            self.merged += 1

    def put_into(self, site: Path, progress) -> bool:
        """Move the merged bundle into `site`; False, and no bundle in `site`, if a language has none or
        they do not fit together (the caller indexes `site`)."""
        if not self.fits or self.merged < len(self.languages):
            shutil.rmtree(self.target, ignore_errors=True)
            return False
        os.replace(self.target, site / BUNDLE)
        reports = [self.reports[language] for language in self.languages]
        pages = sum(sum(report.pages.values()) for report in reports)
        progress(f"search index: {pages} pages, each language indexed once built "
                 f"({sum(report.seconds for report in reports):.1f} s in all)")
        return True
