"""The brand from mkdocs.yml's extra.brand: checked once, with errors that say what to write."""

import pytest

from helpcenter.errors import PolicyError
from helpcenter.render.brand import load_brand, theme_colours

GOOD = {"logo": "assets/logo.svg", "favicon": "assets/favicon.svg", "primary": "#0b3d6e", "accent": "#b34700"}


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "assets").mkdir()
    for name in ("logo.svg", "favicon.svg"):
        (tmp_path / "assets" / name).write_text("<svg/>", encoding="utf-8")
    return tmp_path


def test_brand_sets_material_colours(docs):
    brand = load_brand({"brand": GOOD}, docs)
    assert brand.logo == "assets/logo.svg"
    colours = theme_colours(brand)
    assert colours["--md-primary-fg-color"] == "#0b3d6e" and colours["--md-accent-fg-color"] == "#b34700"


@pytest.mark.parametrize("change, message", [
    ({"primary": "navy"}, "mkdocs.yml: extra.brand.primary: 'navy' is not a colour; write it as \"#rrggbb\""),
    ({"logo": "assets/missing.svg"}, "mkdocs.yml: extra.brand.logo: 'assets/missing.svg' not found in"),
    ({"accent": None}, "mkdocs.yml: extra.brand.accent: missing"),
])
def test_a_brand_mistake_names_the_key(docs, change, message):
    with pytest.raises(PolicyError) as error:
        load_brand({"brand": {**GOOD, **change}}, docs)
    assert str(error.value).startswith(message)


def test_no_brand_says_what_to_give(docs):
    with pytest.raises(PolicyError, match="extra.brand: missing; give logo, favicon, primary and accent"):
        load_brand({}, docs)
