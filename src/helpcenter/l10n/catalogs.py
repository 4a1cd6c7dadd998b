"""UI strings of the templates (notices, 404 page, later the ticket form): Babel message catalogs.

Source strings are English, in the templates under overrides/ (`{% trans %}`); translations live in
locales/<language>/LC_MESSAGES/messages.po, one per language, and are compiled in memory at build time
(no binary .mo file in the repository). `pybabel extract -F babel.cfg -o locales/messages.pot .`
refreshes the template of the catalogs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from helpcenter.errors import PolicyError

CATALOG_DIR = "locales"
DOMAIN = "messages"


def catalog_path(root: Path, language: str) -> Path:
    return root / CATALOG_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(root: Path, language: str) -> Catalog:
    path = catalog_path(root, language)
    display = path.relative_to(root).as_posix()
    if not path.exists():
        raise PolicyError(display, None, "", f"missing message catalog for {language!r}; "
                          f"create it with: pybabel init -i {CATALOG_DIR}/{DOMAIN}.pot -d {CATALOG_DIR} -l {language}")
    try:
        with path.open("rb") as stream:
            return read_po(stream, locale=language, abort_invalid=True)
    except PoFileError as error:
        raise PolicyError(display, None, "", f"invalid catalog: {error}") from None


def load_translations(root: Path, language: str) -> Translations:
    """The language's catalog as gettext translations for Jinja's i18n extension.

    A translation whose placeholders differ from its msgid would fail when a template uses it (a
    KeyError, sometimes only once a page needs that string): it raises PolicyError here, at once."""
    catalog = read_catalog(root, language)
    display = catalog_path(root, language).relative_to(root).as_posix()
    for message in catalog:
        if message.id and not message.fuzzy and (problem := _placeholder_problem(message)):
            raise PolicyError(display, message.lineno or None, "", f"{problem}: {_first(message.id)!r}")
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@dataclass(frozen=True)
class CatalogProblem:
    file: str
    line: int
    message_id: str
    problem: str

    @property
    def message(self) -> str:
        return f"{self.problem}: {self.message_id!r}"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _first(value) -> str:
    return str(value[0] if isinstance(value, (tuple, list)) else value)


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _placeholder_problem(message) -> str | None:
    """What is wrong with a translation's %(name)s placeholders, or None."""
    ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
    expected = set().union(*(_placeholders(text) for text in ids))
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    for text in strings:
        if text and _placeholders(text) != expected:
            wanted = ", ".join(f"%({name})s" for name in sorted(expected)) or "none"
            found = ", ".join(f"%({name})s" for name in sorted(_placeholders(text))) or "none"
            return (f"the translation's placeholders ({found}) differ from the msgid's ({wanted}); "
                    "copy each %(name)s of the msgid into the translation unchanged")
    return None


def catalog_problems(root: Path, language: str) -> list[CatalogProblem]:
    """Entries a reader would see untranslated (empty or fuzzy), or that break a page (placeholders)."""
    catalog = read_catalog(root, language)
    display = catalog_path(root, language).relative_to(root).as_posix()
    problems = []
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno or 0
        if message.fuzzy:
            problems.append(CatalogProblem(display, line, str(message.id), "fuzzy translation (check it, then remove '#, fuzzy')"))
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            problems.append(CatalogProblem(display, line, _first(message.id), "untranslated"))
        elif problem := _placeholder_problem(message):
            problems.append(CatalogProblem(display, line, _first(message.id), problem))
    return problems
