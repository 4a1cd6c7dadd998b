"""Lighthouse 12 (mobile) on the home, ticket and policy pages: the four category scores and the layout
shift, as a customer's phone would see the site served compressed.

    .venv/bin/python bench/lighthouse.py [--site DIR] [--languages fr,de] [--pages ticket] [--runs 1] [--reports DIR]

Builds the real site (or takes a built one), writes its gzip and brotli copies (helpcenter.compression),
serves it on 127.0.0.1 the way the production server does (precompressed copies, Vary: Accept-Encoding)
and runs Lighthouse 12.2.3, installed from npm into .tools/lighthouse/ on first use, with Debian's Chromium. Aims:
95 or more in each category, cumulative layout shift under 0.05 on the ticket page. Prints figures; a
score under the aim is marked, and the exit status is 1 when one is missed.

Lighthouse's simulated mobile throttling estimates load times from the trace of a real load: on a busy
machine the performance score drops; run it when the machine is quiet, and prefer the median of a few runs.
The runs go round the pages (run 1 of every page, then run 2...), so that a busy spell of the shared
machine falls on several pages instead of on all the runs of one (before, the first page's runs always
came right after the build and the compression). Next to the scores: the medians of the metrics that make the performance score (total blocking
time, first and largest contentful paint, speed index, in ms), to tell which one lost the points.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpcenter.compression import precompress
from helpcenter.deploy.static_server import serving

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.2.3"
TOOLS = ROOT / ".tools" / "lighthouse"
CLI = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
PAGES = {"home": "", "ticket": "support/ticket/", "policy": "support/policy/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"TBT": "total-blocking-time", "FCP": "first-contentful-paint", "LCP": "largest-contentful-paint",
           "SI": "speed-index"}
AIM, CLS_AIM = 95, 0.05
DEFAULT_LANGUAGE = "fr"


def ensure_lighthouse() -> None:
    installed = CLI.parent.parent / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == LIGHTHOUSE_VERSION:
        return
    print(f"installing lighthouse {LIGHTHOUSE_VERSION} from npm into .tools/lighthouse/ ...", file=sys.stderr)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--no-save", "--prefix", str(TOOLS),
                    f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(ROOT / "mkdocs.yml"),
                    "-d", str(site)], check=True, env=env, cwd=ROOT)


def lighthouse(url: str, report: Path) -> dict:
    """One mobile run (Lighthouse's default form factor and simulated throttling)."""
    subprocess.run(
        ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["cls"] = result["audits"]["cumulative-layout-shift"]["numericValue"]
    scores.update((name, result["audits"][audit_id]["numericValue"]) for name, audit_id in METRICS.items())
    scores["failed"] = sorted(audit_id for name in CATEGORIES if name != "performance"
                              for audit_id in (ref["id"] for ref in result["categories"][name]["auditRefs"])
                              if result["audits"][audit_id]["score"] not in (None, 1)
                              and result["audits"][audit_id]["scoreDisplayMode"] == "binary")
    return scores


def add_page_options(parser: argparse.ArgumentParser, languages: str, pages: str, runs: int) -> None:
    """The options every page benchmark takes: which site, languages and pages, how many runs of each."""
    parser.add_argument("--site", type=Path, help="a site already built with `mkdocs build` (copied first)")
    parser.add_argument("--languages", default=languages, help="comma-separated, e.g. fr,de")
    parser.add_argument("--pages", default=pages, help=f"comma-separated among {', '.join(PAGES)}")
    parser.add_argument("--runs", type=int, default=runs, help="runs per page; medians are printed")


@contextmanager
def served_pages(arguments: argparse.Namespace) -> Iterator[Iterator[tuple[str, str, str]]]:
    """The site (built, or copied from --site), precompressed and served on 127.0.0.1 while in use; gives
    (language, page name, address) of each page to measure."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        if arguments.site:
            shutil.copytree(arguments.site, site)
        else:
            build(site)
        precompress(site)
        with serving(site) as url:
            yield ((language, name, f"{url}/{'' if language == DEFAULT_LANGUAGE else language + '/'}{PAGES[name]}")
                   for language in _listed(arguments.languages) for name in _listed(arguments.pages))


def _listed(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_page_options(parser, languages=DEFAULT_LANGUAGE, pages=",".join(PAGES), runs=1)
    parser.add_argument("--reports", type=Path, help="keep each run's JSON report in this folder")
    arguments = parser.parse_args()
    ensure_lighthouse()
    missed = False
    with tempfile.TemporaryDirectory() as folder, served_pages(arguments) as pages:
        reports = arguments.reports or Path(folder)
        reports.mkdir(parents=True, exist_ok=True)
        print(f"{'page':<12} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'CLS':>7}  {'TBT':>5} {'FCP':>5} "
              f"{'LCP':>5} {'SI':>5}   (Lighthouse {LIGHTHOUSE_VERSION}, mobile, median of {arguments.runs})")
        pages = list(pages)
        runs: dict[tuple[str, str], list[dict]] = {(language, name): [] for language, name, _ in pages}
        for run in range(arguments.runs):
            for language, name, address in pages:
                runs[language, name].append(lighthouse(address, reports / f"{language}-{name}-{run}.json"))
        for (language, name), page_runs in runs.items():
            median = {key: statistics.median(run[key] for run in page_runs)
                      for key in (*CATEGORIES, "cls", *METRICS)}
            low = [key for key in CATEGORIES if median[key] < AIM]
            if name == "ticket" and median["cls"] >= CLS_AIM:
                low.append("cls")
            missed = missed or bool(low)
            figures = " ".join(f"{median[key]:>5.0f}" for key in CATEGORIES)
            metrics = " ".join(f"{median[key]:>5.0f}" for key in METRICS)
            note = f"   below the aim: {', '.join(low)}" if low else ""
            if arguments.runs > 1:
                note += f"   runs: {' '.join(str(run['performance']) for run in page_runs)}"
            failed = sorted({audit for run in page_runs for audit in run["failed"]})
            if failed:
                note += f"   failed audits: {', '.join(failed)}"
            print(f"{language + ' ' + name:<12} {figures} {median['cls']:>7.3f}  {metrics}{note}"
                  f"   (load {os.getloadavg()[0]:.1f})", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
