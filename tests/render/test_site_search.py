from helpcenter.render.site_search import BUNDLE, index_site

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
