"""`helpcenter build` takes from `.cache/` what an earlier build made from the same inputs.

A language whose inputs (helpcenter.site.language_inputs) did not change is not built again: its output
folder is linked from `.cache/languages/`; when no language was built, the search index is linked from
`.cache/search/` too; otherwise only the languages whose pages changed are indexed again, into the
previous index (helpcenter.render.search_merge). When only the text of some pages changed, the language
is built writing only them, the other pages neither converted (their kept states stand in) nor written
(PagePlan, helpcenter.site.parallel). What a build makes is kept only if its inputs did not
change while it ran (a file saved during the build is built again next time). A site folder a build
wrote is stamped (`.cache/sites/`) with the digest of its inputs and its files' stat: when the next
build has the same inputs and the folder is untouched (helpcenter.render.tree_store.unchanged), it is
left as it is. HELPCENTER_CACHE=off turns this off, as the Markdown cache.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import pickle
import shutil
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError

from helpcenter.render.cache import CACHE_FOLDER, digest, enabled as cache_enabled
from helpcenter.render.search_input import reduce, write_search_input
from helpcenter.render.search_merge import merge_languages, stage_languages
from helpcenter.render.site_search import BUNDLE
from helpcenter.policy.model import SupportPolicy
from helpcenter.render.tree_store import (TreeStore, describe, describe_changes, file_sha256, read_manifest,
                                         unchanged)
from helpcenter.site import render_cache
from helpcenter.site.build_state import today_of
from helpcenter.site.early_search import SEARCH_INPUTS
from helpcenter.site.language_inputs import INPUT_RECORD, input_digests, pages_edited, read_inputs

# Written in place when the languages are merged (helpcenter.site.site_join.join_sitemaps): never shared
# with the store through a hard link.
WRITTEN_IN_PLACE = ("sitemap.xml", "sitemap.xml.gz")
CHECKS_FORMAT = 2
REWRITTEN = "build-info.json"  # written by every build, even one that changes nothing else


def for_build(config_file: Path, docs: Path, default: str, languages: list[str],
              policy: SupportPolicy) -> "BuildReuse":
    try:
        today = today_of(policy)
    except PluginError:  # HELPCENTER_TODAY is wrong: the language builds say so
        today = None
    return BuildReuse(config_file, docs, default, languages, today)


@dataclass(frozen=True)
class PagePlan:
    """A language to build writing only the pages read from `sources` (absolute paths), the others
    linked from its kept build (`tree`, made from `key`), if its pages' titles and front matter are
    still `titles` (else the language is built whole); `states`: what the kept build read of each of
    its pages (bridge.page_state, by source path), or None."""

    tree: Path
    key: str
    sources: frozenset[str]
    titles: dict
    states: dict | None = None


@dataclass(frozen=True)
class Staging:
    """What the worker of a language built whole needs to keep its build as soon as it is built, while
    the other languages still build: BuildReuse.keep then only renames it (or drops it, if the inputs
    changed during the build)."""

    store: TreeStore
    name: str  # what it is kept under until then
    key: str
    inputs: dict  # the digests of the language's pages

    def stage(self, output: Path, pages: tuple) -> bool:
        """Keep `output` as BuildReuse.keep does (`pages`: its titles and states); False if it could not be."""
        kept = self.store.keep(self.name, self.key, output, _notes(self.inputs, pages))
        _detach(output)
        return kept is not None


class BuildReuse:
    """The digests of one build's languages, and the stores of their outputs and of the search index."""

    def __init__(self, config_file: Path, docs: Path, default: str, languages: list[str], today: date | None) -> None:
        self.root, self.docs, self.today = config_file.parent, docs, today
        self._inputs = (self.root, docs, default, languages, today and today.isoformat(), build_versions())
        enabled = cache_enabled() and today is not None
        self._record = self.root / CACHE_FOLDER / INPUT_RECORD
        self._read = read_inputs(*self._inputs, record=self._record) if enabled else None
        self.inputs = input_digests(*self._inputs, read=self._read) if self._read else None
        self.digests, self.checks = (self.inputs.builds, self.inputs.checks) if self.inputs else (None, None)
        self.languages = TreeStore(self.root / CACHE_FOLDER, "languages")
        self.search = TreeStore(self.root / CACHE_FOLDER, "search")
        self.search_inputs = TreeStore(self.root / CACHE_FOLDER, SEARCH_INPUTS)
        self.default, self.all = default, languages
        self.pages_changed: list[str] | None = None  # languages whose pages differ from the kept ones
        self._site_stamp: dict | None = None  # the stamp of the site being updated, found whole
        self._passed: dict | None = None  # what the last build that passed checked (checks.json)
        self._inputs_found: dict[tuple[str, str], Path | None] = {}  # kept_search_input's findings
        self.inputs_held = False  # the inputs did not change while the languages were built

    def site_current(self, site: Path) -> bool:
        """Whether `site` holds what an earlier build wrote there from these same inputs, untouched."""
        return self.digests is not None and self.site_languages(site) == self.digests

    def site_languages(self, site: Path) -> dict[str, str] | None:
        """Language -> digest of the inputs `site` was built from, as the stamp of the build that wrote
        it says, if the folder is untouched since; else None."""
        if self.digests is None:
            return None
        manifest = read_manifest(self._stamp(site), None)
        held = manifest.get("languages") if manifest is not None else None
        if not isinstance(held, dict) or manifest["key"] != self._site_key(site, held):
            return None
        if not unchanged(site, manifest, _not_stamped):
            return None
        self._site_stamp = manifest
        return held

    def forget_site(self, site: Path) -> None:
        self._stamp(site).unlink(missing_ok=True)

    def stamp_site(self, site: Path, changed: tuple[list[str], list[str]] | None = None) -> None:
        """Stamp `site`, just written whole from this build's inputs (if they held while it ran); or
        only `changed` (relative paths written, removed) since the stamp site_languages found whole."""
        if not self.inputs_held:
            return
        stamp = self._stamp(site)
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            temporary = stamp.with_name(f".{stamp.name}.new")
            if changed is not None and self._site_stamp is not None:
                stamp_text = {**self._site_stamp, **describe_changes(site, self._site_stamp, *changed, _not_stamped),
                              "key": self._site_key(site), "languages": self.digests}
            else:
                stamp_text = {**describe(site, self._site_key(site), False, _not_stamped), "languages": self.digests}
            temporary.write_text(json.dumps(stamp_text), "utf-8")
            os.replace(temporary, stamp)
        except OSError:  # only the next build is slower
            pass

    def checks_due(self) -> list[str]:
        """The languages whose pages were not checked, by an earlier build that passed, with the same
        inputs (all of them without a cache)."""
        if self.checks is None:
            return list(self.all)
        passed = self._checks_passed().get("checks", {})
        return [language for language in self.all if passed.get(language) != self.checks[language]]

    def checks_edited(self, language: str) -> list[str] | None:
        """The pages of `language` (paths under its folder) whose text alone changed since an earlier
        build that passed checked them, when nothing else their checks read changed (the other pages,
        the default language's, the project): only these pages need every check, the others only
        those of their links (a link may name an anchor of an edited page). None: check every page."""
        kept = self._checks_passed()
        if self.inputs is None or language == self.default or kept.get("sources") != self.inputs.sources:
            return None
        pages = kept.get("pages")
        edited = pages_edited(pages.get(language), self.inputs.pages[language]) if isinstance(pages, dict) else None
        prefix = f"{language}/"
        if edited is None or not all(path.startswith(prefix) for path in edited):
            return None
        return [path[len(prefix):] for path in edited]

    def _checks_passed(self) -> dict:
        if self._passed is None:
            try:
                kept = json.loads(self._checks_file().read_text(encoding="utf-8"))
                self._passed = kept if isinstance(kept, dict) and kept.get("format") == CHECKS_FORMAT else {}
                if not isinstance(self._passed.get("checks", {}), dict):
                    self._passed = {}
            except (OSError, ValueError):
                self._passed = {}
        return self._passed

    def keep_checks(self) -> None:
        """After a build that passed (its inputs held while it ran): every language's pages passed."""
        if not self.inputs_held:
            return
        try:
            temporary = self._checks_file().with_suffix(".new")
            temporary.write_text(json.dumps({"format": CHECKS_FORMAT, "checks": self.checks, "pages": self.inputs.pages,
                                             "sources": self.inputs.sources}), encoding="utf-8")
            os.replace(temporary, self._checks_file())
        except OSError:
            pass

    def _checks_file(self) -> Path:
        return self.root / CACHE_FOLDER / "checks.json"

    def _stamp(self, site: Path) -> Path:
        name = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]
        return self.root / CACHE_FOLDER / "sites" / f"{name}.json"

    def _site_key(self, site: Path, digests: dict[str, str] | None = None) -> str:
        return digest(self.digests if digests is None else digests, str(site.resolve()))

    def kept_tree(self, language: str) -> Path | None:
        """The kept build of `language` made from this build's inputs, when its own sitemap files (all the
        merged site takes of it besides its pages) are still as kept; else None."""
        kept = self.languages.kept(language) if self.digests is not None else None
        if kept is None or kept[1].get("key") != self.digests[language]:
            return None
        tree, manifest = kept
        for name in WRITTEN_IN_PLACE:
            found = manifest["files"].get(name)
            if found is None and not (tree / name).exists():
                continue
            if not isinstance(found, list) or not (tree / name).is_file() or file_sha256(tree / name) != found[1]:
                return None
        return tree

    def restore(self, language: str, destination: Path) -> bool:
        if self.digests is None or not self.languages.restore(language, self.digests[language], destination):
            return False
        _detach(destination)
        return True

    def restore_search(self, site: Path) -> bool:
        return self.digests is not None and self.search.restore(BUNDLE, digest(self.digests), site / BUNDLE)

    def page_plan(self, language: str) -> PagePlan | None:
        """When only the text of some pages of `language` changed since its kept build: what its build
        needs to write only them (helpcenter.site.language_build.build_language); else None."""
        kept = self.languages.kept(language) if self.inputs is not None else None
        notes = kept[1].get("notes") if kept else None
        if not isinstance(notes, dict) or not isinstance(notes.get("titles"), dict):
            return None
        edited = pages_edited(notes.get("inputs"), self.inputs.pages[language])
        if edited is None:
            return None
        sources = frozenset(os.path.normpath(self.docs / path) for path in edited)
        return PagePlan(kept[0], kept[1]["key"], sources, notes["titles"], _decoded(notes.get("states")))

    def staging(self, language: str) -> Staging | None:
        """For the worker of `language` (Staging), if the build cache is on."""
        if self.digests is None:
            return None
        return Staging(self.languages, f".staged-{language}-{os.getpid()}", self.digests[language],
                       self.inputs.pages[language])

    def drop_staged(self) -> None:
        """Forget what workers kept (Staging) and keep did not take (a build that failed)."""
        for language in self.all if self.digests is not None else []:
            self.languages.drop(self.staging(language).name)

    def keep(self, built: list[str], outputs: dict[str, Path], pages: dict[str, tuple] | None = None,
             staged: set[str] = frozenset()) -> bool:
        """Keep the languages built, if their inputs are still those the build started from, with the
        titles and states of their pages (`pages`: language -> (titles, states)) for page_plan; those
        of `staged` were kept by their workers (Staging)."""
        if self.digests is None or read_inputs(*self._inputs, record=self._record) != self._read:
            return False
        self.inputs_held = True
        self.pages_changed = []
        for language in built:
            before = self.languages.kept_files(language)
            if language in staged:
                after = self.languages.rename(self.staging(language).name, language)
            else:
                notes = self._notes(language, (pages or {}).get(language))
                after = self.languages.keep(language, self.digests[language], outputs[language], notes)
                _detach(outputs[language])
            if before is None or after is None or self._pages(language, before) != self._pages(language, after):
                self.pages_changed.append(language)
        return True

    def keep_pages(self, language: str, put: list[tuple[str, str]], pages: tuple | None) -> bool:
        """Keep the pages of `language` written again (`put`: relative path, file) into its kept build, if
        its inputs are still those the build started from; False when nothing is kept for it then."""
        if not self.inputs_held:
            return False
        return self.languages.update(language, self.digests[language], put, [], self._notes(language, pages))

    def _notes(self, language: str, pages: tuple | None) -> dict:
        return _notes(self.inputs.pages[language], pages)

    def update_search(self, held: dict[str, str], put: list[tuple[str, str]], removed: list[str]) -> None:
        """Bring the kept search index, if it is the one of the site built from `held`, to this build's
        inputs with the same changes as the site's; else it is forgotten (the next build into another
        folder indexes every language)."""
        kept = self.search.kept(BUNDLE)
        if not self.inputs_held or kept is None or kept[1].get("key") != digest(held) or \
                not self.search.update(BUNDLE, digest(self.digests), put, removed):
            self.search.forget(BUNDLE)

    def _pages(self, language: str, files: dict[str, list]) -> dict[str, list]:
        """The HTML files of `language` in its build's folder (what the merged site takes from it)."""
        others = tuple(f"{code}/" for code in self.all if code != self.default)
        own = (lambda path: not path.startswith(others)) if language == self.default else \
            (lambda path: path.startswith(f"{language}/"))
        return {path: found for path, found in files.items() if path.endswith(".html") and own(path)}

    def refresh_search(self, site: Path, index) -> list[str] | None:
        """Index again only the languages whose pages changed (`index(folder)` indexes a folder), into
        the previous index, and name them; None if that cannot be done (the caller indexes the site)."""
        changed = self.pages_changed
        if changed is None or len(changed) == len(self.all) or not self.search.restore(BUNDLE, None, site / BUNDLE):
            return None
        if not changed:
            return changed
        stage = site.parent / f".{site.name}-search-stage"
        try:
            stage_languages(site, stage, changed, self.default, self.all, BUNDLE)
            index(stage)
            if merge_languages(site / BUNDLE, stage / BUNDLE, changed):
                return changed
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(site / BUNDLE)
        return None

    def adopt_search_input(self, language: str, prepared: Path) -> None:
        """Keep as the search input of `language` the folder `prepared` (its `tree/` and manifest), made by
        its build from this build's inputs, if they held while it ran."""
        if self.inputs_held and prepared.is_dir():
            self.search_inputs.adopt(language, self.digests[language], prepared)

    def kept_search_input(self, language: str, held: str) -> Path | None:
        """The kept search input of `language` (see search_input) if it is that of the pages built from the
        inputs `held`, every file as it was kept; else None."""
        if (language, held) not in self._inputs_found:  # asked before and after the language is built
            kept = self.search_inputs.kept(language) if self.digests is not None else None
            whole = kept is not None and kept[1].get("key") == held and unchanged(*kept)
            self._inputs_found[(language, held)] = kept[0] if whole else None
        return self._inputs_found[(language, held)]

    def search_input(self, language: str, site: Path, held: str, written: Path,
                     pages: list[str]) -> tuple[Path, dict[str, bytes] | None] | None:
        """What Pagefind reads to index `language` again (its pages cut down: render.search_input), kept
        between builds: that of the pages of `language` in `site` (built from the inputs `held`) but
        those of `pages` (relative paths), written again into `written`; and, when that kept one was
        `site`'s and only pages it had were cut again, those pages (relative path -> page cut down).
        It is made anew from the site when the kept one is not `site`'s. None when it cannot be kept
        (the inputs changed while the language was built; or no page is indexed)."""
        if not self.inputs_held:
            return None
        key, tree = self.digests[language], self.kept_search_input(language, held)
        if tree is not None:
            put, removed, again = [], [], {}
            cut = written.parent / f".{written.name}-search-input"
            cut.mkdir(exist_ok=True)
            for number, relative in enumerate(page for page in pages if page.endswith(".html")):
                reduced = reduce((written / relative).read_bytes())
                if reduced is None:
                    removed.append(relative)
                    continue
                if (tree / relative).is_file():
                    again[relative] = reduced
                (cut / f"{number}.html").write_bytes(reduced)
                put.append((relative, str(cut / f"{number}.html")))
            if not self.search_inputs.update(language, key, put, removed):
                return None
            return tree, again if not removed and len(again) == len(put) else None

        def write(tree: Path) -> None:
            stage = tree.parent / "stage"
            stage_languages(site, stage, [language], self.default, self.all, BUNDLE)
            for relative in pages:
                (stage / relative).unlink(missing_ok=True)
            stage_languages(written, stage, [language], self.default, self.all, BUNDLE)
            if not write_search_input(stage, tree, BUNDLE):
                raise OSError("no page is indexed")  # Pagefind is then given the pages whole
            shutil.rmtree(stage)

        if self.search_inputs.keep_written(language, key, write) is None:
            return None
        kept = self.search_inputs.kept(language)
        return (kept[0], None) if kept is not None else None

    def keep_search(self, site: Path) -> None:
        self.search.keep(BUNDLE, digest(self.digests), site / BUNDLE)


