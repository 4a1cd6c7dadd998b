"""A search bundle brought up to date language by language: the languages whose pages changed are indexed
alone, and their files replace theirs in the previous bundle.

Pagefind keeps one index per language, and names every file of a language after it (`pagefind.de_….pf_meta`,
`wasm.de.pagefind`, `fragment/de_…`, `index/de_…`); `pagefind-entry.json` lists each language's hash and
page count. Anything else (a file of a language not listed, a shared file that differs) is not merged:
the caller indexes the whole site instead.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

ENTRY = "pagefind-entry.json"


def stage_languages(site: Path, stage: Path, languages: list[str], default: str, every: list[str],
                    bundle: str) -> None:
    """Hard-link into `stage` the pages of `languages` from `site` (the default language lives at the
    root, beside the other languages' folders and the search bundle)."""
    others = {code for code in every if code != default}
    for language in languages:
        if language == default:
            shutil.copytree(site, stage, copy_function=os.link, dirs_exist_ok=True, ignore=lambda folder, names:
                            [name for name in names if Path(folder) == site and (name in others or name == bundle)])
        elif (site / language).is_dir():
            shutil.copytree(site / language, stage / language, copy_function=os.link, dirs_exist_ok=True)


def _language_of(relative: str, languages: set[str]) -> str | None:
    """The language a bundle file belongs to, or None for a shared file (loader, UI, entry)."""
    name = relative.rsplit("/", 1)[-1]
    if "/" in relative:  # fragment/de_….pf_fragment, index/de_….pf_index, filter/…
        return name.split("_", 1)[0]
    if name.startswith("pagefind.") and name.endswith(".pf_meta"):
        return name[len("pagefind."):].split("_", 1)[0]
    if name.startswith("wasm.") and name.endswith(".pagefind"):
        found = name[len("wasm."):-len(".pagefind")]
        return found if found in languages else None  # wasm.unknown.pagefind is shared
    return None


def _files(bundle: Path) -> list[str]:
    found = []
    for folder, _, names in os.walk(bundle):  # plain strings: a bundle holds a file per page
        prefix = os.path.relpath(folder, bundle).replace(os.sep, "/")
        found += [name if prefix == "." else f"{prefix}/{name}" for name in names]
    return sorted(found)


def merge_languages(bundle: Path, partial: Path, languages: list[str], move: bool = False) -> bool:
    """Replace the files of `languages` in `bundle` by those of `partial` (an index of these languages
    only; with `move`, its files are moved, not copied); False, with `bundle` left as it was, if the two
    bundles do not fit together."""
    plan = merge_plan(bundle, partial, languages)
    if plan is None:
        return False
    put, removed, entry = plan
    for relative in removed:
        (bundle / relative).unlink()
    for relative in put:  # a new file: the one in place may be a hard link shared with a served site
        (bundle / relative).unlink(missing_ok=True)
        (bundle / relative).parent.mkdir(parents=True, exist_ok=True)
        if move:
            os.replace(partial / relative, bundle / relative)
        else:
            shutil.copy2(partial / relative, bundle / relative)
    temporary = bundle / f".{ENTRY}.new"
    temporary.write_text(entry, encoding="utf-8")
    os.replace(temporary, bundle / ENTRY)
    return True


def merge_plan(bundle: Path, partial: Path, languages: list[str],
               same: list[str] = ()) -> tuple[list[str], list[str], str] | None:
    """What merge_languages changes in `bundle`: the files of `partial` to put in (relative paths; not
    those already in `bundle` byte for byte), the files of `bundle` to remove (its files of `languages`
    that `partial` has not), and the text of the merged entry file; None if the two bundles do not fit
    together. `same`: files of the partial bundle left out of `partial` because `bundle` holds them
    byte for byte (search_service.BackgroundIndex.write)."""
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        fresh = json.loads((partial / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    known = set(entry.get("languages", {})) | set(languages)
    if fresh.get("version") != entry.get("version") or set(fresh.get("languages", {})) - set(languages):
        return None
    held = set(same)
    incoming = sorted([*_files(partial), *held])
    for relative in incoming:
        language = _language_of(relative, known)
        if language is None and relative != ENTRY and relative not in held and \
                not _same(partial / relative, bundle / relative):
            return None
        if language is not None and language not in languages:
            return None
    replaced = {relative for relative in incoming if _language_of(relative, known) in languages}
    # Pagefind names a page's fragment after its content: most are those in place already, byte for byte.
    put = [relative for relative in incoming if relative in replaced and relative not in held and
           not _same(partial / relative, bundle / relative)]
    removed = [relative for relative in _files(bundle)
               if _language_of(relative, known) in languages and relative not in replaced]
    entry["languages"] = {code: found for code, found in entry.get("languages", {}).items() if code not in languages}
    entry["languages"].update(fresh.get("languages", {}))
    return put, removed, json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def _same(one: Path, other: Path) -> bool:
    try:  # most files put in are new, or of another size
        return one.stat().st_size == other.stat().st_size and one.read_bytes() == other.read_bytes()
    except OSError:
        return False
