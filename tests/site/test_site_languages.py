"""The built site keeps a reader in their language: tutorials, navigation, 404, search, fallbacks."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from conftest import FALLBACK_PAGE, LANGUAGES, PROJECT, copy_project, run_mkdocs_build, url_prefix
from htmltools import html_lang

PAGE_NOT_FOUND = {"fr": "Page introuvable", "en": "Page not found", "es": "Página no encontrada",
                  "de": "Seite nicht gefunden", "it": "Pagina non trovata", "pt": "Página não encontrada"}


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def nav_titles(html: str) -> list[str]:
    """The titles of the primary navigation's sections and pages, in order."""
    return [" ".join(title.split()) for title in re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html)]


def test_every_product_has_every_tutorial_translated_in_six_languages(built_site, real_policy):
    for product in (product.id for product in real_policy.products):
        tutorials = sorted((PROJECT / "docs" / real_policy.default_language / "tutorials" / product).glob("*.md"))
        assert len([page for page in tutorials if page.name != "index.md"]) >= 2, f"{product}: fewer than 2 tutorials"
        for page in tutorials:
            folder = "" if page.stem == "index" else f"{page.stem}/"
            for language in LANGUAGES:
                html = read(built_site, f"{url_prefix(language)}tutorials/{product}/{folder}index.html")
                assert html_lang(html) == language
                assert 'data-hc="fallback-notice"' not in html, f"{language} {product}/{page.name} is not translated"


def test_navigation_titles_are_translated_in_every_language(built_site):
    titles = {language: nav_titles(read(built_site, f"{url_prefix(language)}index.html")) for language in LANGUAGES}
    for language, expected in [("fr", "Questions fréquentes"), ("en", "Frequently asked questions"),
                               ("de", "Häufig gestellte Fragen"), ("es", "Preguntas frecuentes"),
                               ("it", "Domande frequenti"), ("pt", "Perguntas frequentes")]:
        assert expected in titles[language]
    assert len({tuple(value) for value in titles.values()}) == len(LANGUAGES), "two languages share a navigation"
    assert "Blitzwarnung" in titles["de"] and "Tutorials" not in titles["fr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_own_404_page(built_site, language):
    html = read(built_site, f"{url_prefix(language)}404.html")
    assert html_lang(html) == language
    assert f"<h1>{PAGE_NOT_FOUND[language]}</h1>" in html


def test_each_language_has_its_own_search_index_of_its_articles_only(built_site):
    entry = json.loads(read(built_site, "pagefind/pagefind-entry.json"))
    indexed = Counter(html_lang(text) for page in built_site.rglob("index.html")
                      if "data-pagefind-body" in (text := page.read_text(encoding="utf-8")))
    assert {language: entry["languages"][language]["page_count"] for language in LANGUAGES} == \
        {language: indexed[language] for language in LANGUAGES}
    assert all(indexed[language] for language in LANGUAGES), indexed
    html = read(built_site, "de/faq/index.html")  # only the article is indexed: not navigation, not footer
    assert html.count("data-pagefind-body") == 1
    assert html.index('<article class="md-content__inner') < html.index("data-pagefind-body")
    assert (built_site / "pagefind" / "wasm.de.pagefind").exists(), "no German stemmer"
    assert not (built_site / "search" / "search_index.json").exists(), "Material's search index is still built"


def test_hreflang_links_are_absolute_and_sitemap_lists_every_language(built_site):
    html = read(built_site, "de/guide/index.html")
    links = dict((language, href) for href, language in
                 re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z-]+)">', html))
    assert links["de"] == "https://help.meteorage.com/de/guide/" and links["x-default"] == "https://help.meteorage.com/guide/"
    assert set(links) == set(LANGUAGES) | {"x-default"}
    sitemap = read(built_site, "sitemap.xml")
    for language in LANGUAGES:
        assert f"<loc>https://help.meteorage.com/{url_prefix(language)}faq/</loc>" in sitemap


def test_untranslated_page_is_served_with_a_notice_in_the_readers_language(small_site):
    html = read(small_site, f"it/{FALLBACK_PAGE}/index.html")
    assert html_lang(html) == "it"
    assert "Traduzione in corso" in html
    assert "Questa pagina non è ancora disponibile in italiano. Viene mostrata in francese" in html
    assert re.search(r'<div lang="fr" data-hc="fallback-content">\s*<h1', html)
    assert 'hreflang="it"' not in html
    assert f'<link rel="canonical" href="https://help.meteorage.com/{FALLBACK_PAGE}/">' in html
    sitemap = read(small_site, "sitemap.xml")
    assert f"/it/{FALLBACK_PAGE}/" not in sitemap and f"<loc>https://help.meteorage.com/{FALLBACK_PAGE}/</loc>" in sitemap
    assert "data-pagefind-body" not in html, "a fallback page is indexed in the language it is missing from"
    assert "data-pagefind-body" in read(small_site, f"{FALLBACK_PAGE}/index.html")


def test_translated_page_has_no_notice(small_site):
    assert 'data-hc="fallback-notice"' not in read(small_site, "it/index.html")
    assert 'data-hc="fallback-notice"' not in read(small_site, f"{FALLBACK_PAGE}/index.html")


def test_missing_product_tutorial_stops_the_strict_build(tmp_path):
    project = copy_project(tmp_path)
    (project / "docs" / "de" / "tutorials" / "lightning-data-api" / "first-steps.md").unlink()
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("docs/de/tutorials/lightning-data-api/first-steps.md: missing; the 'lightning-data-api' tutorial "
            "'first-steps.md' has no 'de' translation") in result.stderr
