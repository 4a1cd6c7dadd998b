"""Save-to-reload time of `helpcenter serve`: edit a page, time until the server serves the new text.

Runs on a temporary copy of the project (the real pages are never touched), or on a synthetic site of
six languages × N pages (bench/synthetic_site.py). Every language is served; the edited page turns
through the languages, one per run.

    .venv/bin/python bench/serve_reload.py [--pages 400] [--runs 12]

Prints the start-up time, each reload and the median. Target: under 1 s for any page of a 6 × 400 site.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_site import LANGUAGES, article_paths, bench_options, make_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REAL_PAGE = "guide/getting-started.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, token: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if token in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {token!r} within {timeout} s")


def pages_to_edit(project: Path, synthetic: bool) -> list[tuple[Path, str]]:
    """(source file, URL path) of one page per language."""
    edits = []
    for language in LANGUAGES:
        prefix = "" if language == LANGUAGES[0] else f"{language}/"
        if synthetic:
            articles = article_paths(project, language)
            source = articles[len(articles) // 2]
            relative = source.relative_to(project / "docs" / language).with_suffix("")
            edits.append((source, f"{prefix}{relative.as_posix()}/"))
        else:
            edits.append((project / "docs" / language / REAL_PAGE, f"{prefix}{REAL_PAGE[:-3]}/"))
    return edits


def stop(server: subprocess.Popen) -> None:
    """Stop the preview; one slow to stop (a loaded machine) is killed, so the run's own error still shows."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print("the preview took over 30 s to stop: killed", file=sys.stderr)
        server.kill()
        server.wait()


def main() -> None:
    args = bench_options(__doc__.splitlines()[0], 0, 12, "synthetic pages per language (default: the real site)")
    with tempfile.TemporaryDirectory(prefix="helpcenter-serve-") as work:
        project = Path(work) / "project"
        if args.pages:
            make_site(project, args.pages)
        else:
            project.mkdir()
            for name in ("mkdocs.yml", "support.yml"):
                shutil.copy(ROOT / name, project / name)
            for name in ("docs", "overrides", "hooks", "locales"):
                shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        port = free_port()
        started = time.perf_counter()
        log = Path(work) / "serve.log"
        server = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--port", str(port)],
                                  cwd=project, stdout=subprocess.DEVNULL, stderr=log.open("w"))
        edits = pages_to_edit(project, bool(args.pages))
        reloads = []
        try:
            for source, url_path in edits:
                wait_for(f"http://127.0.0.1:{port}/{url_path}", "<html", timeout=1800)
            start_up = time.perf_counter() - started
            time.sleep(1.0)  # let the watcher settle after the first build
            for run in range(args.runs):
                source, url_path = edits[run % len(edits)]
                original = source.read_text(encoding="utf-8")
                token = f"reload-token-{run}-{time.time_ns()}"
                source.write_text(original + f"\n\n{token}\n", encoding="utf-8")
                reloads.append(wait_for(f"http://127.0.0.1:{port}/{url_path}", token, timeout=120))
                time.sleep(0.5)
        except BaseException:
            print("the preview's log ends with:\n" + "".join(log.read_text(errors="replace").splitlines(True)[-20:]),
                  file=sys.stderr)
            raise
        finally:
            stop(server)
    size = f"6 × {args.pages} synthetic pages" if args.pages else "the real site"
    print(f"helpcenter serve (all languages) on {size}: start-up {start_up:.1f} s")
    print("save-to-reload, one page per language in turn: " + ", ".join(f"{value:.2f} s" for value in reloads))
    print(f"median: {statistics.median(reloads):.2f} s, largest: {max(reloads):.2f} s (target < 1 s)")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
