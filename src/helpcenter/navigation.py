"""Navigation titles: a section is named after the title of its index page, in each language."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
_TAG = re.compile(r"<[^>]+>")


def first_heading(markdown: str) -> str | None:
    """The text of the page's first level-1 heading, outside front matter and code."""
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":  # skip YAML front matter
        end = next((index for index, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1:]
    in_code = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        elif not in_code and (match := _HEADING.match(line)):
            return match.group("title")
    return None


def plain_text(html: str) -> str:
    """A rendered heading without tags (markers may render links)."""
    return " ".join(_TAG.sub("", html).split())
