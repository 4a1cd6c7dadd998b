"""A built site brought up to date file by file: only the files of the languages that changed are replaced.

In a merged site, a language other than the default owns its folder (`de/`); the default language owns
everything else but the other languages' folders and the files made of every language (the search
bundle, the joined sitemap, build-info.json). Hidden entries at the top are MkDocs' to keep, and no one's.
A file is the same when it is the same file (inode): a language's unchanged pages are hard links to its
kept build, as the site's are. Each file is replaced with a rename, so a reader never sees half a file;
the caller makes sure the site is not trusted while the files change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SHARED = ("sitemap.xml", "sitemap.xml.gz", "build-info.json")  # made of every language at the end of a build


@dataclass
class Changes:
    """What makes a site folder hold a new tree's files: (relative path, new file) to put in place, and
    relative paths to remove."""

    put: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def add(self, new: dict[str, int], old: dict[str, int], source: Path) -> list[str]:
        """Add what differs between `new` (relative path -> inode, in `source`) and `old` (relative
        path -> inode, in the site); the relative paths that differ."""
        differ = [relative for relative, inode in new.items() if old.get(relative) != inode]
        self.put += [(relative, os.path.join(source, relative)) for relative in differ]
        gone = [relative for relative in old if relative not in new]
        self.removed += gone
        return differ + gone


def owned_files(tree: Path, language: str, default: str, languages: list[str], bundle: str) -> dict[str, int]:
    """Relative path -> inode of every file of `tree` (a site, or one language's build) that `language` owns."""
    if language != default:
        return _files(tree / language, f"{language}/")
    others = {code for code in languages if code != default} | {bundle, *SHARED}
    found = {}
    with os.scandir(tree) as entries:
        for entry in entries:
            if entry.name in others or entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                found.update(_files(Path(entry.path), f"{entry.name}/"))
            else:
                found[entry.name] = entry.stat(follow_symlinks=False).st_ino
    return found


def tree_files(top: Path, prefix: str = "") -> dict[str, int]:
    """Relative path (after `prefix`) -> inode of every file under `top` (none if it is missing)."""
    return _files(top, prefix)


def apply(site: Path, changes: Changes) -> None:
    """Put every new file in place (moved, each with one rename) and remove the files gone, with the
    folders they leave empty."""
    made = set()
    for relative, path in changes.put:
        folder = os.path.dirname(relative)
        if folder not in made:
            os.makedirs(os.path.join(site, folder), exist_ok=True)
            made.add(folder)
        os.replace(path, os.path.join(site, relative))
    emptied = set()
    for relative in changes.removed:
        os.unlink(os.path.join(site, relative))
        emptied.add(os.path.dirname(relative))
    for folder in sorted(emptied, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(os.path.join(site, folder))
            except OSError:  # not empty
                break
            folder = os.path.dirname(folder)


def _files(top: Path, prefix: str) -> dict[str, int]:
    found = {}
    pending = [(prefix, str(top))]
    while pending:
        at, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{at}{entry.name}/", entry.path))
            else:
                found[at + entry.name] = entry.stat(follow_symlinks=False).st_ino
    return found
