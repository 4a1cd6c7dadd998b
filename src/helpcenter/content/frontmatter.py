"""YAML front matter of Markdown pages: read it with line numbers, and write it back."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from helpcenter.errors import PolicyError

FENCE = "---"


@dataclass(frozen=True)
class Page:
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the body's first line in the file
    has_front_matter: bool = False


def split(text: str, file_name: str) -> Page:
    """Separate the front matter from the body; bad YAML raises PolicyError with the file's line."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != FENCE:
        return Page({}, text, 1, False)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") == FENCE:
            raw = "".join(lines[1:index])
            try:
                meta = yaml.safe_load(raw) or {}
            except yaml.MarkedYAMLError as error:
                mark = error.problem_mark
                line_number = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 to count from 1
                raise PolicyError(file_name, line_number, "front matter",
                                  f"YAML error: {error.problem}; check the quoting and indentation") from None
            if not isinstance(meta, dict):
                raise PolicyError(file_name, 2, "front matter", "expected `key: value` lines between the --- lines")
            return Page(meta, "".join(lines[index + 1:]), index + 2, True)
    raise PolicyError(file_name, 1, "front matter", "the front matter has no closing --- line")


def join(meta: dict, body: str) -> str:
    """A page with `meta` as front matter (none when empty) followed by `body`."""
    if not meta:
        return body
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"{FENCE}\n{header}{FENCE}\n{body}"


def key_line(text: str, key: str) -> int:
    """Line of a top-level or nested `key:` in the front matter (1 when not found)."""
    for number, line in enumerate(text.splitlines(), 1):
        if number > 1 and line.rstrip() == FENCE:
            break
        if line.strip().startswith(f"{key}:"):
            return number
    return 1
