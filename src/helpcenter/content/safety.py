"""Writers cannot put scripts into the site: raw <script>, event-handler attributes and javascript: URLs."""

from __future__ import annotations

import re
from typing import Iterator

from helpcenter.content.markdown import lines_outside_code

_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][^<>]*>?", re.DOTALL)
_HANDLER = re.compile(r"[\s\"'/](?P<name>on[a-z]+)\s*=", re.IGNORECASE)
# Browsers ignore spaces and tabs inside the scheme: "java script:" is still a script.
_JAVASCRIPT_URL = re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE)
_CODE_SPAN = re.compile(r"`[^`\n]*`")

SCRIPT = "<script> is not allowed in a page: it would run in every reader's browser; remove it"
JAVASCRIPT = ("a javascript: URL is not allowed in a page: it runs a script when clicked; link to a page "
              "or to an https:// address")


def handler(name: str) -> str:
    return (f"the attribute {name.lower()}= is not allowed in a page: it runs a script in readers' browsers; "
            "remove it")


def prose(markdown: str) -> str:
    """The page with fenced code blocks and inline code blanked out, line numbers kept."""
    lines = [""] * len(markdown.splitlines())
    for number, line in lines_outside_code(markdown):
        lines[number - 1] = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line)
    return "\n".join(lines)


def script_problems(markdown: str) -> Iterator[tuple[int, str]]:
    """(line from 1, message) for every script a Markdown body would put into the page."""
    text = prose(markdown)
    found: list[tuple[int, str]] = []
    for match in _SCRIPT.finditer(text):
        found.append((text.count("\n", 0, match.start()) + 1, SCRIPT))
    for tag in _TAG.finditer(text):
        for attribute in _HANDLER.finditer(tag.group(0)):
            position = tag.start() + attribute.start("name")
            found.append((text.count("\n", 0, position) + 1, handler(attribute.group("name"))))
    for match in _JAVASCRIPT_URL.finditer(text):
        found.append((text.count("\n", 0, match.start()) + 1, JAVASCRIPT))
    yield from sorted(set(found))


def value_problems(value: str) -> list[str]:
    """The same rules for one front-matter value (a title, a description), which ends up in HTML."""
    messages = []
    if _SCRIPT.search(value):
        messages.append(SCRIPT)
    for tag in _TAG.finditer(value):
        messages.extend(handler(attribute.group("name")) for attribute in _HANDLER.finditer(tag.group(0)))
    if _JAVASCRIPT_URL.search(value):
        messages.append(JAVASCRIPT)
    return messages
