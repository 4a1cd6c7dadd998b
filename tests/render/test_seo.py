from helpcenter.render.seo import rewrite_head_links

HEAD = """<head>
      <link rel="canonical" href="https://h/it/page/">
      <link rel="alternate" href="../../page/" hreflang="fr">
      <link rel="alternate" href="./" hreflang="it">
      <link rel="icon" href="x">
</head>
<a href="./" hreflang="it" lang="it" class="md-select__link">Italiano</a>
<a href="../../page/" hreflang="fr" lang="fr" class="md-select__link">Français</a>"""


def test_only_real_translations_with_absolute_urls_and_x_default():
    html = rewrite_head_links(HEAD, {"fr": "https://h/page/", "en": "https://h/en/page/"}, "fr")
    assert 'hreflang="it"' not in html
    assert '<link rel="alternate" href="https://h/page/" hreflang="fr">' in html
    assert '<link rel="alternate" href="https://h/en/page/" hreflang="en">' in html
    assert '<link rel="alternate" href="https://h/page/" hreflang="x-default">' in html
    assert '<link rel="icon" href="x">' in html
    assert '<a href="./" lang="it" class="md-select__link">Italiano</a>' in html, "switcher still offers it, unclaimed"
    assert '<a href="../../page/" hreflang="fr" lang="fr" class="md-select__link">' in html


def test_fallback_page_points_its_canonical_at_the_original():
    html = rewrite_head_links(HEAD, {"fr": "https://h/page/"}, "fr", canonical="https://h/page/")
    assert '<link rel="canonical" href="https://h/page/">' in html
