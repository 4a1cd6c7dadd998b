from helpcenter.content.navigation import first_heading, plain_text


def test_first_heading_skips_code():
    page = "```\n# not a title\n```\n\n# Häufig gestellte Fragen\n\n# Second\n"
    assert first_heading(page) == "Häufig gestellte Fragen"
    assert first_heading("No heading here\n## Sub\n") is None


def test_plain_text_drops_markup_from_a_rendered_marker():
    assert plain_text('<a href="mailto:x">Espace   Client</a>') == "Espace Client"
