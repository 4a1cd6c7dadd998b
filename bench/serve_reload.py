"""Save-to-reload time of `helpcenter serve --lang L`: edit a page, time until the server serves it.

Runs on a temporary copy of the project (the real pages are never touched):

    .venv/bin/python bench/serve_reload.py [--lang de] [--runs 7]

Prints each reload and the median. Target: under 1.5 s on the real site.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "guide/getting-started.md"
URL_PATH = "guide/getting-started/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="de")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helpcenter-serve-") as work:
        project = Path(work)
        for name in ("mkdocs.yml", "support.yml"):
            shutil.copy(ROOT / name, project / name)
        for name in ("docs", "overrides", "hooks", "locales"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--lang", args.lang,
                                   "--port", str(port)], cwd=project, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/{args.lang}/{URL_PATH}"
        page = project / "docs" / args.lang / PAGE
        original = page.read_text(encoding="utf-8")
        try:
            wait_for(url, "<html", timeout=120)
            time.sleep(1.0)  # let the watcher settle after the first build
            reloads = []
            for run in range(args.runs):
                token = f"reload-token-{run}-{time.time_ns()}"
                page.write_text(original + f"\n\n{token}\n", encoding="utf-8")
                reloads.append(wait_for(url, token, timeout=60))
                time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"helpcenter serve --lang {args.lang}: save-to-reload of {PAGE}, {args.runs} runs")
    print("runs: " + ", ".join(f"{value:.2f} s" for value in reloads))
    print(f"median: {statistics.median(reloads):.2f} s (target < 1.5 s)")


if __name__ == "__main__":
    main()
