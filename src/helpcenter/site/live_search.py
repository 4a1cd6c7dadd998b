"""The preview's search index, refreshed in the background after page saves, so that a reload stays fast.

A save that rewrites pages only asks for a refresh of the languages it rewrote; the refresh starts once
saves have stopped for a moment (debounced), indexes hard links to those languages' pages in a process
of its own (its own session, so stopping the preview stops Pagefind too), merges them into a copy of the
served index (helpcenter.render.search_merge; the whole site is indexed if they do not fit), then swaps
the new bundle in. A full rebuild of the preview indexes the site itself: a refresh started before it
is thrown away.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from helpcenter.render.search_merge import merge_languages, stage_languages
from helpcenter.render.site_search import BUNDLE
from helpcenter.render.tree_store import replace_folder

QUIET_SECONDS = 0.5  # saves closer together than this make one refresh
INDEX_COMMAND = ("from pathlib import Path; import sys; from helpcenter.render.site_search import index_site; "
                 "index_site(Path(sys.argv[1]))")


class SearchRefresh:
    """Refreshes the search index of the served folder `site`, working in `work`."""

    def __init__(self, site: Path, work: Path, default: str, languages: list[str]) -> None:
        self.site, self.work = site, work
        self.default, self.languages = default, languages
        self._pending: set[str] = set()  # languages to index again
        self.lock = threading.Lock()  # held while the served folder is linked or its bundle swapped
        self.generation = 0  # bumped by every full rebuild of the served folder
        self.refreshed = 0  # refreshes swapped in (tests wait for it)
        self._wanted = threading.Event()
        self._stopping = False
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None  # started at the first request, after the workers

    def request(self, languages: set[str]) -> None:
        self._pending |= languages
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="search-refresh", daemon=True)
            self._thread.start()
        self._wanted.set()

    def site_replaced(self) -> None:
        """The served folder was rebuilt and indexed whole (call with `lock` held)."""
        self.generation += 1

    def stop(self) -> None:
        self._stopping = True
        self._wanted.set()
        process = self._process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while True:
            self._wanted.wait()
            while self._wanted.is_set() and not self._stopping:  # wait for the saves to stop
                self._wanted.clear()
                self._wanted.wait(QUIET_SECONDS)
            if self._stopping:
                return
            languages, self._pending = sorted(self._pending), set()
            if not self._refresh(languages) and not self._stopping:
                self._refresh(list(self.languages))  # the languages did not fit into the served index

    def _refresh(self, languages: list[str]) -> bool:
        stage, bundle = self.work / "search-stage", self.work / "search-bundle"
        for folder in (stage, bundle):
            shutil.rmtree(folder, ignore_errors=True)
        whole = len(languages) == len(self.languages)
        with self.lock:
            generation = self.generation
            if not (self.site / BUNDLE).is_dir():
                return True  # the full rebuild under way indexes the site
            stage_languages(self.site, stage, languages, self.default, self.languages, BUNDLE)
            if not whole:
                shutil.copytree(self.site / BUNDLE, bundle, copy_function=os.link)
        try:
            if not self._index(stage):
                return True  # said why; the next save tries again
            if not whole and not merge_languages(bundle, stage / BUNDLE, languages):
                return False
            with self.lock:
                if generation == self.generation and not self._stopping:
                    self._swap(stage / BUNDLE if whole else bundle)
            return True
        finally:
            for folder in (stage, bundle):
                shutil.rmtree(folder, ignore_errors=True)

    def _index(self, stage: Path) -> bool:
        self._process = subprocess.Popen([sys.executable, "-c", INDEX_COMMAND, str(stage)], start_new_session=True,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, errors = self._process.communicate()
        failed = self._process.returncode != 0
        self._process = None
        if failed and not self._stopping:
            print(f"search index not refreshed: {errors.decode(errors='replace').strip()[-300:]}", flush=True)
        return not failed

    def _swap(self, bundle: Path) -> None:
        replace_folder(bundle, self.site / BUNDLE)
        self.refreshed += 1
