"""Build benchmark: how much the project's hooks add to a plain Material + mkdocs-static-i18n build.

Generates a synthetic site of N pages per language in six languages (each page uses a few policy
markers), then builds it alternately without and with the project's hooks, in this process, and
prints the median wall time of each and their ratio. Target: hooks add under 10 % at N = 100.

Both variants produce the same pages: the one without hooks gets the markers already rendered, as if a
writer had typed the policy by hand. So the ratio measures the work of the hooks (loading support.yml,
finding and rendering markers, writing support-policy.json), not the cost of a bigger page.

    .venv/bin/python bench/build_benchmark.py [--pages 100] [--runs 5]

The machine is shared and noisy: compare the ratio of one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_site import prerender  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "en", "es", "de", "it", "pt")

PAGE = """# Page {number} ({language})

Lorem ipsum dolor sit amet, consectetur adipiscing elit. Priority <!-- support:priority high --> gets a first
response within <!-- support:first-response high business-hours --> during <!-- support:business-hours -->.

## Section A

{paragraph}

!!! tip "Tip"
    Write to <!-- support:email --> or call <!-- support:phone -->.

## Section B

{paragraph}

<!-- support:sla-table -->
"""
PARAGRAPH = " ".join(["Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua."] * 12)


def make_site(folder: Path, pages: int, with_hooks: bool) -> Path:
    """Write a synthetic project; the variant without hooks has its markers rendered beforehand."""
    # The real mkdocs.yml, inherited as MkDocs reads it (tags included); the plain variant drops the hooks.
    shutil.copy(ROOT / "mkdocs.yml", folder / "project.yml")
    (folder / "mkdocs.yml").write_text("INHERIT: project.yml\n" + ("" if with_hooks else "hooks: []\n"), encoding="utf-8")
    shutil.copy(ROOT / "support.yml", folder / "support.yml")
    for name in ("overrides", "hooks", "locales"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", folder / "docs" / "assets")
    for language in LANGUAGES:
        docs = folder / "docs" / language
        (docs / "pages").mkdir(parents=True)
        (docs / "index.md").write_text(f"# Home {language}\n", encoding="utf-8")
        for number in range(pages - 1):
            page = PAGE.format(number=number, language=language, paragraph=PARAGRAPH)
            if not with_hooks:
                page = prerender(page, language)
            (docs / "pages" / f"page-{number:03d}.md").write_text(page, encoding="utf-8")
    return folder / "mkdocs.yml"


def build_once(config_file: Path, site_dir: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    build(load_config(str(config_file), site_dir=str(site_dir), strict=True))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="pages per language (default 100)")
    parser.add_argument("--runs", type=int, default=5, help="builds of each variant (default 5)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory(prefix="helpcenter-bench-") as work:
        work_dir = Path(work)
        plain_config = make_site(_mkdir(work_dir / "plain"), args.pages, with_hooks=False)
        hooks_config = make_site(_mkdir(work_dir / "hooks"), args.pages, with_hooks=True)
        build_once(plain_config, work_dir / "warmup")  # imports and caches, not measured
        plain, hooked = [], []
        for _ in range(args.runs):  # alternate, so that drift on a shared machine hits both alike
            plain.append(build_once(plain_config, work_dir / "site-plain"))
            hooked.append(build_once(hooks_config, work_dir / "site-hooks"))

    plain_median, hooked_median = statistics.median(plain), statistics.median(hooked)
    print(f"pages: {args.pages} per language x {len(LANGUAGES)} languages, runs: {args.runs}")
    print(f"plain Material + static-i18n: median {plain_median:.2f} s  (runs: {_list(plain)})")
    print(f"with helpcenter hooks:        median {hooked_median:.2f} s  (runs: {_list(hooked)})")
    print(f"ratio hooks/plain: {hooked_median / plain_median:.3f}  "
          f"(hooks add {100 * (hooked_median / plain_median - 1):+.1f} %; target < +10 %)")


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def _list(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


if __name__ == "__main__":
    main()
