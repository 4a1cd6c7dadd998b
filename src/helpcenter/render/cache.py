"""A content-addressed cache kept between builds (in `.cache/`): what rendering produced, by the hash
of everything that rendering read.

Entries are kept in packs, one file per pack (a language's pages: `de.pack`), not one file each: a cold
build of 6 × 400 pages created 2,400 entry files and 256 folders, each through a temporary file and a
rename. A pack is a header line (JSON: this format, and each entry's key -> offset, length, SHA-256 and
the page it was made for) followed by the entries' JSON texts. An entry is trusted only if it reads back
whole: the header parses and names this format, and the entry's bytes match their checksum. Anything
else (a stale format, a truncated or edited pack) is a miss: the caller renders again, and the next
flush writes the pack anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Callable

FORMAT = 2  # bump when the shape of a pack or of a payload changes
# Fewer entries added than this, to a pack sixteen times larger, are not written: rewriting a pack of 400
# pages (2.7 MB) after one page was edited took 3-5 ms on a quiet machine and 10-60 ms on a busy one,
# converting that page again when its language is next built whole about as much. At most this many
# pages of a language are then converted again by such a build.
SMALL_ADDITION = 8
CACHE_FOLDER = ".cache"  # next to mkdocs.yml
SWITCH_VARIABLE = "HELPCENTER_CACHE"


def enabled() -> bool:
    """Whether the build caches are on (HELPCENTER_CACHE=off turns them off)."""
    return os.environ.get(SWITCH_VARIABLE, "on").lower() not in ("off", "0", "no")


def digest(*parts: object) -> str:
    """A stable SHA-256 of JSON-serialisable parts (sets and other objects by their sorted text)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_stable)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stable(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return repr(value)


class _Pack:
    """One pack as read from its file (or empty), and what this process added to it."""

    def __init__(self, path: Path) -> None:
        self.path, self.start, self._body = path, 0, None
        self.index: dict[str, list] = {}  # key -> [offset, length, SHA-256, source] in `body`
        self.added: dict[str, tuple[str, str]] = {}  # key -> (JSON text, source), not yet written
        self.used: set[str] = set()  # sources of the entries read or added by this process
        self.latest: dict[str, str] = {}  # source -> key of its entry added last
        try:
            with open(path, "rb") as stream:
                line = stream.readline()
            header = json.loads(line) if line.endswith(b"\n") else None
            if isinstance(header, dict) and header.get("format") == FORMAT and isinstance(header.get("entries"), dict):
                self.index, self.start = header["entries"], len(line)
        except (OSError, ValueError):
            pass

    @property
    def body(self) -> bytes:
        """The entries' texts, read when first needed (a page edited alone misses: its header is enough).
        Written anew since the header was read, they no longer match its checksums: misses."""
        if self._body is None:
            try:
                with open(self.path, "rb") as stream:
                    stream.seek(self.start)
                    self._body = stream.read() if self.index else b""
            except OSError:
                self._body = b""
        return self._body

    def read(self, key: str) -> dict | None:
        if key in self.added:
            return json.loads(self.added[key][0])
        found = _entry(self.index.get(key))
        if found is None:
            return None
        offset, length, sha, source = found
        text = self.body[offset:offset + length]
        try:
            if len(text) != length or hashlib.sha256(text).hexdigest() != sha:
                return None
            payload = json.loads(text)
        except ValueError:  # not what this format writes
            return None
        if not isinstance(payload, dict):
            return None
        self.used.add(source)
        return payload


class RenderCache:
    """Entries of one kind (e.g. `markdown`) under `folder/<kind>/`, in packs (see the module's text)."""

    def __init__(self, folder: Path, kind: str) -> None:
        self.folder = folder / kind
        self.hits = 0
        self.misses = 0
        self._packs: dict[str, _Pack] = {}

    def _pack(self, name: str) -> _Pack:
        if name not in self._packs:
            self._packs[name] = _Pack(self.folder / f"{name}.pack")
        return self._packs[name]

    def get(self, key: str, pack: str = "entries") -> dict | None:
        payload = self._pack(pack).read(key)
        if payload is None:
            self.misses += 1
        else:
            self.hits += 1
        return payload

    def put(self, key: str, payload: dict, pack: str = "entries", source: str = "") -> None:
        """Add an entry made for `source` (e.g. a page's path) to `pack`; written by `flush`."""
        entry = self._pack(pack)
        earlier = entry.latest.get(source)
        if earlier is not None and earlier != key:  # the same page converted again (the preview)
            entry.added.pop(earlier, None)
        # json.dumps encodes in one call of the C encoder; json.dump goes through the Python one.
        entry.added[key] = (json.dumps(payload, ensure_ascii=False, separators=(",", ":")), source)
        entry.latest[source] = key
        entry.used.add(source)

    def flush(self, pack: str = "entries", keep: Callable[[str], bool] = lambda source: True) -> None:
        """Write `pack` with the entries added since it was read, and those it had of the sources
        `keep` accepts but for the sources read or added since (an older entry of a page converted
        again is not kept: a pack holds about one entry per page). Atomic (other processes may read
        it meanwhile; the last one written wins); a cache that cannot be written only makes the next
        build slower. A few entries added to a large pack are not written (SMALL_ADDITION)."""
        entry = self._packs.get(pack)
        if entry is None or not entry.added:
            return
        if len(entry.added) < SMALL_ADDITION and len(entry.added) * 16 < len(entry.index):
            return  # a few pages edited: converting them again costs less than writing the pack again
        index, chunks, offset = {}, [], 0
        for key, found in entry.index.items():
            found = _entry(found)
            if found is None or key in entry.added or found[3] in entry.used or not keep(found[3]):
                continue
            data = entry.body[found[0]:found[0] + found[1]]
            if len(data) == found[1]:  # a truncated pack loses what it lost, not what follows
                chunks.append(data)
                index[key], offset = [offset, *found[1:]], offset + len(data)
        for key, (text, source) in entry.added.items():
            data = text.encode("utf-8")
            chunks.append(data)
            index[key], offset = [offset, len(data), hashlib.sha256(data).hexdigest(), source], offset + len(data)
        header = json.dumps({"format": FORMAT, "entries": index}, ensure_ascii=False, separators=(",", ":"))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(header.encode("utf-8") + b"\n")
                stream.writelines(chunks)
            os.replace(temporary, self.folder / f"{pack}.pack")
        except OSError:
            if "temporary" in locals():
                Path(temporary).unlink(missing_ok=True)
            return
        self._packs.pop(pack)  # read again if asked: it now holds what was added


def _entry(found) -> tuple[int, int, str, str] | None:
    """An entry of a pack's header (offset, length, SHA-256, source), if well formed."""
    if not isinstance(found, list) or len(found) != 4:
        return None
    offset, length, sha, source = found
    if not all(type(number) is int and number >= 0 for number in (offset, length)):
        return None
    return (offset, length, sha, source) if isinstance(sha, str) and isinstance(source, str) else None
