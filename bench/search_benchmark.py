"""Search benchmark: how long Pagefind takes to index the site, and what one search costs a visitor.

For the real site (built once with `mkdocs build`) and for a synthetic site of N pages per language
(default 400: the real site's pages of each language, recombined, with extra words so the vocabulary
grows like a bigger help center's), prints:
- the indexing time (median of a few runs; the build runs it once more through the hooks),
- the bytes a visitor downloads for one search in one language, compressed as a web server sends them:
  Pagefind's files are stored compressed already; the JavaScript loaders are counted gzipped.
  The search is run in Chromium, as a reader would: open the search, type a query, see ten results.

    .venv/bin/python bench/search_benchmark.py [--pages 400] [--runs 3]

Aims: under 200 KB for one search in a 400-page language; indexing under 2 s for 2,400 pages. The
machine is shared and noisy: a loaded machine makes the times longer, not the bytes.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import logging
import os
import random
import re
import resource
import shutil
import statistics
import tempfile
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "en", "es", "de", "it", "pt")
DEFAULT_LANGUAGE = "fr"
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
# One query per language, words the help center's pages use (and so do the synthetic pages).
QUERIES = {"fr": "priorité", "en": "priority", "es": "prioridad", "de": "Prioritäten", "it": "priorità",
           "pt": "prioridade"}
GZIP_MAGIC = b"\x1f\x8b"
SEARCH_SCRIPT = "/assets/javascripts/search.js"
_BODY = re.compile(r"(<div data-pagefind-body[^>]*>)(.*?)(</article>)", re.S)


def prefix(language: str) -> str:
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def build_real_site(site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("HELPCENTER_TODAY", "2026-11-26")
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True))


def make_synthetic_site(real: Path, site: Path, pages: int) -> None:
    """N pages per language made of the real site's built pages: each keeps a real page's frame
    (header, navigation, footer) and gets an article recombined from that language's paragraphs,
    plus a few made-up words (product codes, place names) so the vocabulary grows with the site."""
    shutil.copytree(real, site, ignore=shutil.ignore_patterns("pagefind"))
    randomness = random.Random(400)
    for language in LANGUAGES:
        folder = real / prefix(language)
        frames = [page.read_text(encoding="utf-8") for page in sorted(folder.rglob("index.html"))
                  if "data-pagefind-body" in page.read_text(encoding="utf-8")
                  and (language != DEFAULT_LANGUAGE or page.relative_to(real).parts[0] not in LANGUAGES)]
        paragraphs = [paragraph for frame in frames for paragraph in re.findall(r"<p>.*?</p>", _BODY.search(frame)[2], re.S)]
        for number in range(pages - len(frames)):
            frame = frames[number % len(frames)]
            chosen = randomness.sample(paragraphs, min(12, len(paragraphs)))
            words = " ".join(_made_up_word(randomness) for _ in range(30))
            article = (f"<h1>{language} {number}: {_made_up_word(randomness)}</h1>\n" + "\n".join(chosen)
                       + f"\n<p>{words}</p>\n")
            html = _BODY.sub(lambda match: f"{match[1]}{article}</div>{match[3]}", frame, count=1)
            target = site / prefix(language) / "synthetic" / f"page-{number:04d}" / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")


def _made_up_word(randomness: random.Random) -> str:
    syllables = ("ka", "lo", "mi", "ne", "ra", "tu", "vo", "zen", "stra", "bel", "quo", "dri")
    return "".join(randomness.choice(syllables) for _ in range(randomness.randint(2, 4)))


def index_time(site: Path, runs: int) -> tuple[float, float, int]:
    """Median wall time and CPU time (of the Pagefind process: on a shared machine the wall time
    mostly measures the others' load) of indexing `site`, and the pages indexed."""
    from helpcenter.render.site_search import BUNDLE, index_site

    times, cpu, pages = [], [], 0
    for _ in range(runs):
        shutil.rmtree(site / BUNDLE, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        report = index_site(site)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(report.seconds)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        pages = sum(report.pages.values())
    return statistics.median(times), statistics.median(cpu), pages


@contextmanager
def serve(site: Path):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def compressed_size(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if data.startswith(GZIP_MAGIC) else len(gzip.compress(data, 6))


def search_bytes(site: Path, browser) -> dict[str, tuple[int, int]]:
    """Per language: (compressed bytes, files) fetched for one search, beyond the page itself."""
    figures = {}
    with serve(site) as url:
        for language in LANGUAGES:
            tab = browser.new_page()
            tab.on("pageerror", lambda error: print(f"  {language}: page error: {error}"))
            tab.on("console", lambda message: message.type == "error" and print(f"  {language}: {message.text}"))
            tab.goto(f"{url}/{prefix(language)}faq/", wait_until="networkidle")
            fetched: list[str] = []
            tab.on("request", lambda request: fetched.append(urlsplit(request.url).path))
            tab.locator("[data-hc='search'] input[name='query']").click()
            tab.keyboard.type(QUERIES[language], delay=30)
            tab.wait_for_function("q => document.getElementById('hc-search-results').dataset.query === q",
                                  arg=QUERIES[language], timeout=120000)
            tab.wait_for_load_state("networkidle")
            # The search box's own script loads with the page (it is small and fetches nothing itself).
            files = [site / path.lstrip("/") for path in dict.fromkeys([SEARCH_SCRIPT, *fetched])]
            figures[language] = (sum(compressed_size(file) for file in files if file.is_file()), len(files))
            tab.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400, help="synthetic pages per language (default 400)")
    parser.add_argument("--runs", type=int, default=3, help="indexing runs per site (default 3)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="helpcenter-search-bench-") as work:
        real, synthetic = Path(work) / "real", Path(work) / "synthetic"
        build_real_site(real)
        make_synthetic_site(real, synthetic, args.pages)
        results = {}
        for name, site in (("real site", real), (f"synthetic, {args.pages} pages/language", synthetic)):
            print(f"indexing the {name}…", flush=True)
            results[name] = index_time(site, args.runs)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            downloads = {}
            for name, site in (("real site", real), (f"synthetic, {args.pages} pages/language", synthetic)):
                print(f"searching the {name}…", flush=True)
                downloads[name] = search_bytes(site, browser)
            browser.close()

    print(f"load average while indexing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, (seconds, cpu, pages) in results.items():
        print(f"{name}: {pages} pages indexed in {seconds:.2f} s, {cpu:.2f} s of CPU (medians of {args.runs})")
        for language, (size, files) in downloads[name].items():
            print(f"  one search in {language} ({QUERIES[language]!r}): {size / 1024:.1f} KB compressed, {files} files")
        largest = max(size for size, _ in downloads[name].values())
        print(f"  largest: {largest / 1024:.1f} KB")
    print("aims: < 200 KB for one search in a 400-page language; indexing < 2 s for 2,400 pages")


if __name__ == "__main__":
    main()
