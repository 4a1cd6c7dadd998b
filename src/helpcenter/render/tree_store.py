"""Whole output folders kept between builds (in `.cache/`), each under the key of what it was made from.

A folder is kept as hard links (no copy) with a manifest of each file's size and SHA-256, and given back
only if the manifest names the key asked for and every file still holds what was written: a folder
edited by hand (a hard link shares its file with the site), truncated, or from another version of the
cache is a miss, and the caller builds again.

Reading every file back to hash it costs more than the rest of an unchanged build, so a file is trusted
without reading it when it is still the same file (inode), of the same size, with the modification time
it had when the manifest was written, as git trusts its index. Any write to a file, through any of its
links, sets its modification time to the time of that write, so an edit made after the manifest shows;
a file modified too close to the manifest's writing for its time to tell (the file system's clock ticks
coarsely: RACY_SECONDS) is read and hashed every time, as is any file whose stat differs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

FORMAT = 2  # bump when the manifest's shape changes
MANIFEST = "manifest.json"
TREE = "tree"
RACY_SECONDS = 2  # coarser than any file system's time stamps (ext4: a clock tick; FAT: 2 s)


class TreeStore:
    """Folders of one kind (e.g. `languages`) under `folder/<kind>/<name>/`."""

    def __init__(self, folder: Path, kind: str) -> None:
        self.folder = folder / kind

    def restore(self, name: str, key: str | None, destination: Path) -> bool:
        """Hard-link the folder kept for `name` into `destination` if it was made from `key` (any key:
        None) and is whole."""
        place = self.folder / name
        manifest = read_manifest(place / MANIFEST, key)
        if manifest is None or not unchanged(place / TREE, manifest):
            return False
        try:
            link_tree(place / TREE, destination, manifest["files"])
        except OSError:
            shutil.rmtree(destination, ignore_errors=True)
            return False
        return True

    def kept_files(self, name: str) -> dict[str, list] | None:
        """Relative path -> [size, SHA-256] of what is kept for `name`, as its manifest says (or None)."""
        manifest = read_manifest(self.folder / name / MANIFEST, None)
        return None if manifest is None else {path: found[:2] for path, found in manifest["files"].items()}

    def kept(self, name: str) -> tuple[Path, dict] | None:
        """The folder kept for `name` and its manifest (any key; check it with `unchanged` before use)."""
        manifest = read_manifest(self.folder / name / MANIFEST, None)
        return None if manifest is None else (self.folder / name / TREE, manifest)

    def keep(self, name: str, key: str, source: Path, notes: dict | None = None) -> dict[str, list] | None:
        """Keep `source` (as hard links) for `name`, made from `key`, with the caller's `notes` in its
        manifest, and return its files as kept_files does; a store that cannot be written (None) only
        makes the next build slower."""
        return self.keep_written(name, key, lambda tree: shutil.copytree(source, tree, copy_function=os.link), notes)

    def keep_written(self, name: str, key: str, write, notes: dict | None = None) -> dict[str, list] | None:
        """Keep for `name`, made from `key`, the folder that `write(folder)` writes (a folder it makes),
        as keep does."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fresh = Path(tempfile.mkdtemp(dir=self.folder, prefix=f".{name}-"))
            write(fresh / TREE)
            manifest = {**describe(fresh / TREE, key), "notes": notes}
            (fresh / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            replace_folder(fresh, self.folder / name)
            return {path: found[:2] for path, found in manifest["files"].items()}
        except OSError:
            shutil.rmtree(locals().get("fresh", self.folder / ".none"), ignore_errors=True)
            return None

    def adopt(self, name: str, key: str, prepared: Path) -> bool:
        """Keep for `name`, made from `key`, the folder `prepared` (moved in): its `tree/` and the manifest
        describe wrote of it (under any key) when it was written. False (nothing kept) if it has none."""
        try:
            manifest = read_manifest(prepared / MANIFEST, None)
            if manifest is None:
                return False
            (prepared / MANIFEST).write_text(json.dumps({**manifest, "key": key}), encoding="utf-8")
            self.folder.mkdir(parents=True, exist_ok=True)
            replace_folder(prepared, self.folder / name)
            return True
        except OSError:
            return False

    def update(self, name: str, key: str, put: list[tuple[str, str]], removed: list[str],
               notes: dict | None = None) -> bool:
        """Bring the folder kept for `name` to `key` in place: each (relative path, file) of `put`
        hard-linked in, the relative paths `removed` gone, the other files' manifest entries carried
        over. Without a manifest while its files change; on failure, nothing is kept for `name`."""
        place = self.folder / name
        manifest = read_manifest(place / MANIFEST, None)
        if manifest is None:
            return False
        tree, files = place / TREE, manifest["files"]
        try:
            (place / MANIFEST).unlink()
            for relative in removed:
                (tree / relative).unlink(missing_ok=True)
                files.pop(relative, None)
            incoming = place / ".incoming"
            for relative, path in put:
                (tree / relative).parent.mkdir(parents=True, exist_ok=True)
                incoming.unlink(missing_ok=True)
                os.link(path, incoming)
                os.replace(incoming, tree / relative)
            # Entries too recent for their time to tell when they were written are read again, as
            # describe does.
            racy = manifest["written"] - RACY_SECONDS * 10**9
            again = {relative for relative, _ in put}
            again.update(relative for relative, found in files.items()
                         if not isinstance(found, list) or len(found) != 4 or not found[3] < racy)
            written = time.time_ns()
            for relative in again:
                stat = os.stat(tree / relative)
                files[relative] = [stat.st_size, file_sha256(tree / relative), stat.st_ino, stat.st_mtime_ns]
            text = json.dumps({"format": FORMAT, "key": key, "written": written, "files": files, "notes": notes})
            (place / f".{MANIFEST}.new").write_text(text, encoding="utf-8")
            os.replace(place / f".{MANIFEST}.new", place / MANIFEST)
            return True
        except (OSError, TypeError, ValueError):
            shutil.rmtree(place, ignore_errors=True)
            return False

    def forget(self, name: str) -> None:
        (self.folder / name / MANIFEST).unlink(missing_ok=True)

    def rename(self, name: str, new: str) -> dict[str, list] | None:
        """Keep for `new` what is kept for `name` (then nothing is); its files as kept_files says."""
        try:
            replace_folder(self.folder / name, self.folder / new)
        except OSError:
            return None
        return self.kept_files(new)

    def drop(self, name: str) -> None:
        shutil.rmtree(self.folder / name, ignore_errors=True)


def describe(tree: Path, key: str, hashed: bool = True, skip=lambda relative: False) -> dict:
    """The manifest of `tree` made from `key`: relative path -> [size, SHA-256, inode, modification time
    in ns]. Without `hashed`, only the files too recent for their time to tell are read and hashed
    (the others get None): enough to check the tree later with `unchanged`, not to compare contents."""
    written = time.time_ns()
    files = {}
    for relative, path, stat in _walk(tree, skip):
        racy = stat.st_mtime_ns >= written - RACY_SECONDS * 10**9
        sha = file_sha256(path) if hashed or racy else None
        files[relative] = [stat.st_size, sha, stat.st_ino, stat.st_mtime_ns]
    return {"format": FORMAT, "key": key, "written": written, "files": files}


def describe_changes(tree: Path, manifest: dict, put: list[str], removed: list[str],
                     skip=lambda relative: False) -> dict:
    """`manifest` (describe's, without hashes), of `tree` before the files `put` (relative paths) were
    written and those `removed` gone, brought up to date as describe would make it, without walking
    `tree`: its other entries are trusted as `unchanged` found them."""
    written, files = time.time_ns(), dict(manifest["files"])
    for relative in removed:
        files.pop(relative, None)
    for relative in put:
        if skip(relative):
            continue
        path = os.path.join(tree, relative)
        stat = os.stat(path, follow_symlinks=False)
        racy = stat.st_mtime_ns >= written - RACY_SECONDS * 10**9
        files[relative] = [stat.st_size, file_sha256(path) if racy else None, stat.st_ino, stat.st_mtime_ns]
    return {"format": FORMAT, "written": written, "files": files}


def read_manifest(path: Path, key: str | None) -> dict | None:
    """The manifest written at `path` if it is of this format and made from `key` (any key: None)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return None
        if key is not None and manifest.get("key") != key:
            return None
        if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("written"), int):
            return None
        return manifest
    except (OSError, ValueError):
        return None


def unchanged(tree: Path, manifest: dict, skip=lambda relative: False) -> bool:
    """Whether `tree` holds exactly the files `manifest` lists, each as it was (see the module's text)."""
    files, trusted_before = manifest["files"], manifest["written"] - RACY_SECONDS * 10**9
    seen = 0
    try:
        for relative, path, stat in _walk(tree, skip):
            found = files.get(relative)
            if not isinstance(found, list) or len(found) != 4 or found[0] != stat.st_size:
                return False
            seen += 1
            if found[2] == stat.st_ino and found[3] == stat.st_mtime_ns and stat.st_mtime_ns < trusted_before:
                continue
            if found[1] is None or file_sha256(path) != found[1]:
                return False
    except (OSError, TypeError):
        return False
    return seen == len(files)


def link_tree(source: Path, destination: Path, files) -> None:
    """Hard-link the files named `files` (relative paths) of `source` into `destination`."""
    made = set()
    for relative in files:
        folder = os.path.dirname(relative)
        if folder not in made:
            os.makedirs(os.path.join(destination, folder), exist_ok=True)
            made.add(folder)
        os.link(os.path.join(source, relative), os.path.join(destination, relative))


def replace_folder(fresh: Path, place: Path) -> None:
    """Put the folder `fresh` where `place` is, the previous one gone (moved aside first: a folder
    cannot be renamed over another)."""
    old = place.with_name(f".{place.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if place.exists():
        os.replace(place, old)
    os.replace(fresh, place)
    shutil.rmtree(old, ignore_errors=True)


def _walk(tree: Path, skip):
    """(relative path, path, stat) of every file under `tree`, but those `skip(relative)` names (a
    skipped folder is not entered)."""
    pending = [("", str(tree))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if skip(relative):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((relative + "/", entry.path))
                else:
                    yield relative, entry.path, entry.stat(follow_symlinks=False)


def file_sha256(path: str) -> str:
    with open(path, "rb") as stream:
        return hashlib.sha256(stream.read()).hexdigest()
