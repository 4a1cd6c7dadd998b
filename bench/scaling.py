"""Build speed at scale: `helpcenter build` against stock Material + mkdocs-static-i18n.

For each size, writes two synthetic sites of six languages × N pages (bench/synthetic_site.py): the
stock one (no hooks, markers typed in) built with a serial `mkdocs build`, and the project's one built
with `helpcenter build` (one process per language, build cache, collapsed navigation). Every build
runs in a fresh process; variants alternate within each run so that a shared machine's load hits both.
Prints, as medians over the runs:

- cold build: stock, helpcenter with an empty cache, and their ratio (aim ≤ 0.35 at 400);
- time per page of the cold build (aim: at 1,000 ≤ 1.2 × at 100);
- rebuild after editing one page (aim ≤ 1 s at 400) and rebuild with nothing changed;
- HTML per article page, average and largest (aim ≤ 60 KB at 1,000);
- peak memory: the largest resident set of any one process of the build.

    .venv/bin/python bench/scaling.py [--pages 100 400] [--runs 3] [--no-stock] [--cold-only]

The machine is shared: compare ratios measured in one run; `uptime` is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_site import LANGUAGES, article_paths, make_site  # noqa: E402


def timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run a command: its wall time and CPU time (all its processes) in seconds, and the peak resident
    memory of its largest process in MB."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    errors = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    # wait4 reports the process and its reaped children (the language workers) together.
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def stock_build(project: Path) -> tuple[float, float, float]:
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")], project)


def helpcenter_build(project: Path) -> tuple[float, float, float]:
    return timed([sys.executable, "-m", "helpcenter.cli", "build", "--site-dir", str(project / "site")], project)


def article_sizes(site: Path) -> tuple[float, int]:
    sizes = [path.stat().st_size for path in site.rglob("article-*/index.html")]
    return sum(sizes) / len(sizes) / 1024, max(sizes) // 1024


def measure(pages: int, runs: int, with_stock: bool, work: Path, rebuilds: bool = True) -> dict[str, list[float]]:
    stock = make_site(work / f"stock-{pages}", pages, stock=True).parent if with_stock else None
    project = make_site(work / f"helpcenter-{pages}", pages).parent
    edited = article_paths(project, "de")[len(article_paths(project, "de")) // 2]
    original = edited.read_text(encoding="utf-8")
    figures: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        figures.setdefault(name, []).append(value)

    for run in range(runs):
        if stock is not None:
            seconds, cpu, memory = stock_build(stock)
            note("stock cold", seconds), note("stock cold cpu", cpu), note("stock memory", memory)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        seconds, cpu, memory = helpcenter_build(project)
        note("cold", seconds), note("cold cpu", cpu), note("memory", memory)
        if not rebuilds:
            continue
        seconds, cpu, _ = helpcenter_build(project)
        note("unchanged", seconds), note("unchanged cpu", cpu)
        edited.write_text(original + f"\n\nEdited in run {run}.\n", encoding="utf-8")
        seconds, cpu, _ = helpcenter_build(project)
        note("one page edited", seconds), note("one page edited cpu", cpu)
    average, largest = article_sizes(project / "site")
    figures["article KB"], figures["largest article KB"] = [average], [largest]
    if stock is not None:
        figures["stock article KB"] = [article_sizes(stock / "site")[0]]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 400], help="pages per language")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-stock", action="store_true", help="skip the stock builds (the slowest)")
    parser.add_argument("--cold-only", action="store_true", help="skip the rebuilds (unchanged, one page edited)")
    args = parser.parse_args()
    print(f"cores: {len(os.sched_getaffinity(0))}, load before: {os.getloadavg()}")
    per_page = {}
    with tempfile.TemporaryDirectory(prefix="helpcenter-scaling-") as work:
        for pages in args.pages:
            figures = measure(pages, args.runs, not args.no_stock, Path(work), rebuilds=not args.cold_only)
            median = {name: statistics.median(values) for name, values in figures.items()}
            total = pages * len(LANGUAGES)
            per_page[pages] = (median["cold"] / total, median["cold cpu"] / total)
            print(f"\n{len(LANGUAGES)} × {pages} pages ({total}), medians of {args.runs} run(s)")
            if "stock cold" in median:
                print(f"  cold build: stock {median['stock cold']:.1f} s, helpcenter {median['cold']:.1f} s, "
                      f"ratio {median['cold'] / median['stock cold']:.2f} (aim ≤ 0.35 at 400)")
                print(f"  CPU of the cold build: stock {median['stock cold cpu']:.1f} s, helpcenter "
                      f"{median['cold cpu']:.1f} s, ratio {median['cold cpu'] / median['stock cold cpu']:.2f}")
                print(f"  peak memory: stock {median['stock memory']:.0f} MB, helpcenter {median['memory']:.0f} MB")
            else:
                print(f"  cold build: helpcenter {median['cold']:.1f} s, peak memory {median['memory']:.0f} MB")
            print(f"  time per page (cold): {1000 * per_page[pages][0]:.1f} ms wall, "
                  f"{1000 * per_page[pages][1]:.1f} ms CPU")
            if "unchanged" in median:
                print(f"  rebuild, one page edited: {median['one page edited']:.2f} s (aim ≤ 1 s at 400); "
                      f"nothing changed: {median['unchanged']:.2f} s")
            stock_size = f", stock {median['stock article KB']:.0f} KB" if "stock article KB" in median else ""
            print(f"  HTML per article: {median['article KB']:.0f} KB average, "
                  f"{median['largest article KB']:.0f} KB largest{stock_size} (aim ≤ 60 KB at 1,000)")
            for name, values in sorted(figures.items()):
                print(f"    {name}: " + ", ".join(f"{value:.2f}" for value in values))
    if len(per_page) > 1:
        smallest, largest = min(per_page), max(per_page)
        print(f"\ntime per page at {largest} / at {smallest}: {per_page[largest][0] / per_page[smallest][0]:.2f} "
              f"wall, {per_page[largest][1] / per_page[smallest][1]:.2f} CPU (aim ≤ 1.2 from 100 to 1,000)")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
