"""Social previews of a page (OpenGraph)."""

from helpcenter.render.seo import social_metadata


def test_social_preview_names_the_page_its_language_and_its_translations():
    pairs = social_metadata(title="Politique – Centre d'aide", site_name="Centre d'aide", description="FAQ",
                            url="https://h/support/policy/", locale="fr_FR",
                            alternate_locales=["fr_FR", "en_GB", "de_DE"], image="https://h/logo.svg")
    assert pairs == [
        ("og:type", "website"), ("og:site_name", "Centre d'aide"), ("og:title", "Politique – Centre d'aide"),
        ("og:description", "FAQ"), ("og:url", "https://h/support/policy/"), ("og:locale", "fr_FR"),
        ("og:locale:alternate", "en_GB"), ("og:locale:alternate", "de_DE"), ("og:image", "https://h/logo.svg"),
        ("twitter:card", "summary"),
    ]


def test_social_preview_without_site_url_or_description_leaves_them_out():
    properties = [name for name, _ in social_metadata(title="T", site_name="S", description="", url=None,
                                                      locale="de_DE", alternate_locales=[], image=None)]
    assert "og:url" not in properties and "og:description" not in properties and "og:image" not in properties
