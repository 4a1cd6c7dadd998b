"""Navigation titles: a section is named after the title of its index page, in each language."""

from __future__ import annotations

import re

from helpcenter.content.markdown import lines_outside_code

_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
_TAG = re.compile(r"<[^>]+>")


def first_heading(markdown: str) -> str | None:
    """The text of the first level-1 heading of a page's body (front matter removed), outside code."""
    for _, line in lines_outside_code(markdown):
        if match := _HEADING.match(line):
            return match.group("title")
    return None


def plain_text(html: str) -> str:
    """A rendered heading without tags (markers may render links)."""
    return " ".join(_TAG.sub("", html).split())
