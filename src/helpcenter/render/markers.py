"""Find policy markers in a Markdown page: `<!-- support:NAME [ARG ...] -->`.

Markers inside fenced code blocks and inline code spans are left alone, so a page can show the syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterator

from helpcenter.content.markdown import lines_outside_code

MARKER_PREFIX = "support:"
_OPENING = "<!--"
_COMMENT = re.compile(r"<!--\s*support:(?P<body>.*?)-->")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
# A comment that starts like a marker with a misspelt or capitalised prefix: <!-- suport:email -->.
_NEAR_MARKER = re.compile(r"<!--\s*(?P<prefix>[A-Za-z][\w-]*)\s*:(?P<body>(?:(?!-->).)*)(?:-->|$)")
_UNCLOSED = re.compile(r"<!--\s*support:(?P<body>(?:(?!-->).)*)$")


@dataclass(frozen=True)
class Marker:
    name: str
    args: tuple[str, ...]
    line: int  # 1-based line in the page
    start: int  # column span of the whole comment in that line
    end: int
    alone_on_line: bool
    indented: bool  # inside an indented block (admonition, list item)

    @property
    def source(self) -> str:
        return "<!-- support:" + " ".join((self.name, *self.args)) + " -->"


@dataclass(frozen=True)
class MalformedMarker:
    line: int
    text: str
    problem: str = ""  # what is wrong, when more is known than "cannot be parsed"


def find_markers(markdown: str) -> Iterator[Marker | MalformedMarker]:
    """Yield every marker outside code, in order, or a MalformedMarker where one cannot be parsed."""
    for number, line in lines_outside_code(markdown):
        if _OPENING not in line:  # what every expression below starts with: most lines have none
            continue
        yield from _near_misses(number, line)
        for match in _COMMENT.finditer(line):
            if _inside_code_span(line, match.start()):
                continue
            words = match.group("body").split()
            if not words or not _NAME.match(words[0]):
                yield MalformedMarker(number, match.group(0))
                continue
            yield Marker(
                name=words[0],
                args=tuple(words[1:]),
                line=number,
                start=match.start(),
                end=match.end(),
                alone_on_line=line.strip() == match.group(0).strip(),
                indented=line[:1].isspace(),
            )


def _near_misses(number: int, line: str) -> Iterator[MalformedMarker]:
    """Comments meant as markers that would silently render as nothing: a misspelt or capitalised
    `support:` prefix, or a marker without its closing `-->`."""
    for match in _NEAR_MARKER.finditer(line):
        prefix = match.group("prefix")
        if prefix == "support" or _inside_code_span(line, match.start()):
            continue
        if prefix.lower() == "support" or SequenceMatcher(None, prefix.lower(), "support").ratio() >= 0.75:
            written = match.group(0).strip()
            intended = "<!-- support:" + " ".join(match.group("body").split()) + " -->"
            yield MalformedMarker(number, written, f"{written} is not a marker: the prefix must be written "
                                                   f"`support:` exactly; write {intended}")
    unclosed = _UNCLOSED.search(line)
    if unclosed and not _inside_code_span(line, unclosed.start()):
        written = unclosed.group(0).strip()
        yield MalformedMarker(number, written, f"marker {written} is not closed: it hides the rest of the page; "
                                               "end it with --> on the same line")


def _inside_code_span(line: str, position: int) -> bool:
    """True when an odd number of backticks precede `position` on the line (an open code span)."""
    return "`" in line and line.count("`", 0, position) % 2 == 1


def replace_markers(markdown: str, markers: list[Marker], replacement_for) -> str:
    """Return the page with each of `markers` (from find_markers) replaced by `replacement_for(marker)`."""
    lines = markdown.splitlines(keepends=True)
    by_line: dict[int, list[Marker]] = {}
    for marker in markers:
        by_line.setdefault(marker.line, []).append(marker)
    for number, markers_of_line in by_line.items():
        line = lines[number - 1]
        for marker in reversed(markers_of_line):  # right to left keeps earlier columns valid
            text = replacement_for(marker)
            if marker.alone_on_line:
                ending = "\n" if line.endswith("\n") else ""
                # Blank lines around a block keep Markdown from gluing it to a neighbouring paragraph.
                line = "\n" + text.strip("\n") + "\n" + ending
            else:
                line = line[: marker.start] + text + line[marker.end :]
        lines[number - 1] = line
    return "".join(lines)
