"""The lines of a Markdown page that are prose: outside fenced code blocks, where markers and links count."""

from __future__ import annotations

import re
from typing import Iterator

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")


def lines_outside_code(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number from 1, line) for every line outside fenced code blocks, fences excluded.

    A fence closes with the same character, at least as long as the one that opened it.
    """
    lines = markdown.splitlines()
    if "```" not in markdown and "~~~" not in markdown:  # no line can open a fence: most pages
        yield from enumerate(lines, start=1)
        return
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group("fence")[0] == fence[0] and len(fence_match.group("fence")) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group("fence")
            continue
        yield number, line
