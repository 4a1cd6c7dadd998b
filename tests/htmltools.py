"""Small stdlib HTML readers for tests: tables as rows of cell texts, and the <html lang>."""

from __future__ import annotations

import re
from html.parser import HTMLParser


_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}


def plain(text: str) -> str:
    """Babel writes no-break and thin spaces (correct typography); compare texts with plain spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").split(" "))


class _TableReader(HTMLParser):
    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker
        self.depth = 0  # >0 while inside the wanted container
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _VOID:
            if tag == "br" and self.cell is not None:
                self.cell.append(" ")
            return
        if self.depth:
            self.depth += 1
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []
        elif attributes.get("data-hc") == self.marker:
            self.depth = 1

    def handle_endtag(self, tag):
        if not self.depth:
            return
        self.depth -= 1
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(plain("".join(self.cell)).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def sla_table(html: str) -> list[list[str]]:
    """The rows (header first) of the first SLA table in a page, each a list of cell texts."""
    reader = _TableReader("sla-table")
    reader.feed(html)
    assert reader.rows, "no SLA table in this page"
    return reader.rows


def html_lang(html: str) -> str:
    match = re.search(r"<html[^>]*\slang=\"([^\"]+)\"", html)
    assert match, "no <html lang=...>"
    return match.group(1)
