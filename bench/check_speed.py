"""How long `helpcenter check` takes on the real site (target: under 5 s). Median of several runs.

    .venv/bin/python bench/check_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from helpcenter.cli.check import check_project
from helpcenter.site.config import load_project

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times, problems = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        problems = check_project(load_project(ROOT / "mkdocs.yml"))  # as `helpcenter check` does
        times.append(time.perf_counter() - started)
    print(f"helpcenter check on the real site: {len(problems)} problem(s), runs: "
          + ", ".join(f"{value:.2f} s" for value in times))
    print(f"median: {statistics.median(times):.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
