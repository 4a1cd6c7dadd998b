"""`helpcenter build` takes from `.cache/` what an earlier build made from the same inputs.

A language whose inputs (helpcenter.site.language_inputs) did not change is not built again: its output
folder is linked from `.cache/languages/`; when no language was built, the search index is linked from
`.cache/search/` too. What a build makes is kept only if its inputs did not change while it ran (a file
saved during the build is built again next time). HELPCENTER_CACHE=off turns this off, as the
Markdown cache.
"""

from __future__ import annotations

import os
import shutil
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError

from helpcenter.render.cache import digest
from helpcenter.render.site_search import BUNDLE
from helpcenter.policy.model import SupportPolicy
from helpcenter.render.tree_store import TreeStore
from helpcenter.site import render_cache
from helpcenter.site.bridge import raw_config
from helpcenter.site.build_state import today_of
from helpcenter.site.language_inputs import language_digests

# Written in place when the languages are merged (helpcenter.site.parallel.join_sitemaps): never shared
# with the store through a hard link.
WRITTEN_IN_PLACE = ("sitemap.xml", "sitemap.xml.gz")


def for_build(config_file: Path, default: str, languages: list[str], policy: SupportPolicy) -> "BuildReuse":
    try:
        today = today_of(policy).isoformat()
    except PluginError:  # HELPCENTER_TODAY is wrong: the language builds say so
        today = None
    return BuildReuse(config_file, default, languages, today)


class BuildReuse:
    """The digests of one build's languages, and the stores of their outputs and of the search index."""

    def __init__(self, config_file: Path, default: str, languages: list[str], today: str | None) -> None:
        self.root = config_file.parent
        docs = self.root / (raw_config(str(config_file)).get("docs_dir") or "docs")
        self._inputs = (self.root, docs, default, languages, today, _versions())
        enabled = render_cache.enabled() and today is not None
        self.digests = language_digests(*self._inputs) if enabled else None
        self.languages = TreeStore(self.root / render_cache.CACHE_FOLDER, "languages")
        self.search = TreeStore(self.root / render_cache.CACHE_FOLDER, "search")

    def restore(self, language: str, destination: Path) -> bool:
        if self.digests is None or not self.languages.restore(language, self.digests[language], destination):
            return False
        _detach(destination)
        return True

    def restore_search(self, site: Path) -> bool:
        return self.digests is not None and self.search.restore(BUNDLE, digest(self.digests), site / BUNDLE)

    def keep(self, built: list[str], outputs: dict[str, Path]) -> bool:
        """Keep the languages built, if their inputs are still those the build started from."""
        if self.digests is None or language_digests(*self._inputs) != self.digests:
            return False
        for language in built:
            self.languages.keep(language, self.digests[language], outputs[language])
            _detach(outputs[language])
        return True

    def keep_search(self, site: Path) -> None:
        self.search.keep(BUNDLE, digest(self.digests), site / BUNDLE)


def _versions() -> list[str]:
    try:
        pagefind = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        pagefind = "missing"
    return [*render_cache.versions(), f"pagefind=={pagefind}"]


def _detach(tree: Path) -> None:
    """Give the files written in place their own copy, so that writing them leaves the store as it was."""
    for name in WRITTEN_IN_PLACE:
        path = tree / name
        if path.is_file():
            copy = path.with_name(f".{name}.copy")
            shutil.copy2(path, copy)
            os.replace(copy, path)
