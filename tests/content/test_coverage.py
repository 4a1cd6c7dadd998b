from conftest import PROJECT
from helpcenter.content.coverage import product_of, tutorial_problems


def make_docs(tmp_path, pages):
    for page in pages:
        path = tmp_path / "docs" / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# T\n", encoding="utf-8")
    return tmp_path / "docs"


def test_real_site_has_every_tutorial_of_every_product_in_every_language(real_policy):
    products = tuple(product.id for product in real_policy.products)
    assert tutorial_problems(PROJECT / "docs", real_policy.language_codes, products) == []


def test_tutorial_missing_in_one_language_names_product_page_and_language(tmp_path):
    docs = make_docs(tmp_path, [f"{language}/tutorials/alert/zones.md" for language in ("fr", "en")])
    assert tutorial_problems(docs, ("fr", "en", "de"), ("alert",)) == [
        "docs/de/tutorials/alert/zones.md: missing; the 'alert' tutorial 'zones.md' has no 'de' translation "
        "(every product has its tutorials in every language)"]


def test_product_without_tutorial(tmp_path):
    docs = make_docs(tmp_path, ["fr/tutorials/alert/index.md"])
    assert tutorial_problems(docs, ("fr",), ("alert",)) == [
        "docs/fr/tutorials/alert/: product 'alert' has no tutorial; every product of support.yml needs at "
        "least one tutorial page in this folder"]


def test_tutorial_only_in_a_translation_is_missing_in_the_default_language(tmp_path):
    docs = make_docs(tmp_path, ["fr/tutorials/alert/a.md", "en/tutorials/alert/a.md", "en/tutorials/alert/b.md"])
    assert tutorial_problems(docs, ("fr", "en"), ("alert",)) == [
        "docs/fr/tutorials/alert/b.md: missing; the 'alert' tutorial 'b.md' has no 'fr' translation "
        "(every product has its tutorials in every language)"]


def test_a_page_belongs_to_a_product_by_its_tutorial_folder():
    products = ("lightning-alert", "espace-client")
    assert product_of("tutorials/lightning-alert/configure-alert-zones/", products) == "lightning-alert"
    assert product_of("tutorials/espace-client/", products) == "espace-client"
    assert product_of("tutorials/", products) is None
    assert product_of("faq/products/", products) is None
    assert product_of("tutorials/unknown/page/", products) is None
