"""What Pagefind reads of a built site: each indexed page cut down to the part that makes its search record.

Pagefind indexes only the element marked `data-pagefind-body`; of the rest of a page it takes the `<html>`
element (its `lang`), the first `<title>` (a fallback title) and, anywhere, `data-pagefind-*` attributes,
the first `<h1>` (the title) and an `<img>` after it. Everything else it parses and throws away: on our
pages, the header and navigation around a 7 KB article make 40 KB, and parsing them was over a third of
the indexer's work. A page is cut only when nothing outside the kept part can change its record (the
checks of `reduce`); otherwise, or when in doubt, the page is given whole. Fragments, index and metadata
come out byte for byte the same (tests/render/test_site_search.py compares them on the real site).
"""

from __future__ import annotations

import os
from pathlib import Path

BODY = b" data-pagefind-body"
_SPACE_OR_END = b" \t\n\r\f/>"


def reduce(page: bytes) -> bytes | None:
    """`page` as Pagefind needs it: its `<html>` tag, first `<title>`, `<body>` tag and the `<article>`
    holding the `data-pagefind-body` element, or the page whole when it cannot be cut safely; None for a
    page without that element (not indexed when any page of the site has one)."""
    low = page.lower()  # tag and attribute names are case-insensitive; bytes.find is far quicker than re
    marker = low.find(BODY)
    if marker < 0:
        return None
    start = low.rfind(b"<", 0, marker)
    article = _last_tag(low, b"article", start)
    end = low.find(b"</article", marker)
    if (low.find(BODY, marker + 1) >= 0 or start < 0 or b">" in low[start:marker] or article < 0 or end < 0
            or low.find(b"</article", article, start) >= 0):
        return page
    close = low.find(b">", end) + 1
    # Outside the kept part, what would change the record: Pagefind attributes and a first <h1> anywhere,
    # and an <img> after the article (taken as the page's image once a title was seen). Inside it: another
    # article, end tags of the elements around the article (a stray one would close them in the whole page
    # but not in the cut one), and unbalanced <div>s (an unclosed one would move the body's end).
    if (low.find(b"data-pagefind-", 0, start) >= 0 or low.find(b"data-pagefind-", close) >= 0
            or _has_tag(low, b"h1", 0, start) or _has_tag(low, b"h1", close, len(low))
            or _has_tag(low, b"img", close, len(low)) or _has_tag(low, b"article", marker, end)
            or any(low.find(tag, marker, end) >= 0 for tag in (b"</main", b"</body", b"</html"))
            or low.count(b"<div", start, close) != low.count(b"</div", start, close)):
        return page
    html, body = _start_tag(page, low, b"html", start), _start_tag(page, low, b"body", start)
    if not html:
        return page
    title = b""
    opened = _find_tag(low, b"title", 0, start)
    if opened >= 0:
        closed = low.find(b"</title", opened)
        if closed < 0 or low.find(b">", closed) < 0:
            return page
        title = page[opened:low.find(b">", closed) + 1]
    return b"".join((b"<!DOCTYPE html>", html, b"<head>", title, b"</head>", body or b"<body>",
                     _start_tag(page, low, b"article", start, article), page[start:close], b"</body></html>"))


def _find_tag(low: bytes, name: bytes, start: int, end: int) -> int:
    """Where the first start tag `name` is in `low[start:end]`, or -1."""
    at = low.find(b"<" + name, start, end)
    while at >= 0 and not _names(low, name, at):
        at = low.find(b"<" + name, at + 1, end)
    return at


def _has_tag(low: bytes, name: bytes, start: int, end: int) -> bool:
    return _find_tag(low, name, start, end) >= 0


def _last_tag(low: bytes, name: bytes, before: int) -> int:
    """Where the last start tag `name` before `before` is, or -1."""
    at = low.rfind(b"<" + name, 0, before)
    while at >= 0 and not _names(low, name, at):
        at = low.rfind(b"<" + name, 0, at)
    return at


def _names(low: bytes, name: bytes, at: int) -> bool:
    """Whether the `<name` at `at` is that tag, not one whose name only starts so (`<h1` vs `<h10`)."""
    return low[at + 1 + len(name):at + 2 + len(name)] in _SPACE_OR_END


def _start_tag(page: bytes, low: bytes, name: bytes, before: int, at: int | None = None) -> bytes:
    """The first start tag `name` of `page` before `before` (or the one at `at`), as written; b"" if none."""
    at = _find_tag(low, name, 0, before) if at is None else at
    if at < 0:
        return b""
    return page[at:low.find(b">", at) + 1]


def write_search_input(site: Path, destination: Path, skip: str | None = None, under: str | None = None) -> int:
    """Write into `destination` every HTML page of `site` that Pagefind indexes, reduced, at the same
    relative path (its search URL); `skip` is a top folder of `site` left out (the search bundle), and
    with `under`, only the pages in that top folder are written (one language's).
    Returns the pages written: 0 when no page has a `data-pagefind-body` element (Pagefind then indexes
    every page whole, so the caller gives it the site itself)."""
    written = 0
    for folder, folders, names in os.walk(site if under is None else os.path.join(site, under)):
        if folder == str(site):
            folders[:] = [name for name in folders if name != skip]
        target = None
        for name in names:
            if not name.endswith(".html"):
                continue
            with open(os.path.join(folder, name), "rb") as stream:
                reduced = reduce(stream.read())
            if reduced is None:
                continue
            if target is None:
                target = os.path.join(destination, os.path.relpath(folder, site))
                os.makedirs(target, exist_ok=True)
            with open(os.path.join(target, name), "wb") as stream:
                stream.write(reduced)
            written += 1
    return written
