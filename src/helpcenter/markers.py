"""Find policy markers in a Markdown page: `<!-- support:NAME [ARG ...] -->`.

Markers inside fenced code blocks and inline code spans are left alone, so a page can show the syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

MARKER_PREFIX = "support:"
_COMMENT = re.compile(r"<!--\s*support:(?P<body>.*?)-->")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")


@dataclass(frozen=True)
class Marker:
    name: str
    args: tuple[str, ...]
    line: int  # 1-based line in the page
    start: int  # column span of the whole comment in that line
    end: int
    alone_on_line: bool
    indent: str  # leading white space of the line

    @property
    def source(self) -> str:
        return "<!-- support:" + " ".join((self.name, *self.args)) + " -->"


@dataclass(frozen=True)
class MalformedMarker:
    line: int
    text: str


def find_markers(markdown: str) -> Iterator[Marker | MalformedMarker]:
    """Yield every marker outside code, in order, or a MalformedMarker where one cannot be parsed."""
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group("fence")[0] == fence[0] and len(fence_match.group("fence")) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group("fence")
            continue
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
                indent=line[: len(line) - len(line.lstrip())],
            )


def _inside_code_span(line: str, position: int) -> bool:
    """True when an odd number of backticks precede `position` on the line (an open code span)."""
    return line.count("`", 0, position) % 2 == 1


def replace_markers(markdown: str, replacement_for) -> str:
    """Return the page with each marker replaced by `replacement_for(marker)`.

    A block marker's replacement is indented like the marker, so it also works inside an admonition.
    """
    lines = markdown.splitlines(keepends=True)
    by_line: dict[int, list[Marker]] = {}
    for marker in find_markers(markdown):
        if isinstance(marker, Marker):
            by_line.setdefault(marker.line, []).append(marker)
    for number, markers in by_line.items():
        line = lines[number - 1]
        for marker in reversed(markers):  # right to left keeps earlier columns valid
            text = replacement_for(marker)
            if marker.alone_on_line:
                ending = "\n" if line.endswith("\n") else ""
                body = "\n".join(marker.indent + part if part.strip() else "" for part in text.strip("\n").split("\n"))
                # Blank lines around a block keep Markdown from gluing it to a neighbouring paragraph.
                line = "\n" + body + "\n" + ending
            else:
                line = line[: marker.start] + text + line[marker.end :]
        lines[number - 1] = line
    return "".join(lines)
