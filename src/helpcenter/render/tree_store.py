"""Whole output folders kept between builds (in `.cache/`), each under the key of what it was made from.

A folder is kept as hard links (no copy) with a manifest of each file's size and SHA-256, and given back
only if the manifest names the key asked for and every file still reads back as it was written: a
folder edited by hand (a hard link shares its file with the site), truncated, or from another version
of the cache is a miss, and the caller builds again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

FORMAT = 1  # bump when the manifest's shape changes
MANIFEST = "manifest.json"
TREE = "tree"


class TreeStore:
    """Folders of one kind (e.g. `languages`) under `folder/<kind>/<name>/`."""

    def __init__(self, folder: Path, kind: str) -> None:
        self.folder = folder / kind

    def restore(self, name: str, key: str | None, destination: Path) -> bool:
        """Hard-link the folder kept for `name` into `destination` if it was made from `key` (any key:
        None) and is whole."""
        place = self.folder / name
        try:
            manifest = json.loads((place / MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT or key is not None and manifest.get("key") != key:
                return False
            files = manifest["files"]
            if _files(place / TREE) != files:
                return False
        except (OSError, ValueError, KeyError, TypeError):
            return False
        try:
            shutil.copytree(place / TREE, destination, copy_function=os.link, dirs_exist_ok=True)
        except OSError:
            shutil.rmtree(destination, ignore_errors=True)
            return False
        return True

    def kept_files(self, name: str) -> dict[str, list] | None:
        """Relative path -> [size, SHA-256] of what is kept for `name`, as its manifest says (or None)."""
        try:
            manifest = json.loads((self.folder / name / MANIFEST).read_text(encoding="utf-8"))
            return manifest["files"] if manifest.get("format") == FORMAT else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def keep(self, name: str, key: str, source: Path) -> dict[str, list] | None:
        """Keep `source` (as hard links) for `name`, made from `key`, and return its files as kept_files
        does; a store that cannot be written (None) only makes the next build slower."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fresh = Path(tempfile.mkdtemp(dir=self.folder, prefix=f".{name}-"))
            shutil.copytree(source, fresh / TREE, copy_function=os.link)
            manifest = {"format": FORMAT, "key": key, "files": _files(fresh / TREE)}
            (fresh / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            replace_folder(fresh, self.folder / name)
            return manifest["files"]
        except OSError:
            shutil.rmtree(locals().get("fresh", self.folder / ".none"), ignore_errors=True)
            return None


def replace_folder(fresh: Path, place: Path) -> None:
    """Put the folder `fresh` where `place` is, the previous one gone (moved aside first: a folder
    cannot be renamed over another)."""
    old = place.with_name(f".{place.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if place.exists():
        os.replace(place, old)
    os.replace(fresh, place)
    shutil.rmtree(old, ignore_errors=True)


def _files(tree: Path) -> dict[str, list]:
    """Relative path -> [size, SHA-256] of every file under `tree`."""
    found = {}
    for folder, _, names in os.walk(tree):
        for name in names:
            path = Path(folder) / name
            content = path.read_bytes()
            found[path.relative_to(tree).as_posix()] = [len(content), hashlib.sha256(content).hexdigest()]
    return found
