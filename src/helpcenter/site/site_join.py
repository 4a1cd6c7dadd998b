"""The languages' builds joined into one site: each other language's folder moved into the default
language's build, the languages' sitemaps joined into one, and a site folder's content replaced by the
joined one. `helpcenter build`, `helpcenter merge` and the preview join their languages this way."""

from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

SITEMAP = "sitemap.xml"
_URLSET = re.compile(r"(?s)(?P<head>.*?<urlset[^>]*>)(?P<body>.*?)(?P<tail>\s*</urlset>\s*)$")


def join_languages(parts: dict[str, Path], default: str, others: list[str]) -> Path:
    """Move every other language's folder into the default language's build; returns that folder."""
    base = parts[default]
    for language in others:
        own = parts[language] / language
        if own.exists():
            shutil.rmtree(base / language, ignore_errors=True)
            os.replace(own, base / language)
    join_sitemaps(base, [parts[language] for language in others], base)
    return base


def replace_content(site_dir: Path, merged: Path) -> None:
    """Make `site_dir` hold what `merged` holds (hidden files stay, as MkDocs keeps them)."""
    site_dir.mkdir(parents=True, exist_ok=True)
    for entry in site_dir.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in merged.iterdir():
        os.replace(entry, site_dir / entry.name)


def join_sitemaps(base: Path, others: list[Path], destination: Path) -> None:
    """Write into `destination` the default language's sitemap.xml (in `base`), followed by the entries
    each other language's build wrote (in `others`), and its compressed copy."""
    sitemap = base / SITEMAP
    if not sitemap.exists():
        return
    whole = _URLSET.match(sitemap.read_text(encoding="utf-8"))
    if whole is None:
        return
    bodies = [whole["body"]]
    for part in others:
        match = _URLSET.match((part / SITEMAP).read_text(encoding="utf-8")) if (part / SITEMAP).exists() else None
        if match:
            bodies.append(match["body"])
    text = whole["head"] + "".join(bodies) + whole["tail"]
    (destination / SITEMAP).write_text(text, encoding="utf-8")
    compressed = base / (SITEMAP + ".gz")
    if compressed.exists():  # same header as MkDocs wrote (file name, build time stamp)
        mtime = int.from_bytes(compressed.read_bytes()[4:8], "little")
        with open(destination / compressed.name, "wb") as stream, \
                gzip.GzipFile(fileobj=stream, filename=str(compressed), mode="wb", mtime=mtime) as archive:
            archive.write(text.encode("utf-8"))
