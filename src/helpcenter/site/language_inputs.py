"""What each language's build reads, as one digest per language: equal digests, equal output.

Every language reads the project (mkdocs.yml, support.yml, overrides/, locales/, hooks/), the code that
builds (helpcenter's own files, the libraries' versions), a few environment variables and today's date
in the support team's time zone. Of docs/, a language reads its own files and the files outside the
language folders whole; of the default language, the files it falls back to (missing or pending in its
own folder) whole and the others' front matter; of every other language, the names and front matter
(which translations exist and which are pending: the switcher, hreflang, the sitemap). The checks of a
language's pages (`helpcenter check`: links, anchors, markers...) read its build's inputs and the
default language's pages whole (links fall back to them): they have a digest of their own, so a page
edited in one language checks that language's pages again without building the default language. A
docs/ tree with a symbolic link is not described (None): every language is built.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import helpcenter
from helpcenter.render.cache import digest
from helpcenter.render.tree_store import RACY_SECONDS

INPUT_RECORD = "input-files.json"  # FileRecord's record, in the build cache's folder
PROJECT_FILES = ("mkdocs.yml", "support.yml", "overrides", "locales", "hooks")
VARIABLES = ("HELPCENTER_TODAY", "HELPCENTER_HELPDESK_ENDPOINT", "HELPCENTER_CACHE", "SOURCE_DATE_EPOCH")


def language_digests(root: Path, docs: Path, default: str, languages: list[str], today: str,
                     versions: list[str]) -> dict[str, str] | None:
    """Language -> digest of everything its build reads; None when docs/ cannot be described safely."""
    found = input_digests(root, docs, default, languages, today, versions)
    return None if found is None else found.builds


@dataclass(frozen=True)
class Inputs:
    """What the builds and the checks of one site's languages read."""

    builds: dict[str, str]  # language -> digest of what its build reads
    checks: dict[str, str]  # language -> digest of what the checks of its pages read
    pages: dict[str, tuple[str, dict[str, list[str]]]]  # language -> page_inputs
    sources: str = ""  # digest of the default language's pages (the checks of every language read them)


def read_inputs(root: Path, docs: Path, default: str, languages: list[str], today: str,
                versions: list[str], record: Path | None = None) -> tuple[dict, str] | None:
    """What the digests are made of, as read now: docs/'s files (path -> SHA-256 and front matter) and
    the digest of everything else; None when docs/ cannot be described safely. Two equal readings give
    equal digests (comparing them costs less than the digests). With a `record`, a file that an earlier
    reading saw is not read again while its stat says it did not change (FileRecord)."""
    known = FileRecord(record)
    pages = _docs(docs, known)
    if pages is None:
        return None
    common = digest(versions, _folder_digest(Path(helpcenter.__file__).parent, known),
                    [_folder_digest(root / name, known) for name in PROJECT_FILES],
                    {name: os.environ.get(name) for name in VARIABLES}, today, default)
    known.keep()
    return pages, common


class FileRecord:
    """The SHA-256 and front matter of the files an earlier reading read, kept in `record` (JSON) with the
    stat each had then (size, modification and change times in ns, inode), as git's index keeps them: a
    file is not read again while its stat is the same, unless its modification time was too close to the
    record's writing for a later write to change it (tree_store.RACY_SECONDS: it is read every time). A
    record that does not read back whole, or an entry of another shape, is not trusted."""

    FORMAT = 1

    def __init__(self, record: Path | None) -> None:
        self.record, self.found, self.kept, self.trusted_before = record, {}, {}, -1
        self.started = time.time_ns()
        if record is None:
            return
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            if data["format"] == self.FORMAT and isinstance(data["files"], dict):
                self.kept, self.trusted_before = data["files"], int(data["written"]) - RACY_SECONDS * 10**9
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def read(self, path: str, stat: os.stat_result, front: bool) -> tuple[str, bytes]:
        """The SHA-256 of the file at `path` and (if `front`) its front matter, `stat` being its stat now."""
        now = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        kept = self.kept.get(path)
        if (isinstance(kept, list) and len(kept) == 6 and kept[:4] == now and now[1] < self.trusted_before
                and isinstance(kept[4], str) and isinstance(kept[5], str) and (front or not kept[5])):
            self.found[path] = kept
            return kept[4], kept[5].encode("latin-1")
        with open(path, "rb") as stream:
            content = stream.read()
        matter = _front_matter(content) if front else b""
        self.found[path] = [*now, hashlib.sha256(content).hexdigest(), matter.decode("latin-1")]
        return self.found[path][4], matter

    def keep(self) -> None:
        """Write what this reading found, if it differs from the record (a failure only costs time)."""
        if self.record is None or self.found == self.kept:
            return
        try:
            self.record.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.record.with_name(f".{self.record.name}.new")
            temporary.write_text(json.dumps({"format": self.FORMAT, "written": self.started, "files": self.found}),
                                 encoding="utf-8")
            os.replace(temporary, self.record)
        except OSError:
            pass


