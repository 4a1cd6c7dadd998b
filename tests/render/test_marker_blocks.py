"""Markers' HTML stored before Python-Markdown's HTML block preprocessor gives the HTML it would give."""

from __future__ import annotations

import markdown
import pytest

from helpcenter.render import marker_blocks

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
TABLE = ('<div class="hc-sla" role="region" aria-label="Délais">\n<table>\n<caption>Délais</caption>\n'
         '<tr data-priority="high">\n<th scope="row">Haute</th>\n<td><time datetime="PT1H">1 h</time><br></td>\n'
         '</tr>\n</table>\n</div>\n')
LINK = '<a href="mailto:help@example.com">help@example.com</a>'
OTHER = '<div markdown="1">\n*Markdown* inside\n</div>\n'
PAGES = {
    "between blank lines": f"# Title\n\nText {LINK} here.\n\n{TABLE}\n## Next\n\nMore.\n",
    "twice, and at the end": f"Text.\n\n{TABLE}\nBetween.\n\n{TABLE}",
    "right after a line of text": f"Text right above\n{TABLE}\nAfter.\n",
    "text right after it": f"Text.\n\n{TABLE}After, on the next line.\n",
    "after the writer's own HTML": f'<div class="note">\nOpen.\n\n{TABLE}\n</div>\n\nAfter.\n',
    "in a comment": f"<!-- a comment\n\n{TABLE}\n-->\n\nAfter.\n",
    "in a code span": f"Text `<span>` and\n\n{TABLE}\nAfter.\n",
    "in an admonition": f'!!! tip "Tip"\n    Write to {LINK}.\n\n    {TABLE.replace(chr(10), chr(10) + "    ")}\nAfter.\n',
    "in a fenced block": f"```html\n{TABLE}```\n\n{TABLE}\nAfter.\n",
    "with Markdown inside": f"Text.\n\n{OTHER}\n{TABLE}\nAfter.\n",
    "trailing spaces": f"Text.\n\n{TABLE.rstrip()}   \n\nAfter.\n",
    "an entity and a heading": f"## A &amp; B\n\n{TABLE}\n",
}


def converter(outputs: list[str] | None) -> markdown.Markdown:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    if outputs is not None:
        marker_blocks.register(md, lambda: outputs)
    return md


@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_converts_as_without_it(name):
    text, outputs = PAGES[name], [TABLE, LINK, OTHER, "1 h"]
    plain, ours = converter(None), converter(outputs)
    for _ in range(2):  # reused converters, reset between pages
        assert ours.reset().convert(text) == plain.reset().convert(text)
        assert ours.toc_tokens == plain.toc_tokens


def test_what_it_takes_and_leaves():
    md = converter([])
    blocks = md.preprocessors[marker_blocks.NAME]
    assert blocks.kind(TABLE.strip()) == marker_blocks.BLOCK
    assert blocks.kind(LINK) == blocks.kind("1 h") == marker_blocks.TRANSPARENT
    assert blocks.kind(OTHER.strip()) == marker_blocks.OTHER
    blocks.outputs = lambda: [TABLE, LINK]
    for name, taken in [("between blank lines", 1), ("twice, and at the end", 1), ("right after a line of text", 1),
                        ("text right after it", 0), ("after the writer's own HTML", 0), ("in a comment", 0),
                        ("in a code span", 0), ("in an admonition", 0)]:
        md.reset()
        lines = PAGES[name].split("\n")
        assert "\n".join(blocks.run(lines)).count(TABLE.strip()) == PAGES[name].count(TABLE.strip()) - taken, name
