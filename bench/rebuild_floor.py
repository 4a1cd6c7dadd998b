"""What a rebuild after editing one page costs at least, in a fresh `helpcenter build` process.

The issue's aim for that rebuild is 1 s at 6 × 400. This script measures, on the synthetic site
(bench/synthetic_site.py), the stages no such rebuild can skip, each in a fresh process as
`helpcenter build` starts, and the rebuild itself:

- the interpreter's start;
- the modules the build imports (MkDocs, Material, Python-Markdown and its extensions, Jinja, Babel);
- the same, then mkdocs.yml loaded and validated (its plugins and hooks set up);
- a build with nothing changed (all the above, then every input's stat compared with the record);
- Pagefind's service: once the edited page is known, the language's search bundle (the service has
  read the language's other pages before: this is the part left after the page is converted);
- the rebuild after one page is edited.

Prints medians over the runs, and the sum of the stages a one-page rebuild cannot overlap (imports and
configuration before the page can be converted; the search bundle after).

    .venv/bin/python bench/rebuild_floor.py [--pages 400] [--runs 5]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_site import article_paths, bench_options, make_site  # noqa: E402

IMPORTS = "import helpcenter.site.parallel"
CONFIG = (IMPORTS + "; from helpcenter.site.config import load_mkdocs_config; from pathlib import Path; "
          "load_mkdocs_config(Path('mkdocs.yml'))")


def wall(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def search_bundle_after_one_page(project: Path, language: str) -> float:
    """Seconds from the edited page given to Pagefind's service (which read the language's kept search
    input first) to the language's bundle written."""
    from helpcenter.render.search_input import reduce
    from helpcenter.render.search_service import begin, page_url
    from helpcenter.render.tree_store import TREE

    source = project / ".cache" / "search-input" / language / TREE
    pages = sorted(source.rglob("index.html"))
    page = pages[len(pages) // 2]
    relative = page.relative_to(source).as_posix()
    service = begin(source)
    if service is None:
        raise SystemExit("Pagefind's service did not start")
    time.sleep(3)  # the service reads the folder meanwhile, as it does while the build runs
    built = (project / "site" / relative).read_bytes()  # the kept input holds the site's paths (de/...)
    with tempfile.TemporaryDirectory() as bundle:
        started = time.perf_counter()
        service.replace(page_url(relative), reduce(built) or b"")
        service.write(Path(bundle))
        return time.perf_counter() - started


def main() -> None:
    options = bench_options(__doc__.splitlines()[0], 400, 5)
    with tempfile.TemporaryDirectory(prefix="helpcenter-floor-") as work:
        project = make_site(Path(work) / "project", options.pages).parent
        build = [sys.executable, "-m", "helpcenter.cli", "build", "--site-dir", str(project / "site")]
        wall(build, project)  # cold: the build cache and the site
        edited = article_paths(project, "de")[len(article_paths(project, "de")) // 2]
        original = edited.read_text(encoding="utf-8")
        figures: dict[str, list[float]] = {}
        for run in range(options.runs):
            for name, command in (("interpreter start", [sys.executable, "-c", "pass"]),
                                  ("imports", [sys.executable, "-c", IMPORTS]),
                                  ("imports + mkdocs.yml loaded", [sys.executable, "-c", CONFIG]),
                                  ("build, nothing changed", build)):
                figures.setdefault(name, []).append(wall(command, project))
            edited.write_text(original + f"\n\nEdited in run {run}.\n", encoding="utf-8")
            figures.setdefault("build, one page edited", []).append(wall(build, project))
            figures.setdefault("search bundle once the page is known", []).append(
                search_bundle_after_one_page(project, "de"))
        median = {name: statistics.median(values) for name, values in figures.items()}
        print(f"\n6 × {options.pages} pages, medians of {options.runs} run(s), seconds:")
        for name, value in median.items():
            print(f"  {name}: {value:.2f}  ({', '.join(f'{v:.2f}' for v in figures[name])})")
        floor = median["imports + mkdocs.yml loaded"] + median["search bundle once the page is known"]
        print(f"  floor (imports and configuration, then the search bundle; the page itself not counted): "
              f"{floor:.2f} (aim for the whole rebuild: 1 s)")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
