"""Inline patterns left untried on text none of them can match: the same HTML as Python-Markdown's own."""

from __future__ import annotations

import random
import re

import markdown
import pytest
from markdown.treeprocessors import InlineProcessor

from conftest import PROJECT
from helpcenter.render import plain_inline
from helpcenter.render.plain_inline import needed

SITE = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
# Extensions with inline patterns of their own: their expressions are read too, or always tried.
OTHERS = ["extra", "smarty", "nl2br", "wikilinks", "pymdownx.betterem", "pymdownx.caret", "pymdownx.mark",
          "pymdownx.tilde", "pymdownx.keys", "pymdownx.magiclink", "pymdownx.inlinehilite", "pymdownx.smartsymbols",
          "pymdownx.critic", "pymdownx.emoji", "pymdownx.arithmatex"]
INLINE = [
    "Plain words only, over\ntwo lines.",
    "*em* and **strong** and ***both***, _em_ __strong__ ___both___, a * star and a_snake_case word",
    "**unclosed and *nested **strong** in em*",
    "`code` and ``code with ` inside`` and an unclosed ` tick",
    r"Escapes: \*not em\*, \`not code\`, \\ a backslash, \[not a link]",
    "[a link](page.md) [with title](page.md \"Title\") [ref][r] [short] ![image](a.png) ![ref image][r] ![short]",
    "<https://example.com/path?q=1> <help@example.com> <not a link> a < b > c",
    "Hard break  \nafter two spaces, and a soft one\nhere, and trailing spaces at the end  ",
    "Inline <span class=\"x\">HTML</span>, <br>, <!-- a comment -->, &amp; &copy; &#169; &#xA9; & alone",
    "Attributes on *em*{: .cls } and [link](x.md){: #id }",
    "Mixed: **bold [link `code`](x.md)** then plain, ++ins++ ^^sup^^ ==mark== ~~del~~ H~2~O x^2^",
    "Keys ++ctrl+alt+del++, :smile: emoji, $x^2$ math, --> arrows (c) (tm) 1/2, \"quotes\" and 'single'",
    "Critic {++added++} {--removed--} {~~old~>new~~}, [[WikiLink]], www.example.com and https://example.com",
    "Unicode: caf\u00e9 na\u00efve \u2014 \u00ab guillemets \u00bb, non\u00a0breaking, \u00e9t\u00e9 \U0001f600",
]
BLOCKS = [
    "# Title with `code` and *em*\n\n## Plain heading\n\n### Heading {: #custom }\n",
    "!!! tip \"Tip with *em*\"\n    Write to <a href=\"mailto:x@example.com\">x@example.com</a> or **call**.\n",
    "??? note \"Details\"\n    Hidden *text*, plain text.\n",
    "| A | *B* |\n|---|---|\n| `1` | plain |\n| [x](y.md) | 2 |\n",
    "1. one *two*\n2. plain\n    - nested `code`\n\n> quoted **text**\n> plain quote\n",
    "```python\ncode *not em* [not link]\n```\n\n    indented code <b>\n",
    '<div markdown="1">\n*Markdown* inside and plain\n</div>\n\n<div class="raw">\n*not converted*\n</div>\n',
    "[r]: https://example.com \"Title\"\n[short]: short.md\n\nTerm\n:   Definition *em*\n\nText[^1].\n\n[^1]: Note.\n",
    "*[HTML]: Hyper Text Markup Language\n\nThe HTML page, plain.\n",
]


SHAPES = INLINE + BLOCKS + ["\n\n".join(INLINE), "\n\n".join(BLOCKS + INLINE)]


def converters(extensions: list[str]) -> tuple[markdown.Markdown, markdown.Markdown]:
    configs = {"toc": {"permalink": True}}
    ours = markdown.Markdown(extensions=extensions, extension_configs=configs)
    assert plain_inline.register(ours)
    return markdown.Markdown(extensions=extensions, extension_configs=configs), ours