def _notes(inputs: dict, pages: tuple | None) -> dict:
    """What a language's kept build notes (page_plan reads it): its pages' digests, titles and states."""
    titles, states = pages or (None, None)
    return {"inputs": inputs, "titles": titles, "states": _encoded(states)}


def _encoded(states: dict | None) -> dict | None:
    """Pages' states (front matter values of any YAML type) as JSON, with their checksum."""
    if states is None:
        return None
    data = pickle.dumps(states, protocol=pickle.HIGHEST_PROTOCOL)
    return {"sha256": hashlib.sha256(data).hexdigest(), "pickle": base64.b64encode(data).decode("ascii")}


def _decoded(encoded) -> dict | None:
    """What _encoded kept, if it reads back whole (else None: every page is converted)."""
    try:
        data = base64.b64decode(encoded["pickle"], validate=True)
        if hashlib.sha256(data).hexdigest() != encoded["sha256"]:
            return None
        states = pickle.loads(data)
    except Exception:  # not what this version keeps: unpickling raises many kinds
        return None
    return states if isinstance(states, dict) else None


def build_versions() -> list[str]:
    """Python's and the libraries' versions a build depends on (part of every language's digest)."""
    try:
        pagefind = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        pagefind = "missing"
    return [*render_cache.versions(), f"pagefind=={pagefind}"]


def _not_stamped(relative: str) -> bool:
    """What a site's stamp leaves out: hidden entries at its top (MkDocs keeps them) and build-info.json."""
    return relative == REWRITTEN or relative.startswith(".") and "/" not in relative


def _detach(tree: Path) -> None:
    """Give the files written in place their own copy, so that writing them leaves the store as it was."""
    for name in WRITTEN_IN_PLACE:
        path = tree / name
        if path.is_file():
            copy = path.with_name(f".{name}.copy")
            shutil.copy2(path, copy)
            os.replace(copy, path)