def input_digests(root: Path, docs: Path, default: str, languages: list[str], today: str,
                  versions: list[str], read: tuple[dict, str] | None = None) -> Inputs | None:
    """The digests of what each language's build and the checks of its pages (its build's inputs and
    the default language's pages whole) read (`read`: read_inputs, read now if not given); None when
    docs/ cannot be described safely."""
    found = read or read_inputs(root, docs, default, languages, today, versions)
    if found is None:
        return None
    pages, common = found
    digests, mine = {}, {}
    for language in languages:
        read, mine[language] = {}, {}
        for path, (whole, front) in pages.items():
            owner, _, rest = path.partition("/")
            own = pages.get(f"{language}/{rest}")
            if owner == language:
                read[path] = whole
                mine[language][path] = [whole, hashlib.sha256(front).hexdigest()]
            elif owner not in languages:
                read[path] = whole
            elif owner == default and (own is None or b"pending" in own[1]):
                read[path] = whole  # a fallback, or the source of a pending translation
            else:
                read[path] = front
        digests[language] = digest(common, language, read)
        others = digest(common, language, {path: found for path, found in read.items() if path not in mine[language]})
        mine[language] = (others, mine[language])
    sources = {path: whole for path, (whole, _) in pages.items() if path.startswith(f"{default}/")}
    checks = {language: digest(digests[language], "checks", sources) for language in languages}
    return Inputs(digests, checks, mine, digest(sources))


def pages_edited(before, after) -> list[str] | None:
    """The pages of a language whose text changed but not their front matter, when nothing else its
    build reads changed (`before`, `after`: `Inputs.pages[language]` of two builds); else None."""
    try:
        (others, own), (others_now, own_now) = before, after
        if others != others_now or set(own) != set(own_now):
            return None
        edited = [path for path in own_now if own[path] != own_now[path]]
        if not edited or any(not path.endswith(".md") or own[path][1] != own_now[path][1] for path in edited):
            return None
        return edited
    except (TypeError, ValueError, KeyError):  # not what this version keeps
        return None


def _docs(docs: Path, known: FileRecord) -> dict[str, tuple[str, bytes]] | None:
    """Path under docs/ -> (SHA-256 of the file, its front matter); None if a symbolic link is found."""
    found = {}
    pending = [("", str(docs))]
    while pending:  # plain strings and scandir: this runs before every build, over every page
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return None
                if entry.is_dir():
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                    continue
                found[prefix + entry.name] = known.read(entry.path, entry.stat(), entry.name.endswith(".md"))
    return found


def _front_matter(content: bytes) -> bytes:
    """The YAML block at the top of a page (from its first `---` line to the next), or b''."""
    text = content.removeprefix(b"\xef\xbb\xbf")
    if not text.startswith(b"---"):
        return b""
    end = text.find(b"\n---", 3)
    return text if end < 0 else text[:end + 4]


def _folder_digest(top: Path, known: FileRecord) -> str:
    """SHA-256 over the names and SHA-256s of every file under `top` (or of `top` itself)."""
    if top.is_file():
        return known.read(str(top), top.stat(), False)[0]
    paths = []
    for folder, folders, names in os.walk(top):
        folders[:] = [name for name in folders if name != "__pycache__"]
        paths += [os.path.join(folder, name) for name in names]
    whole = hashlib.sha256()
    for path in sorted(paths):
        sha = known.read(path, os.stat(path), False)[0]
        whole.update(Path(path).relative_to(top).as_posix().encode() + b"\0" + sha.encode() + b"\0")
    return whole.hexdigest()
