"""Front matter of Markdown pages: the one reader (MkDocs' grammar) and a round-trip writer.

MkDocs (mkdocs.utils.meta.get_data, checked against MkDocs 1.6.1) reads a page's metadata as:
- YAML between a first line `---` and a closing `---` or `...` (trailing spaces allowed); blank lines
  after the closing fence are dropped from the body. A YAML error or a non-mapping is silently ignored
  and the YAML is published as text: here both are errors, and so is a `---` that is never closed.
- otherwise, MultiMarkdown `Key: value` lines at the very top, up to the first blank line.
MkDocs reads files as UTF-8 with an optional byte-order mark (BOM), with universal newlines; so does
`read_text` below. The writer uses ruamel.yaml so that comments and key order survive an edit.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from helpcenter.errors import PolicyError

FENCE = "---"
BOM = "\ufeff"
# As MkDocs: libyaml's loader when PyYAML has it (ten times faster on a site's worth of pages).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENING = re.compile(r"^-{3}[ \t]*\n")
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")


@dataclass(frozen=True)
class Page:
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the body's first line in the file
    has_front_matter: bool = False
    yaml_text: str = ""  # the YAML between the fences, as written


def read_text(path: Path, display: str) -> str:
    """A page's text as MkDocs reads it (UTF-8, BOM dropped); not UTF-8 raises PolicyError with the line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PolicyError(display, line, "", f"this file is not UTF-8 (byte 0x{data[error.start]:02x}); save it "
                          "with the UTF-8 encoding in your editor") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, file_name: str) -> Page:
    """Separate the front matter from the body, as MkDocs does; a mistake raises PolicyError (file:line)."""
    text = text.removeprefix(BOM).replace("\r\n", "\n")
    match = _YAML.match(text)
    if match:
        try:
            meta = _load(match.group(1))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            line_number = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 to count from 1
            raise PolicyError(file_name, line_number, "front matter",
                              f"YAML error: {error.problem}; check the quoting and indentation") from None
        except yaml.YAMLError as error:
            raise PolicyError(file_name, 1, "front matter", f"YAML error: {error}") from None
        if not isinstance(meta, dict):
            raise PolicyError(file_name, 2, "front matter", "expected `key: value` lines between the --- lines")
        rest = text[match.end():]
        body = rest.lstrip("\n")
        body_line = text.count("\n", 0, match.end()) + (len(rest) - len(body)) + 1
        return Page(meta, body, body_line, True, match.group(1))
    if _OPENING.match(text) or text.rstrip(" \t") == FENCE:
        raise PolicyError(file_name, 1, "front matter",
                          "the front matter has no closing --- line; add one after its last `key: value` line")
    return _multimarkdown(text)


def _load(text: str):
    """YAML quickly; a mistake is read again by PyYAML's own loader, whose messages do not depend on
    whether libyaml is installed."""
    try:
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def _multimarkdown(text: str) -> Page:
    """MkDocs' second grammar: `Key: value` lines at the top of the page, up to a blank line."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    key = None
    consumed = 0
    for line in lines:
        if line.strip() == "":
            if meta:
                consumed += 1
            break
        if match := _META.match(line):
            key = match.group("key").lower().strip()
            value = match.group("value").strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
        elif (more := _META_MORE.match(line)) and key:
            meta[key] += " " + more.group("value").strip()
        else:
            break
        consumed += 1
    rest = "\n".join(lines[consumed:]) if meta else text
    body = rest.lstrip("\n")
    return Page(meta, body, consumed + rest.count("\n", 0, len(rest) - len(body)) + 1, False)


def _yaml() -> YAML:
    writer = YAML()  # round-trip: comments, key order and quoting are kept
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.width = 4096
    writer.allow_unicode = True
    return writer


def join(meta: dict, body: str) -> str:
    """A page with `meta` as front matter (none when empty) followed by `body`."""
    if not meta:
        return body
    stream = io.StringIO()
    _yaml().dump(meta, stream)
    return f"{FENCE}\n{stream.getvalue()}{FENCE}\n{body}"


def update(text: str, file_name: str, change: Callable[[CommentedMap], None]) -> str:
    """The page with its front matter changed by `change(mapping)` in place, keeping the YAML's comments
    and key order; a page without front matter gets one. A BOM before the front matter is dropped."""
    page = split(text, file_name)
    meta = (_yaml().load(page.yaml_text) if page.has_front_matter else None) or CommentedMap()
    change(meta)
    return join(meta, page.body if page.has_front_matter or not page.meta else text.removeprefix(BOM))


def key_line(text: str, key: str) -> int:
    """Line of a top-level or nested `key:` in the front matter (1 when not found)."""
    for number, line in enumerate(text.removeprefix(BOM).splitlines(), 1):
        if number > 1 and line.rstrip() in (FENCE, "..."):
            break
        if line.strip().startswith(f"{key}:"):
            return number
    return 1
