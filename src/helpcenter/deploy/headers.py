"""The HTTP headers a file of the built site is served with: type, encoding of a precompressed copy, caching.

One place for what the S3 target stores as object metadata and what the test and benchmark server
(`helpcenter.deploy.static_server`) sends, so both serve a file the same way.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from helpcenter.compression import ENCODINGS, is_copy

_EXTRA_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".webmanifest": "application/manifest+json",
                ".js": "text/javascript", ".mjs": "text/javascript", ".map": "application/json"}
# `bundle.a5f9d56c.min.js`, `de_32a295f.pf_fragment`: the name changes whenever the content does.
_FINGERPRINTED = re.compile(r"[._][0-9a-f]{7,}\.")
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages, the search index's entry, helpcenter.js...: the same name in every release, so a browser or a
# CDN asks again each time (a 304 answer when unchanged) and a deploy shows at once.
REVALIDATE = "no-cache"


def content_type(path: Path) -> str:
    """The Content-Type a browser needs for a file of the site (S3 stores what it is given)."""
    if path.suffix in _EXTRA_TYPES:
        kind, encoding = _EXTRA_TYPES[path.suffix], None
    else:
        kind, encoding = mimetypes.guess_type(path.name)
    if encoding == "gzip":  # an archive offered for download is served as the compressed file it is
        return "application/gzip"
    if encoding or not kind:
        return "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "application/xml", "image/svg+xml",
                                            "application/manifest+json"):
        return f"{kind}; charset=utf-8"
    return kind


def cache_control(path: Path) -> str:
    return IMMUTABLE if _FINGERPRINTED.search(path.name) else REVALIDATE


def file_headers(path: Path) -> dict[str, str]:
    """Content-Type, Cache-Control and, for a precompressed copy (`x.html.br`), Content-Encoding: a copy
    is served as its file (`x.html`'s type and caching), in its encoding."""
    if not is_copy(path):
        return {"Content-Type": content_type(path), "Cache-Control": cache_control(path)}
    original = path.with_suffix("")
    encoding = next(name for name, suffix in ENCODINGS.items() if suffix == path.suffix)
    return {"Content-Type": content_type(original), "Cache-Control": cache_control(original),
            "Content-Encoding": encoding}
