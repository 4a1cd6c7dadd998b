"""`helpcenter build` (one process per language, merged, with its build cache) writes the same site as a
clean serial `mkdocs build`: cold, warm, again into the same folder, after one page was edited, and with a
corrupt cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from conftest import BUILD_DAY, copy_project, replace_once, small_site_project, start_mkdocs_build
from site_trees import assert_same_site, tree


def run_helpcenter_build(project: Path, site: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HELPCENTER_TODAY": BUILD_DAY}
    return subprocess.run([sys.executable, "-m", "helpcenter.cli", "build", "--site-dir", str(site), *arguments],
                          capture_output=True, text=True, env=env, cwd=project, timeout=600)


@dataclass(frozen=True)
class ColdBuild:
    project: Path  # the sources, with the build cache the cold build left
    site: Path
    result: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def cold_build(small_site, tmp_path_factory) -> ColdBuild:
    """A cold `helpcenter build --jobs 2` of a copy of the small fixture site's sources (a page not yet
    translated, served as a fallback, and an image). Tests that need its build cache copy the sources
    with it (`warm_sources`): none changes what another reads."""
    folder = tmp_path_factory.mktemp("parallel")
    project = folder / "project"
    shutil.copytree(small_site_project(small_site), project, ignore=shutil.ignore_patterns(".cache"))
    return ColdBuild(project, folder / "cold", run_helpcenter_build(project, folder / "cold", "--jobs", "2"))


@pytest.fixture
def warm_sources(cold_build, tmp_path) -> Path:
    """This test's own copy of the sources and of the build cache the cold build left."""
    assert cold_build.result.returncode == 0, cold_build.result.stderr
    project = tmp_path / "project"
    shutil.copytree(cold_build.project, project)  # hard links of the kept trees become copies
    return project


@pytest.fixture(scope="module")
def serial_site(small_site) -> dict[str, bytes]:
    """What a clean serial `mkdocs build` of these sources writes (conftest builds it without the cache)."""
    return tree(small_site)


