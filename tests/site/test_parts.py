"""`helpcenter part` (one language per CI job) and `helpcenter merge`: the parts merged make the site a
clean serial build makes; parts that do not fit together, a missing or doubled language, a damaged part,
a part of another version and a part with problems under --strict are refused, each with a message
naming the part and what to do, and the site folder is left as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILD_DAY, LANGUAGES, small_site_project
from helpcenter.cli import main
from helpcenter.render.cache import digest
from site_trees import assert_same_site, tree


def run_helpcenter(project: Path, *arguments: str) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HELPCENTER_TODAY": BUILD_DAY}
    return subprocess.Popen([sys.executable, "-m", "helpcenter.cli", *arguments], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=project)


def finished(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


@pytest.fixture(scope="module")
def project(small_site, tmp_path_factory) -> Path:
    """A copy of the small fixture site's sources, with no build cache (as a CI job starts)."""
    copy = tmp_path_factory.mktemp("parts") / "project"
    shutil.copytree(small_site_project(small_site), copy)
    return copy


@pytest.fixture(scope="module")
def parts(project) -> dict[str, Path]:
    """One part per language, built at once as the jobs of a CI matrix, each asked for by the list
    `helpcenter languages --json` prints."""
    code, out, err = finished(run_helpcenter(project, "languages", "--json"))
    assert code == 0, err
    languages = json.loads(out)
    assert languages == list(LANGUAGES)
    jobs = {language: run_helpcenter(project, "part", language, "--strict") for language in languages}
    for language, job in jobs.items():
        code, out, err = finished(job)
        assert code == 0, err
        assert f"part {language} built in parts/{language}" in out and "0 problem(s)" in out
    return {language: project / "parts" / language for language in languages}


def merge(project: Path, monkeypatch, capsys, *arguments) -> tuple[int, str, str]:
    """`helpcenter merge` in this process (it stops before building anything when it refuses)."""
    monkeypatch.chdir(project)
    monkeypatch.setenv("HELPCENTER_TODAY", BUILD_DAY)
    code = main(["merge", *map(str, arguments)])
    out, err = capsys.readouterr()
    return code, out, err


def test_merged_parts_make_the_site_of_a_serial_build(parts, project, small_site, tmp_path):
    site = tmp_path / "site"
    code, out, err = finished(run_helpcenter(project, "merge", *map(str, parts.values()), "--site-dir", str(site),
                                             "--strict"))
    assert code == 0, err
    assert "site merged in" in out and "search index:" in out
    assert_same_site(site, tree(small_site))
    assert json.loads((site / "build-info.json").read_text(encoding="utf-8"))["languages"] == list(LANGUAGES)
    assert all((folder / "part.json").is_file() for folder in parts.values())  # the parts stay as they were


def rewrite_manifest(part: Path, change) -> None:
    """Edit a part's part.json and give it the checksum that fits (a part another version wrote)."""
    manifest = json.loads((part / "part.json").read_text(encoding="utf-8"))
    manifest.pop("check")
    change(manifest)
    (part / "part.json").write_text(json.dumps({**manifest, "check": digest(manifest)}), encoding="utf-8")


def test_parts_missing_doubled_damaged_or_of_another_version_are_refused(parts, project, tmp_path, monkeypatch,
                                                                         capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    others = [parts[language] for language in LANGUAGES if language != "de"]

    code, _, err = merge(project, monkeypatch, capsys, *others, "--site-dir", site)
    assert code == 1
    assert "no part of de (mkdocs.yml builds fr, en, es, de, it, pt)" in err and "helpcenter part" in err

    code, _, err = merge(project, monkeypatch, capsys, *parts.values(), parts["fr"], "--site-dir", site)
    assert code == 1 and "2 parts of fr (parts/fr, parts/fr); give one part per language" in err

    damaged = tmp_path / "damaged"
    shutil.copytree(parts["de"], damaged)
    page = damaged / "site" / "de" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>edited</p></body>"))
    (damaged / "site" / "404.html").unlink()
    code, _, err = merge(project, monkeypatch, capsys, *others, damaged, "--site-dir", site)
    assert code == 1
    assert f"{damaged}: damaged (site/: 404.html missing, de/index.html changed)" in err
    assert "build it again with `helpcenter part de`" in err
    (damaged / "part.json").write_text('{"format": 1, "language": "de"', encoding="utf-8")  # truncated
    code, _, err = merge(project, monkeypatch, capsys, *others, damaged, "--site-dir", site)
    assert code == 1 and f"{damaged}: no readable part.json" in err

    older = tmp_path / "older"
    shutil.copytree(parts["de"], older)
    rewrite_manifest(older, lambda manifest: manifest["sources"]["versions"].__setitem__(1, "mkdocs==1.5.3"))
    code, _, err = merge(project, monkeypatch, capsys, *others, older, "--site-dir", site)
    assert code == 1 and f"{older}: built with other versions (mkdocs==1.5.3; here: mkdocs==" in err
    rewrite_manifest(older, lambda manifest: manifest.update(format=0))
    code, _, err = merge(project, monkeypatch, capsys, *others, older, "--site-dir", site)
    assert code == 1 and f"{older}: a part of another version of helpcenter (format 0, this one reads 1)" in err

    assert "Traceback" not in err
    assert [path.name for path in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"


def test_a_part_with_problems_is_refused_under_strict_and_makes_a_site_that_cannot_be_deployed(
        parts, project, tmp_path, monkeypatch, capsys):
    # The problem count is the build's own: a broken link in a German page, in a copy of the sources,
    # found by the default language's part (its build checks every language's pages, as in
    # `helpcenter build`).
    edited = tmp_path / "edited"
    shutil.copytree(project, edited, ignore=shutil.ignore_patterns("parts"))
    with (edited / "docs" / "de" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n[Verloren](no-such-page.md)\n")
    code, out, err = finished(run_helpcenter(edited, "part", "fr", "--strict", "--out", str(tmp_path / "fr")))
    assert code == 1
    assert "docs/de/index.md" in err and "no-such-page.md" in err and "reported 1 problem(s)" in err
    assert json.loads((tmp_path / "fr" / "part.json").read_text(encoding="utf-8"))["problems"] == 1

    # Parts built from other sources than the checkout's do not fit together.
    others = [parts[language] for language in LANGUAGES if language != "fr"]
    code, _, err = merge(project, monkeypatch, capsys, *others, tmp_path / "fr")
    assert code == 1 and f"{tmp_path / 'fr'}: built from other sources than this checkout's" in err

    troubled = tmp_path / "troubled"
    shutil.copytree(parts["fr"], troubled)
    rewrite_manifest(troubled, lambda manifest: manifest.update(problems=2))
    mixed = [parts[language] for language in LANGUAGES if language != "fr"] + [troubled]
    code, _, err = merge(project, monkeypatch, capsys, *mixed, "--site-dir", tmp_path / "site", "--strict")
    assert code == 1 and f"{troubled}: its build reported 2 problem(s)" in err
    assert not (tmp_path / "site").exists()
    code, out, err = merge(project, monkeypatch, capsys, *mixed, "--site-dir", tmp_path / "site")
    assert code == 0, err
    assert "2 problem(s) in their builds: no build-info.json, not deployable" in out
    assert (tmp_path / "site" / "de" / "index.html").is_file() and not (tmp_path / "site" / "build-info.json").exists()
