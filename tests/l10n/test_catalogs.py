"""UI strings: every catalog complete, and in step with the strings of the templates."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import LANGUAGES, ROOT
from helpcenter.l10n.catalogs import catalog_problems, load_translations


def template_message_ids() -> set[str]:
    method_map = [("overrides/**.html", "jinja2")]
    options = {"overrides/**.html": {"extensions": "jinja2.ext.i18n"}}
    return {message[2] for message in extract_from_dir(str(ROOT), method_map, options)
            if isinstance(message[2], str)}


def catalog_ids(path: Path) -> set[str]:
    with path.open("rb") as stream:
        return {str(message.id) for message in read_po(stream) if message.id}


def test_every_catalog_is_fully_translated_and_not_fuzzy():
    problems = [str(problem) for language in LANGUAGES for problem in catalog_problems(ROOT, language)]
    assert not problems, "\n".join(problems)


def test_catalogs_hold_exactly_the_strings_of_the_templates():
    in_templates = template_message_ids()
    assert in_templates, "no {% trans %} string found in overrides/"
    assert catalog_ids(ROOT / "locales" / "messages.pot") == in_templates, \
        "locales/messages.pot is stale: run pybabel extract -F babel.cfg -o locales/messages.pot ."
    for language in LANGUAGES:
        assert catalog_ids(ROOT / "locales" / language / "LC_MESSAGES" / "messages.po") == in_templates, \
            f"the {language} catalog is stale: run pybabel update -i locales/messages.pot -d locales"


def test_a_fuzzy_or_empty_entry_is_reported(tmp_path):
    catalog = tmp_path / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       '#, fuzzy\nmsgid "Page not found"\nmsgstr "Seite weg"\n\n'
                       'msgid "Translation pending"\nmsgstr ""\n', encoding="utf-8")
    assert [str(problem) for problem in catalog_problems(tmp_path, "de")] == [
        "locales/de/LC_MESSAGES/messages.po:6: fuzzy translation (check it, then remove '#, fuzzy'): 'Page not found'",
        "locales/de/LC_MESSAGES/messages.po:9: untranslated: 'Translation pending'",
    ]


def test_translations_load_for_every_language():
    assert load_translations(ROOT, "de").gettext("Page not found") == "Seite nicht gefunden"
    assert load_translations(ROOT, "pt").gettext("Translation pending") == "Tradução pendente"
