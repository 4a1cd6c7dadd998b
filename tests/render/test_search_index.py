from helpcenter.render.search_index import language_index

MERGED = {
    "config": {"lang": ["fr", "en", "de"], "separator": "[\\s]+", "pipeline": ["stemmer"]},
    "docs": [
        {"location": "", "title": "Accueil", "text": ""},
        {"location": "faq/#compte", "title": "Compte", "text": ""},
        {"location": "en/faq/#account", "title": "Account", "text": ""},
        {"location": "de/faq/#konto", "title": "Konto", "text": ""},
        {"location": "de/guide/#start", "title": "Start", "text": ""},
    ],
}


def test_default_language_keeps_only_its_own_pages_and_stemmer():
    index = language_index(MERGED, "fr", "", ["en/", "de/"], set())
    assert index["config"]["lang"] == ["fr"] and index["config"]["pipeline"] == ["stemmer"]
    assert [entry["location"] for entry in index["docs"]] == ["", "faq/#compte"]


def test_other_language_is_rooted_at_its_folder_without_fallback_pages():
    index = language_index(MERGED, "de", "de/", ["en/"], {"de/guide/"})
    assert index["config"]["lang"] == ["de"]
    assert [entry["location"] for entry in index["docs"]] == ["faq/#konto"]
