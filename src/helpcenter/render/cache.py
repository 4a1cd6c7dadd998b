"""A content-addressed cache kept between builds (in `.cache/`): what rendering produced, by the hash
of everything that rendering read.

An entry is trusted only if it reads back whole: the file parses, names this cache format and the key
it is stored under, and its payload matches its checksum. Anything else (a stale format, another
version's entry, a truncated or edited file) is a miss: the caller renders again and overwrites it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

FORMAT = 1  # bump when the shape of a payload changes


def digest(*parts: object) -> str:
    """A stable SHA-256 of JSON-serialisable parts (sets and other objects by their sorted text)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_stable)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stable(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return repr(value)


class RenderCache:
    """Entries of one kind (e.g. `markdown`) under `folder/<kind>/`, one JSON file per key."""

    def __init__(self, folder: Path, kind: str) -> None:
        self.folder = folder / kind
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            valid = (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key
                     and entry.get("check") == digest(entry.get("payload")))
        except (OSError, ValueError):
            valid = False
        if not valid:
            self.misses += 1
            return None
        self.hits += 1
        return entry["payload"]

    def put(self, key: str, payload: dict) -> None:
        """Store atomically (other processes of the same build may read or write at the same time);
        a cache that cannot be written only makes the next build slower."""
        path = self._path(key)
        entry = {"format": FORMAT, "key": key, "check": digest(payload), "payload": payload}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                # json.dumps encodes in one call of the C encoder; json.dump goes through the Python one.
                stream.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
            os.replace(temporary, path)
        except OSError:
            pass
