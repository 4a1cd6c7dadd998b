"""Precompressed copies of a built site's text files (gzip and brotli), and choosing one for a request.

A web server that knows them (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`) answers
`Accept-Encoding: br` with `page.html.br` and `Content-Encoding: br` without compressing on each request;
targets without content negotiation (an S3 bucket) store the gzip body with `Content-Encoding: gzip`.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

# Text worth compressing; images other than SVG and fonts are compressed already.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest"})
ENCODINGS = {"br": ".br", "gzip": ".gz"}  # in order of preference
MIN_SIZE = 256  # bytes: below this the headers cost more than compression saves


def is_text(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


def compressed(data: bytes, encoding: str) -> bytes:
    """`data` compressed for a Content-Encoding ('br' or 'gzip'); reproducible (no timestamp in gzip)."""
    if encoding == "br":
        return brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    raise ValueError(f"unknown encoding {encoding!r}")


def precompress(site: Path) -> int:
    """Write `x.br` and `x.gz` beside every text file of `site` worth compressing; returns how many
    files got copies. Run it again after a change: copies are rewritten from their file."""
    count = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or not is_text(path):
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        for encoding, suffix in ENCODINGS.items():
            body = compressed(data, encoding)
            if len(body) < len(data):
                path.with_name(path.name + suffix).write_bytes(body)
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
