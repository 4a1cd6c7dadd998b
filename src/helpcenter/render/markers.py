"""Find policy markers in a Markdown page: `<!-- support:NAME [ARG ...] -->`.

Markers inside fenced code blocks and inline code spans are left alone, so a page can show the syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from helpcenter.content.markdown import lines_outside_code

MARKER_PREFIX = "support:"
_COMMENT = re.compile(r"<!--\s*support:(?P<body>.*?)-->")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


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


def find_markers(markdown: str) -> Iterator[Marker | MalformedMarker]:
    """Yield every marker outside code, in order, or a MalformedMarker where one cannot be parsed."""
    for number, line in lines_outside_code(markdown):
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
