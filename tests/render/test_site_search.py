import json
import os
import shutil
import subprocess
import sys

import pytest

from helpcenter.errors import PolicyError
from helpcenter.render.search_input import reduce
from helpcenter.render.search_merge import merge_languages
from helpcenter.render.site_search import BUNDLE, EXCLUDED, index_language, index_site

PAGE = '<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body><nav>Navigation</nav>{article}</body></html>'


def write(site, path, lang, title, body=True):
    article = f"<main{' data-pagefind-body' if body else ''}><h1>{title}</h1><p>Texte {title}</p></main>"
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(PAGE.format(lang=lang, title=title, article=article), encoding="utf-8")


def test_one_index_per_language_of_the_pages_marked_for_search(tmp_path):
    write(tmp_path, "index.html", "fr", "Accueil")
    write(tmp_path, "de/index.html", "de", "Startseite")
    write(tmp_path, "de/extra/index.html", "de", "Seulement", body=False)  # a fallback page: not indexed
    report = index_site(tmp_path)
    assert report.pages == {"fr": 1, "de": 1} and report.languages == ("de", "fr")
    assert (tmp_path / BUNDLE / "pagefind.js").exists() and (tmp_path / BUNDLE / "wasm.de.pagefind").exists()


# Pages where cutting would change the record: they must reach Pagefind whole (render.search_input).
TRICKY = {
    "h1-before": '<header><h1>Titre du bandeau</h1></header><article><div data-pagefind-body><p>Texte un</p></div></article>',
    "img-after": '<article><div data-pagefind-body><h1>Image</h1><p>Texte deux</p></div></article><footer><img src="/pied.png" alt="Pied"></footer>',
    "meta-in-head": '<meta data-pagefind-meta="auteur[content]" content="Support"><article><div data-pagefind-body><h1>Méta</h1></div></article>',
    "unclosed-div": '<main><article><div data-pagefind-body><h1>Ouvert</h1><div><p>Texte trois</p></article></main><p>Après</p>',
    "stray-end": '<main><article><div data-pagefind-body><h1>Fermé</h1></div></main><p>Texte quatre</p></article>',
    "two-bodies": '<article><div data-pagefind-body><h1>Un</h1></div></article><aside data-pagefind-body><p>Deux</p></aside>',
    "no-title": '<article class="x"><div data-pagefind-body id="corps"><h2 id="partie">Partie</h2><p>Texte cinq</p></div>\n</article>',
}


def bundle_files(folder):
    files = {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}
    entry = json.loads(files.pop("pagefind-entry.json"))  # lists the languages in no fixed order
    return files, entry


def test_pages_cut_to_their_indexed_part_give_the_bundle_of_the_whole_pages(built_site, tmp_path):
    """The real site and tricky pages: every fragment (URL, title, excerpt text, anchors, meta, filters),
    index chunk and metadata file equals what Pagefind writes from the whole pages."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, copy_function=os.link, ignore=shutil.ignore_patterns(BUNDLE))
    for name, body in TRICKY.items():
        (site / "cas" / name).mkdir(parents=True)
        (site / "cas" / name / "index.html").write_text(
            f'<!doctype html><html lang="fr"><head><title>{name}</title></head><body>{body}</body></html>',
            encoding="utf-8")
    indexed = [path for path in site.rglob("*.html") if b"data-pagefind-body" in path.read_bytes()]
    reduced = [path for path in indexed if reduce(path.read_bytes()) != path.read_bytes()]
    assert len(reduced) >= len(indexed) - len(TRICKY) + 1  # the real pages are cut (no-title is too)
    assert all(reduce((site / "cas" / name / "index.html").read_bytes()) == (site / "cas" / name / "index.html").read_bytes()
               for name in TRICKY if name != "no-title")
    index_site(site)
    whole = tmp_path / "whole"
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(whole), "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True, capture_output=True)
    assert bundle_files(site / BUNDLE) == bundle_files(whole)


def test_each_language_indexed_alone_then_merged_gives_the_whole_site_bundle(tmp_path, monkeypatch):
    """What `helpcenter build` does when it builds every language: each language's own build (the
    default one at the root) indexed alone, as soon as it is built, and the bundles merged."""
    site, parts = tmp_path / "site", {"fr": tmp_path / "fr", "de": tmp_path / "de"}
    for root in (site, parts["fr"]):
        write(root, "index.html", "fr", "Accueil")
        write(root, "guide/index.html", "fr", "Guide")
        write(root, "de/extra/index.html", "de", "Ein Rückgriff", body=False)  # no such page in a part
    for root in (site, parts["de"]):
        write(root, "de/index.html", "de", "Startseite")
        write(root, "de/guide/index.html", "de", "Anleitung")
        write(root, "404.html", "de", "Nicht gefunden", body=False)  # outside the language's folder
    index_site(site)
    reports = {language: index_language(part, tmp_path / f"{language}-bundle", None if language == "fr" else language)
               for language, part in parts.items()}
    assert {language: report.pages for language, report in reports.items()} == {"fr": {"fr": 2}, "de": {"de": 2}}
    assert merge_languages(tmp_path / "fr-bundle", tmp_path / "de-bundle", ["de"], move=True)
    assert bundle_files(tmp_path / "fr-bundle") == bundle_files(site / BUNDLE)

    write(tmp_path / "it", "it/index.html", "it", "Solo ripiego", body=False)
    assert index_language(tmp_path / "it", tmp_path / "it-bundle", "it") is None  # the caller indexes the site
    assert not (tmp_path / "it-bundle").exists()

    monkeypatch.setenv("PAGEFIND_BINARY_PATH", shutil.which("false"))
    with pytest.raises(PolicyError, match="pyproject.toml.*Pagefind search indexer failed"):
        index_language(parts["de"], tmp_path / "failed", "de")
