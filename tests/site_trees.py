"""Built sites compared file by file, ignoring only what differs between two builds of the same sources."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

# Build time stamps are the only bytes allowed to differ between two builds of the same sources (and
# the order in which Pagefind lists the languages in its entry file, which varies from run to run).


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site by relative path, with its build time stamps blanked."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            files[relative] = _without_time_stamps(relative, path.read_bytes())
    return files


def _without_time_stamps(relative: str, content: bytes) -> bytes:
    name = relative.rsplit("/", 1)[-1]
    if name == "build-info.json":
        info = json.loads(content)
        info["built_at"] = "(build time)"
        return json.dumps(info).encode()
    if name == "sitemap.xml.gz":
        return gzip.decompress(content)  # the header holds the build time
    if name == "pagefind-entry.json":
        return json.dumps(json.loads(content), sort_keys=True).encode()
    return content


def assert_same_site(site: Path, expected: dict[str, bytes]) -> None:
    built = tree(site)
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if built[name] != expected[name]] == []
