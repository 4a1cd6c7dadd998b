"""Live preview with the build's machinery: each language is built by its own long-lived process (the
same one-language build as `helpcenter build`), which then keeps its files, navigation and templates,
so a saved page is converted and written again alone, in every language that shows it.

The server serves a folder of hard links to the languages' outputs (the default language's tree, each
other language's folder: a page written again in place shows at once), the joined sitemap and the
search index. A save that can change more than a page's body (a page's title, a new or deleted file,
mkdocs.yml, support.yml, templates, UI translations) rebuilds every language in full, from the build
cache, then indexes the site for search again; a page-only save refreshes the search index in the
background (helpcenter.site.live_search), so a page saved in between is found by its new text soon after.

Stopping the preview (Ctrl+C, SIGTERM, SIGHUP when its terminal closes) stops the workers and removes its
temporary folder: each worker holds only its own end of its pipe, so a worker whose preview died without a
word (SIGKILL) reads the end of the pipe, removes that folder and stops too.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from helpcenter.errors import PolicyError
from helpcenter.site import shared_policy
from helpcenter.site.parallel import POLICY_FILE, BuildFailed, built_languages, quiet_mkdocs_logging
from helpcenter.site.search_update import index_for_search
from helpcenter.site.site_join import join_sitemaps
from helpcenter.site.config import LoggedMessages
from helpcenter.site.live_search import SearchRefresh
from helpcenter.site.serve import PREVIEW_POLLING_SECONDS, PreviewServer
from helpcenter.site.bridge import build_only, convert_page, keep_build_state, write_page

WATCHED = ("mkdocs.yml", POLICY_FILE, "overrides", "locales", "hooks")


class _Language:
    """One language's build, kept alive in a worker process."""

    def __init__(self, config_file: Path, language: str, site_dir: Path) -> None:
        self.config_file, self.language, self.site_dir = config_file, language, site_dir
        self.config = self.state = None

    def full(self) -> tuple[str, str]:
        started = time.perf_counter()
        try:
            with _logged() as problems:
                config = load_config(str(self.config_file), site_dir=str(self.site_dir), strict=True)
                build_only(config, self.language)
                state = keep_build_state(config)
                build(config)
        except (Abort, ConfigurationError, PluginError) as error:
            self.config = self.state = None
            return "failed", "\n".join([*problems.lines, f"'{self.language}': {error}"])
        self.config, self.state = config, state
        return "built", f"built {self.language} in {time.perf_counter() - started:.1f} s"

    def pages(self, paths: set[str]) -> tuple[str, str]:
        """Convert and write again the pages read from `paths`; a changed title rebuilds the language."""
        if self.state is None:
            return self.full()
        pages = [file.page for file in self.state.files.documentation_pages()
                 if file.page is not None and file.abs_src_path in paths]
        try:
            with _logged() as problems:
                for page in pages:
                    title = page.title
                    convert_page(page, self.config, self.state)
                    if page.title != title:  # the navigation of other pages names it
                        return self.full()
                    write_page(page, self.config, self.state)
        except Exception as error:  # noqa: BLE001 - MkDocs has logged it; the previous page stays served
            return "failed", "\n".join([*problems.lines, f"'{self.language}': {error}"])
        return "pages", f"{self.language}: {len(pages)} page(s)" if pages else ""


@contextlib.contextmanager
def _logged():
    """The warnings and errors MkDocs logs meanwhile, for the preview server's error page."""
    problems = LoggedMessages()
    logging.getLogger("mkdocs").addHandler(problems)
    try:
        yield problems
    finally:
        logging.getLogger("mkdocs").removeHandler(problems)


