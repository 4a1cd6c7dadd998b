"""Compressed text: the brotli and gzip copies of a built site's text files, and the choice of an encoding per request.

`precompress(site)` writes `x.html.br` and `x.html.gz` beside every text file. A web server that knows
such copies (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`) answers `Accept-Encoding: br`
with `x.html.br` and `Content-Encoding: br` without compressing on each request; an S3 bucket stores
each copy with its `Content-Encoding` and a front in front of it picks one (README, "Compressed text").
Every text file gets both copies, small ones too, so such a front can choose by the name alone.
Used by the deploy (the copies), its test server and the live preview (the choice); imports no layer.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
from pathlib import Path

import brotli

# Text worth compressing; images other than SVG, fonts and Pagefind's files are compressed already.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest"})
ENCODINGS = {"br": ".br", "gzip": ".gz"}  # in order of preference


def is_text(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


# The Content-Types servers give those files: what mimetypes guesses, and JavaScript's older name, which
# MkDocs' preview server still sends (RFC 9239 made it text/javascript).
_TEXT_TYPES = frozenset(filter(None, (mimetypes.guess_type(f"x{suffix}")[0] for suffix in TEXT_SUFFIXES))) | {
    "application/javascript"}


def is_text_type(content_type: str) -> bool:
    """An answer worth compressing, by its Content-Type (`text/html; charset=utf-8`)."""
    base = content_type.split(";", 1)[0].strip().lower()
    return base.startswith("text/") or base in _TEXT_TYPES


def compressed(data: bytes, encoding: str) -> bytes:
    """`data` compressed for a Content-Encoding ('br' or 'gzip'); reproducible (no timestamp in gzip)."""
    if encoding == "br":
        return brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    raise ValueError(f"unknown encoding {encoding!r}")


def precompress(site: Path) -> int:
    """Write `x.br` and `x.gz` beside every text file of `site`, and remove the copies whose file is gone;
    returns how many files have copies. A copy carries its file's modification time: one still up to
    date is kept as it is (deploying the same build twice compresses nothing again)."""
    count = 0
    for path in sorted(site.rglob("*")):
        if is_copy(path) and not path.with_suffix("").is_file():
            path.unlink()  # left by an earlier build
        if not path.is_file() or not is_text(path):
            continue
        data, stamp = None, path.stat()
        for encoding, suffix in ENCODINGS.items():
            copy = path.with_name(path.name + suffix)
            if copy.is_file() and copy.stat().st_mtime_ns == stamp.st_mtime_ns:
                continue
            data = path.read_bytes() if data is None else data
            copy.write_bytes(compressed(data, encoding))
            os.utime(copy, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        count += 1
    return count


def is_copy(path: Path) -> bool:
    """A precompressed copy (`x.html.br`), not a file of the site itself."""
    return path.suffix in ENCODINGS.values() and is_text(path.with_suffix(""))


def accepted_encoding(accept_encoding: str | None, available: set[str]) -> str | None:
    """The preferred encoding among `available` that the request accepts (q=0 refuses), or None."""
    accepted = {}
    for item in (accept_encoding or "").split(","):
        name, _, parameters = item.strip().partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                quality = 0.0
        accepted[name.strip().lower()] = quality
    for encoding in ENCODINGS:
        if encoding in available and accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return None
