"""Front matter: one reader with MkDocs' grammar, and a writer that keeps comments and order."""

from __future__ import annotations

import pytest
from mkdocs.utils.meta import get_data

from helpcenter.content import frontmatter
from helpcenter.content.translations import PENDING, mark_translated, source_hash, translation_state, UP_TO_DATE
from helpcenter.errors import PolicyError

# Pages MkDocs reads without complaint: our reader must find the same metadata and body.
SAME_AS_MKDOCS = {
    "no front matter": "# Title\n\nText.\n",
    "yaml": "---\ntitle: Hello\ntranslation:\n  source: abc\n---\n# Title\n",
    "closing dots": "---\ntitle: Hello\n...\n# Title\n",
    "spaces after fences": "---  \ntitle: Hello\n--- \n# Title\n",
    "blank lines after": "---\ntitle: Hello\n---\n\n\n# Title\n",
    "multimarkdown": "Title: Hello\nSummary: one\n    two\n\n# Title\n",
    "leading blank lines": "\n\n# Title\n",
    "rule, not front matter": "# Title\n\n---\n\nText\n",
}


@pytest.mark.parametrize("name", SAME_AS_MKDOCS)
def test_reads_front_matter_as_mkdocs_does(name):
    text = SAME_AS_MKDOCS[name]
    body, meta = get_data(text)
    page = frontmatter.split(text, "docs/fr/page.md")
    assert (page.meta, page.body) == (meta, body)
    assert text.split("\n")[page.body_line - 1:] == body.split("\n"), "body_line is where the body starts"


@pytest.mark.parametrize("text, line, message", [
    ("---\ntitle: [open\n---\n# T\n", 3, "YAML error: expected ',' or ']', but got '<stream end>'; check the "
                                         "quoting and indentation"),
    ("---\n- a list\n---\n# T\n", 2, "expected `key: value` lines between the --- lines"),
    ("---\ntitle: Hello\n# T\n", 1, "the front matter has no closing --- line; add one after its last "
                                    "`key: value` line"),
])
def test_front_matter_mkdocs_would_publish_as_text_is_an_error(text, line, message):
    with pytest.raises(PolicyError) as raised:
        frontmatter.split(text, "docs/de/page.md")
    assert str(raised.value) == f"docs/de/page.md:{line}: front matter: {message}"


def test_a_byte_order_mark_before_the_front_matter_is_accepted(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes("\ufeff---\ntitle: Hallo\n---\n# Titel\n".encode("utf-8"))
    page = frontmatter.split(frontmatter.read_text(path, "docs/de/page.md"), "docs/de/page.md")
    assert (page.meta, page.body, page.body_line) == ({"title": "Hallo"}, "# Titel\n", 4)


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes("# Titre\n\nCaf\u00e9\n".encode("latin-1"))
    with pytest.raises(PolicyError) as raised:
        frontmatter.read_text(path, "docs/fr/page.md")
    assert str(raised.value) == ("docs/fr/page.md:3: this file is not UTF-8 (byte 0xe9); save it with the UTF-8 "
                                 "encoding in your editor")


def test_translated_keeps_comments_and_order_and_writes_one_front_matter(tmp_path):
    docs = tmp_path / "docs"
    (docs / "fr").mkdir(parents=True)
    (docs / "de").mkdir()
    (docs / "fr" / "page.md").write_text("# Titre\n\nTexte.\n", encoding="utf-8")
    german = docs / "de" / "page.md"
    german.write_bytes(("\ufeff---\n# Reviewed by Anna\ntitle: Seite  # short\ntranslation:\n"
                        "  status: pending\n  source: 0000\ndescription: Eine Seite\n---\n# Titel\n").encode("utf-8"))
    mark_translated(docs, "page.md", "fr", "de")
    text = german.read_text(encoding="utf-8")
    assert text == ("---\n# Reviewed by Anna\ntitle: Seite  # short\ntranslation:\n"
                    f"  source: {source_hash('# Titre' + chr(10) + chr(10) + 'Texte.' + chr(10))}\n"
                    "description: Eine Seite\n---\n# Titel\n")
    assert translation_state(docs, "page.md", "fr", "de").status == UP_TO_DATE


def test_join_writes_a_front_matter_mkdocs_reads():
    text = frontmatter.join({"translation": {"source": "abc", "status": PENDING}}, "# Titel\n")
    assert get_data(text) == ("# Titel\n", {"translation": {"source": "abc", "status": PENDING}})