@pytest.fixture
def serial_build(tmp_path):
    """Starts a clean serial `mkdocs build` of a project's sources as they are now (a copy, without the
    build cache), to run beside the build under test; gives a function that waits for it and returns
    what it wrote."""
    started = []

    def start(project: Path):
        folder = tmp_path / f"serial-{len(started)}"
        shutil.copytree(project, folder / "project", ignore=shutil.ignore_patterns(".cache"))
        process = start_mkdocs_build(folder / "project", folder / "site", HELPCENTER_TODAY=BUILD_DAY,
                                     HELPCENTER_CACHE="off")
        started.append(process)

        @cache
        def written() -> dict[str, bytes]:
            _, err = process.communicate(timeout=600)
            assert process.returncode == 0, err
            return tree(folder / "site")
        return written

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_parallel_build_writes_the_serial_build_site_with_a_cold_then_a_warm_cache(
        cold_build, warm_sources, serial_site, tmp_path):
    result = cold_build.result
    assert result.returncode == 0, result.stderr
    for language in ("fr", "en", "es", "de", "it", "pt"):
        assert f"built {language} in" in result.stdout
    assert "each language indexed once built" in result.stdout  # by its worker, the bundles merged
    assert_same_site(cold_build.site, serial_site)
    assert not any(name.startswith(".cold-languages-") for name in os.listdir(cold_build.site.parent))  # no leftovers
    assert list((cold_build.project / ".cache").rglob("*.json"))

    sources = warm_sources
    result = run_helpcenter_build(sources, tmp_path / "warm", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "unchanged since an earlier build: fr, en, es, de, it, pt" in result.stdout
    assert "built fr in" not in result.stdout and "search index:" not in result.stdout  # nor indexed
    assert_same_site(tmp_path / "warm", serial_site)

    # The same build into the same folder leaves it as it is, unless a file of it was touched.
    page = next((tmp_path / "warm" / "de").rglob("index.html"))
    inode = page.stat().st_ino
    assert run_helpcenter_build(sources, tmp_path / "warm", "--jobs", "2").returncode == 0
    assert page.stat().st_ino == inode
    assert_same_site(tmp_path / "warm", serial_site)
    page.write_text("edited by hand", encoding="utf-8")  # through the hard link: the kept tree too
    result = run_helpcenter_build(sources, tmp_path / "warm", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "built de in" in result.stdout
    assert_same_site(tmp_path / "warm", serial_site)


def test_a_rebuild_after_editing_one_page_builds_only_what_reads_it_and_writes_the_serial_build_site(
        warm_sources, serial_build, tmp_path):
    project = warm_sources
    with (project / "docs" / "de" / "support" / "policy.md").open("a", encoding="utf-8") as page:
        page.write("\nEin neuer Absatz, nur auf Deutsch.\n")
    serial = serial_build(project)  # each clean serial build runs beside the build it checks
    result = run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "unchanged since an earlier build: fr, en, es, it, pt" in result.stdout
    assert "built de in" in result.stdout and "checked the pages of de in" in result.stdout
    assert "(1 page(s) written, the others kept)" in result.stdout  # a body-only edit
    assert "search index: de indexed again, the others kept" in result.stdout  # fr's pages did not change
    assert_same_site(tmp_path / "edited", serial())
    assert "Ein neuer Absatz" in (tmp_path / "edited" / "de" / "support" / "policy" / "index.html").read_text("utf-8")

    # Edited again: the search index reads its kept input, only that page cut again; then a kept input
    # and a page of the site (stamped after the update in place) edited by hand are not trusted.
    for again in ("kept", "edited by hand"):
        if again == "edited by hand":
            kept = next((project / ".cache" / "search-input" / "de" / "tree").rglob("*.html"))
            kept.write_bytes(kept.read_bytes()[:-10])
            (tmp_path / "edited" / "en" / "index.html").write_text("edited by hand", encoding="utf-8")
        with (project / "docs" / "de" / "support" / "policy.md").open("a", encoding="utf-8") as page:
            page.write(f"\nNoch ein Absatz ({again}).\n")
        serial = serial_build(project)
        result = run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2")
        assert result.returncode == 0, result.stderr
        assert "(1 page(s) written, the others kept)" in result.stdout
        assert_same_site(tmp_path / "edited", serial())

    # A new title shows in every page's navigation: the language is built whole. The site folder of
    # the previous build is updated in place, here and below.
    replace_once(project / "docs" / "de" / "index.md", "# Home de", "# Startseite")
    serial = serial_build(project)
    result = run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "built de in" in result.stdout and "the others kept)" not in result.stdout
    assert "site updated in place" in result.stdout
    assert_same_site(tmp_path / "edited", serial())

    # Pages of the default language and of another, edited at once: only they are written, in place.
    for language in ("fr", "de"):
        with (project / "docs" / language / "support" / "policy.md").open("a", encoding="utf-8") as page:
            page.write(f"\nUn paragraphe de plus ({language}).\n")
    serial = serial_build(project)
    result = run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "unchanged since an earlier build: en, es, it, pt" in result.stdout
    assert result.stdout.count("(1 page(s) written, the others kept)") == 2
    assert "search index: fr, de indexed again, the others kept" in result.stdout
    assert "site updated in place" in result.stdout
    assert_same_site(tmp_path / "edited", serial())
    assert run_helpcenter_build(project, tmp_path / "elsewhere", "--jobs", "2").returncode == 0  # kept builds
    assert_same_site(tmp_path / "elsewhere", serial())

    # A section's new name shows in every page's navigation, even where no page's title changed (it is
    # named after its index page's first heading, not that page's title).
    (project / "docs" / "de" / "support" / "index.md").write_text("---\ntitle: Hilfe\n---\n# Support\n", "utf-8")
    assert run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2").returncode == 0
    replace_once(project / "docs" / "de" / "support" / "index.md", "# Support", "# Kundendienst")
    serial = serial_build(project)
    result = run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "built de in" in result.stdout and "the others kept)" not in result.stdout
    assert_same_site(tmp_path / "edited", serial())

    # Of a language whose pages passed, an edited page is checked whole, and the others' links again: a
    # heading renamed breaks a link to its anchor from a page not edited.
    policy = project / "docs" / "de" / "support" / "policy.md"
    with policy.open("a", encoding="utf-8") as page:
        page.write("\n## Ein Abschnitt\n\nText.\n")
    with (project / "docs" / "de" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n[Abschnitt](support/policy.md#ein-abschnitt)\n")
    result = run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "checked the pages of de in" in result.stdout and "(2 page(s) edited, the others' links)" in result.stdout
    replace_once(policy, "## Ein Abschnitt", "## Ein anderer Abschnitt")
    result = run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2")
    assert result.returncode == 1
    assert "docs/de/index.md:" in result.stderr and "#ein-abschnitt" in result.stderr
    replace_once(policy, "## Ein anderer Abschnitt", "## Ein Abschnitt")

    # The default language's build is not run, but its checks of the edited language's pages are.
    with (project / "docs" / "de" / "support" / "policy.md").open("a", encoding="utf-8") as page:
        page.write("\n[Verloren](no-such-page.md)\n")
    result = run_helpcenter_build(project, tmp_path / "edited", "--jobs", "2")
    assert result.returncode == 1
    assert "docs/de/support/policy.md:" in result.stderr and "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_corrupt_or_foreign_cache_is_ignored(warm_sources, serial_site, tmp_path):
    sources = warm_sources
    kept = sorted((sources / ".cache").glob("*/*/tree"))
    assert len(kept) == 13, "the cold build keeps every language, its search input and the search index"
    for number, folder in enumerate(kept):  # edited through the site's hard link, or truncated
        page = next(path for path in sorted(folder.rglob("*")) if path.suffix in (".html", ".js") and path.is_file())
        page.write_bytes(page.read_bytes()[:-10] + (b"" if number % 2 else b"edited.   "))
    packs = sorted((sources / ".cache" / "markdown").glob("*.pack"))
    assert len(packs) == 6, "the cold build leaves a pack of conversions per language"
    for number, pack in enumerate(packs):
        header, body = pack.read_bytes().split(b"\n", 1)
        if number % 3 == 0:
            pack.write_bytes(header + b"\n" + body[:len(body) // 2])  # truncated
        elif number % 3 == 1:  # edited by hand: the checksums no longer match
            pack.write_bytes(header + b"\n" + body.replace(b"<p>", b"<p>edited by hand "))
        else:  # another version of the cache
            data = json.loads(header)
            pack.write_bytes(json.dumps({**data, "format": -1}).encode() + b"\n" +
                             body.replace(b"<p>", b"<p>from another version "))
    result = run_helpcenter_build(sources, tmp_path / "site", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "each language indexed once built" in result.stdout  # one after the other, the bundles merged
    assert_same_site(tmp_path / "site", serial_site)


def test_a_language_that_fails_stops_the_build_and_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    with (project / "docs" / "de" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n<!-- support:no-such-marker -->\n")
    with (project / "docs" / "it" / "support" / "policy.md").open("a", encoding="utf-8") as page:
        page.write("\n[Perso](no-such-page.md)\n")  # found by the checks the Italian worker runs
    result = run_helpcenter_build(project, site, "--jobs", "2")
    assert result.returncode == 1
    assert "docs/de/index.md:" in result.stderr and "unknown marker" in result.stderr
    assert "docs/it/support/policy.md:" in result.stderr and "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    # The languages built were kept by their workers under names of their own, then forgotten.
    assert [path.name for path in (project / ".cache" / "languages").iterdir()] == []
