"""The HTML of a page's markers handed to Python-Markdown as it would keep it, without parsing it again.

A block marker (the SLA table, the contacts, the ticket form...) becomes an HTML element standing alone
between blank lines. Python-Markdown's HTML block preprocessor (`html_block`, md_in_html's) reads a
page's whole text with an HTML parser written in Python, tag by tag, only to find that such an element
is a raw block: it stores it whole in its stash and leaves a placeholder. For the synthetic site's
articles, that parsing was a quarter of their conversion. MarkerBlocks, run just before it, stores the
markers' elements and leaves the same placeholders and line breaks, where it can tell the parser would
have done so:

- what the parser does with an output alone is found by running it once (`kind`): a BLOCK is stored
  whole (with the line break after it) as one raw block; a TRANSPARENT output (inline links) is left
  as it is and leaves the parser ready for a raw block on the next line; anything else stops here;
- in the page, an element is taken only while the parser's state before it is known: the text before
  holds no `<` but in the markers' outputs already seen; the element starts a line and a blank line
  follows it, as the raw block needs.

The first writer's `<` (their own HTML, a comment, a code span with a tag) leaves the rest of the page
to the parser. Only the placeholders' numbers may differ (the markers' elements are stored first); they
never reach the page.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.util import HtmlStash

NAME = "helpcenter_marker_blocks"
PRIORITY = 20.5  # after MkDocs' scan of the raw HTML for anchors (21), before `html_block` (20)
BLOCK, TRANSPARENT, OTHER = "block", "transparent", "other"
_BLANK_LINE = re.compile(r"([ ]*\n){2}")  # markdown.htmlparser.blank_line_re: a raw block's end
_PROBE = "<div>probe</div>"


class MarkerBlocks(Preprocessor):
    """Stores the elements of the outputs `outputs()` names (the markers of the page being converted)."""

    def __init__(self, md: Markdown, outputs: Callable[[], Iterable[str]]) -> None:
        super().__init__(md)
        self.outputs = outputs
        self._kinds: dict[str, str] = {}

    def run(self, lines: list[str]) -> list[str]:
        outputs = {output.strip() for output in self.outputs()} - {""}
        if not outputs or "html_block" not in self.md.preprocessors:
            return lines
        text = "\n".join(lines)
        pieces, position = [], 0
        while True:
            found = [(text.find(output, position), -len(output), output) for output in outputs]
            found = [entry for entry in found if entry[0] >= 0]
            if not found:
                break
            at, _, output = min(found)
            end = at + len(output)
            if "<" in text[position:at]:
                break
            kind = self.kind(output)
            if kind == BLOCK and (at == 0 or text[at - 1] == "\n") and _BLANK_LINE.match(text, end):
                pieces += [text[position:at], "\n", self.md.htmlStash.store(output + "\n"), "\n\n"]
            elif kind == TRANSPARENT:
                pieces.append(text[position:end])
            else:
                break
            position = end
        if not pieces:
            return lines
        return ("".join(pieces) + text[position:]).split("\n")

    def kind(self, output: str) -> str:
        """What `html_block` does with `output` standing alone on its lines (found once per output)."""
        if output not in self._kinds:
            self._kinds[output] = self._probe(output)
        return self._kinds[output]

    def _probe(self, output: str) -> str:
        if output.startswith("<") and self._html_block(output + "\n\n") == (["\n", 0, "\n\n\n\n"], [output + "\n"]):
            return BLOCK
        if self._html_block(f"{output}\n\n{_PROBE}\n\n") == ([output + "\n\n\n", 0, "\n\n\n\n"], [_PROBE + "\n"]):
            return TRANSPARENT
        return OTHER

    def _html_block(self, text: str) -> tuple[list, list[str]]:
        """`html_block`'s text for `text` (split at its placeholders, each given as its number) and what
        it stored, with a stash of its own."""
        kept, self.md.htmlStash = self.md.htmlStash, HtmlStash()
        try:
            result = "\n".join(self.md.preprocessors["html_block"].run(text.split("\n")))
            stored = list(self.md.htmlStash.rawHtmlBlocks)
            placeholders = [self.md.htmlStash.get_placeholder(number) for number in range(len(stored))]
        finally:
            self.md.htmlStash = kept
        split: list = [result]
        for number, placeholder in enumerate(placeholders):
            head, found, tail = split[-1].partition(placeholder)
            if not found:
                return [result], stored
            split[-1:] = [head, number, tail]
        return split, stored


def register(md: Markdown, outputs: Callable[[], Iterable[str]]) -> None:
    md.preprocessors.register(MarkerBlocks(md, outputs), NAME, PRIORITY)