def _worker(connection: Connection, inherited: list[Connection], config_file: Path, language: str,
            site_dir: Path) -> None:
    """One language's build, doing what the preview asks until it says stop or is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the preview stops us
    for other in inherited:  # the preview's ends of the pipes, copied by fork: we would never read EOF
        other.close()
    quiet_mkdocs_logging()
    live = _Language(config_file, language, site_dir)
    try:
        connection.send(live.full())
        while (message := connection.recv()) is not None:
            kind, paths = message
            connection.send(live.full() if kind == "full" else live.pages(paths))
    except (EOFError, OSError):  # the preview died without stopping us: nobody else will remove its folder
        shutil.rmtree(site_dir.parent, ignore_errors=True)


class LivePreview:
    """The language workers, the served folder, and what a change of files asks of them."""

    def __init__(self, config_file: Path, languages: list[str] | None = None) -> None:
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.default, every = built_languages(self.config_file)
        unknown = sorted(set(languages or ()) - set(every))
        if unknown:
            raise BuildFailed(f"unknown language {', '.join(unknown)}; choose one of {', '.join(every)}")
        self.languages = [language for language in every if languages is None or language in languages]
        self.docs_dir = Path(load_config(str(self.config_file)).docs_dir).resolve()
        self.work = Path(tempfile.mkdtemp(prefix="helpcenter-preview-"))
        self.site = self.work / "site"
        self.workers: dict[str, tuple[multiprocessing.Process, Connection]] = {}
        self.snapshot: dict[str, tuple[int, int]] = {}
        self.search = SearchRefresh(self.site, self.work, self.default, self.languages)

    def start(self) -> None:
        """Build every language at once (as many processes as languages), then link the site; raise
        BuildFailed if a language fails."""
        self.snapshot = self._scan()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        for language in self.languages:
            ours, theirs = context.Pipe()
            inherited = [ours, *(connection for _, connection in self.workers.values())]
            process = context.Process(target=_worker, args=(theirs, inherited, self.config_file, language,
                                                            self.work / language), daemon=True)
            process.start()
            theirs.close()
            self.workers[language] = (process, ours)
        self._collect()

    def stop(self) -> None:
        self.search.stop()
        for _, connection in self.workers.values():
            try:
                connection.send(None)
            except OSError:
                pass
        for process, connection in self.workers.values():
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
            connection.close()
        self.workers.clear()
        shutil.rmtree(self.work, ignore_errors=True)

    def update(self, config=None) -> None:
        """Called by the server after files changed: ask the languages to redo what the change touches;
        raise BuildFailed (the server shows it in the browser) if one fails."""
        previous, self.snapshot = self.snapshot, self._scan()
        changed = {path for path in previous.keys() | self.snapshot.keys() if previous.get(path) != self.snapshot.get(path)}
        if not changed:
            return
        only_pages = all(path in previous and path in self.snapshot and path.endswith(".md")
                         and Path(path).is_relative_to(self.docs_dir) for path in changed)
        message = ("pages", changed) if only_pages else ("full", None)
        started = time.perf_counter()
        for _, connection in self.workers.values():
            connection.send(message)
        rewritten = self._collect()
        if only_pages and rewritten:
            self.search.request(rewritten)
        print(f"updated in {time.perf_counter() - started:.2f} s", flush=True)

    def _collect(self) -> set[str]:
        """Wait for every language's answer; the languages that wrote pages again."""
        rebuilt, failures, rewritten = False, [], set()
        for language, (_, connection) in self.workers.items():
            kind, text = connection.recv()
            if kind == "failed":
                failures.append(text)
            elif text:
                print(text, flush=True)
            rebuilt = rebuilt or kind == "built"
            if kind == "pages" and text:
                rewritten.add(language)
        if rebuilt:
            self._link()
        if failures:
            raise BuildFailed("\n".join(failures))
        return rewritten

    def _link(self) -> None:
        """The served folder: hard links to the default language's tree and each other language's folder
        (Pagefind does not follow symbolic links), the joined sitemap, the search index."""
        with self.search.lock:
            self.search.site_replaced()
            self._link_and_index()

    def _link_and_index(self) -> None:
        shutil.rmtree(self.site, ignore_errors=True)
        self.site.mkdir()
        others = [language for language in self.languages if language != self.default]
        base = self.work / self.default
        for entry in base.iterdir() if base.exists() else ():
            if entry.name not in others and not entry.name.startswith("sitemap.xml"):
                _hard_link(entry, self.site / entry.name)
        for language in others:
            _hard_link(self.work / language / language, self.site / language)
        join_sitemaps(base, [self.work / language for language in others], self.site)
        index_for_search(self.site)

    def _scan(self) -> dict[str, tuple[int, int]]:
        """Modification time and size of every watched file."""
        found = {}
        for top in (self.docs_dir, *(self.root / name for name in WATCHED)):
            paths = [top] if top.is_file() else (Path(folder) / name for folder, _, names in os.walk(top) for name in names)
            for path in paths:
                try:
                    status = path.stat()
                except OSError:
                    continue
                found[str(path)] = (status.st_mtime_ns, status.st_size)
        return found


def _hard_link(source: Path, destination: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, destination, copy_function=os.link, dirs_exist_ok=True)
    elif source.exists():
        os.link(source, destination)


def serve(config_file: Path, address: str, languages: list[str] | None = None) -> int:
    """Build, then serve on `address` (host:port) and update on every save until interrupted."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    host, port = address.rsplit(":", 1)
    # stop as on Ctrl+C, the workers too: `kill`, a service manager, a closed terminal
    previous_handlers = {number: signal.signal(number, _interrupt) for number in (signal.SIGTERM, signal.SIGHUP)}
    preview = None
    try:
        preview = LivePreview(config_file, languages)
        try:
            shared_policy.policy_once(preview.root / POLICY_FILE)
            preview.start()
        except (BuildFailed, PolicyError) as error:
            print(f"error: {error}\nfix the problems above, then start the preview again", file=sys.stderr)
            return 1
        server = PreviewServer(builder=preview.update, host=host, port=int(port), root=str(preview.site),
                               polling_interval=PREVIEW_POLLING_SECONDS)
        for path in (preview.docs_dir, *(preview.root / name for name in WATCHED)):
            if path.exists():
                server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            print("stopping the preview", flush=True)
        finally:
            server.shutdown()
    except BuildFailed as error:  # before any build: an unknown language
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # while the first build ran
        print("stopping the preview", flush=True)
    finally:
        if preview is not None:
            preview.stop()
        for number, handler in previous_handlers.items():
            signal.signal(number, handler)
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