@pytest.mark.parametrize("extensions", [SITE, SITE + ["footnotes", "def_list", "abbr"], SITE + OTHERS],
                         ids=["site", "with footnotes", "with other inline patterns"])
def test_every_shape_converts_as_without_it(extensions):
    plain, ours = converters(extensions)
    for page in SHAPES:
        for _ in range(2):  # converters reused, reset between pages
            assert ours.reset().convert(page) == plain.reset().convert(page), page[:80]
            assert ours.toc_tokens == plain.toc_tokens


def test_the_site_pages_convert_as_without_it():
    """The site's own pages, markers as written (tests/site/test_page_conversion: markers rendered)."""
    plain, ours = converters(SITE)
    for path in sorted((PROJECT / "docs").rglob("*.md")):
        page = path.read_text(encoding="utf-8")
        assert ours.reset().convert(page) == plain.reset().convert(page), path


def test_plain_text_is_not_tried():
    plain, ours = converters(SITE)
    tried = []
    original = InlineProcessor._InlineProcessor__handleInline

    def counted(self, data, patternIndex=0):  # noqa: N803
        tried.append(data)
        return original(self, data, patternIndex)

    InlineProcessor._InlineProcessor__handleInline = counted
    try:
        ours.convert("# Title\n\nPlain words.\n\nWith *emphasis*.\n\n- item\n- `code`\n")
    finally:
        InlineProcessor._InlineProcessor__handleInline = original
    assert tried == ["With *emphasis*.", "emphasis", "`code`"]


def test_every_pattern_of_the_site_is_told():
    """Each inline pattern the site's Markdown settings use has needs it can tell (or plain text would be
    tried against it again, as before)."""
    _, ours = converters(SITE)
    assert all(needed(pattern.getCompiledRegExp()) for pattern in ours.inlinePatterns)


@pytest.mark.parametrize("expression, needs", [
    (r"\*|_", {"*", "_"}), (r"  \n", {"  \n"}), (r"(?<!\!)\[", {"["}), (r"\!\[", {"!["}),
    (r"<([^<> !]+@[^@<> ]+)>", {"<"}), (r"(&(?:\#[0-9]+|[a-z]+);)", {"&"}), (r"(?=x)y+", {"y"}),
    (r"[ab]{2,}c?", {"a", "b"}), (r"a*", None), (r"[^<]+", None), (r"(?i)<b>", None), (r"(?i:x)", None),
    (r"\w+", None), (r".", None), (r"x|", None),
])
def test_what_an_expression_needs(expression, needs):
    assert needed(re.compile(expression)) == (None if needs is None else frozenset(needs))


@pytest.mark.parametrize("extensions", [SITE + ["footnotes", "def_list", "abbr"] + OTHERS], ids=["all"])
def test_no_expression_matches_text_without_its_needs(extensions):
    """Random texts over an alphabet of Markdown's punctuation: each match holds one of its needs."""
    _, ours = converters(extensions)
    alphabet = list("ab xy\n\t*_`\\[]()!<>&#;:/@.-+=~^{}|\"'$%") + ["  \n", "![", "://", "\u00e9", "\u2014"]
    chance = random.Random(14)
    texts = ["".join(chance.choices(alphabet, k=chance.randint(1, 24))) for _ in range(3000)]
    told = 0
    for pattern in ours.inlinePatterns:
        expression = pattern.getCompiledRegExp()
        needs = needed(expression)
        if needs is None:
            continue
        told += 1
        for text in texts:
            if expression.search(text):
                assert any(need in text for need in needs), (expression.pattern, text)
    assert told >= 20


def test_another_inline_processor_is_left_alone():
    class Own(InlineProcessor):
        pass

    md = markdown.Markdown()
    md.treeprocessors.register(Own(md), plain_inline.NAME, 20)
    assert not plain_inline.register(md) and type(md.treeprocessors[plain_inline.NAME]) is Own
