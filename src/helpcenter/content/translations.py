"""Translation status of every page: up to date, stale, missing or pending.

Each translation records in its front matter the hash of the default-language page it was translated
from (`translation.source`). When the source changes, the hash no longer matches: the translation is
stale. This works in a shallow CI clone: no git history is needed.

    ---
    translation:
      source: 3f2a9c0b1d2e4f56   # hash of docs/fr/<same path> when this translation was made
      status: pending            # only while the page is not translated yet
    ---
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from helpcenter.content import frontmatter
from helpcenter.errors import PolicyError

UP_TO_DATE, STALE, MISSING, PENDING = "up to date", "stale", "missing", "pending"
BROKEN = "broken"  # the translation's front matter cannot be read (`helpcenter check` says why)


def is_pending(meta: dict) -> bool:
    """A translation page's front matter says it is not translated yet."""
    info = meta.get("translation")
    return isinstance(info, dict) and info.get("status") == PENDING


def source_hash(text: str, file_name: str = "") -> str:
    """Hash of a source page's body (its front matter does not count), line endings normalised."""
    body = frontmatter.split(text, file_name).body.replace("\r\n", "\n").strip()
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class TranslationState:
    page: str  # path inside a language folder: guide/getting-started.md
    language: str
    status: str
    line: int = 1  # where to look in the translation (its translation.source line)
    detail: str = ""


def pages_of(docs_dir: Path, language: str) -> list[str]:
    folder = docs_dir / language
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.md"))


def translation_state(docs_dir: Path, page: str, default: str, language: str) -> TranslationState:
    source = docs_dir / default / page
    translation = docs_dir / language / page
    if not translation.exists():
        return TranslationState(page, language, MISSING)
    name = f"{docs_dir.name}/{language}/{page}"
    try:
        text = frontmatter.read_text(translation, name)
        info = frontmatter.split(text, name).meta.get("translation") or {}
    except PolicyError:
        return TranslationState(page, language, BROKEN)
    if not isinstance(info, dict):
        return TranslationState(page, language, BROKEN)
    line = frontmatter.key_line(text, "source")
    if is_pending({"translation": info}):
        return TranslationState(page, language, PENDING, line)
    if not source.exists():
        return TranslationState(page, language, UP_TO_DATE, line, "no source page in the default language")
    try:
        source_name = f"{docs_dir.name}/{default}/{page}"
        expected = source_hash(frontmatter.read_text(source, source_name), source_name)
    except PolicyError:
        return TranslationState(page, language, BROKEN, line, "its source's front matter cannot be read")
    recorded = info.get("source")
    if recorded != expected:
        why = "records no source hash" if not recorded else "was made from an older version of the source"
        return TranslationState(page, language, STALE, line, why)
    return TranslationState(page, language, UP_TO_DATE, line)


def translation_matrix(docs_dir: Path, languages: tuple[str, ...]) -> dict[str, dict[str, TranslationState]]:
    """page -> language -> state, for every page of the default language (the first)."""
    default, others = languages[0], languages[1:]
    return {page: {language: translation_state(docs_dir, page, default, language) for language in others}
            for page in pages_of(docs_dir, default)}


def mark_translated(docs_dir: Path, page: str, default: str, language: str) -> Path:
    """Record that the translation now follows the current source (and is no longer pending).

    Only `translation:` changes: the rest of the front matter keeps its comments and order."""
    source = docs_dir / default / page
    translation = docs_dir / language / page
    name = f"{docs_dir.name}/{language}/{page}"
    source_name = f"{docs_dir.name}/{default}/{page}"
    fingerprint = source_hash(frontmatter.read_text(source, source_name), source_name)

    def record(meta) -> None:
        if not isinstance(meta.get("translation"), dict):
            meta["translation"] = {}
        meta["translation"].pop("status", None)
        meta["translation"]["source"] = fingerprint

    text = frontmatter.read_text(translation, name)
    translation.write_text(frontmatter.update(text, name, record), encoding="utf-8")
    return translation
