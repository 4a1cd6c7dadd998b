"""Parts: one language of the site built alone into a folder (CI builds them as a job matrix, one job per
language), and parts merged into the site `helpcenter build` writes.

A part holds the language's build as a worker of helpcenter.site.parallel writes it (`site/`), and
`part.json`: the language; what it was built from (the digest of every language's inputs, as
helpcenter.site.language_inputs reads them: the sources, helpcenter's code, the settings; the support
team's date; the versions of Python and of the libraries that build); the number of problems its build
reported (warnings do not stop a part's build: the merge decides); the SHA-256 of each of its files; and
a checksum of all that.

The merge trusts a part only if it reads back whole and was built from what this checkout holds, with
the same versions, one part per language built. It then joins the languages as `helpcenter build` joins
its workers' folders, indexes the site for search and writes build-info.json only if no part had a
problem, as `helpcenter build` does.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from helpcenter.errors import PolicyError
from helpcenter.render.buildinfo import build_info_json
from helpcenter.render.cache import digest
from helpcenter.render.site_sync import tree_files
from helpcenter.render.tree_store import file_sha256
from helpcenter.site import shared_policy
from helpcenter.site.bridge import i18n_languages
from helpcenter.site.build_reuse import build_versions
from helpcenter.site.build_state import ProblemCounter, today_of
from helpcenter.site.config import POLICY_FILE, load_mkdocs_config
from helpcenter.site.language_build import BuildFailed, build_language, quiet_mkdocs_logging
from helpcenter.site.language_inputs import PROJECT_FILES, VARIABLES, input_digests
from helpcenter.site.parallel import BUILD_INFO
from helpcenter.site.search_update import index_for_search
from helpcenter.site.site_join import join_languages, replace_content

FORMAT = 1  # bump when part.json's shape changes
MANIFEST = "part.json"
TREE = "site"
SHOWN_FILES = 3  # files named when a part is damaged


class PartError(Exception):
    """A part cannot be built or merged; the message says which and what to do."""


@dataclass(frozen=True)
class Sources:
    """What a site is built from, the same for each of its parts."""

    default: str
    languages: list[str]  # built, in mkdocs.yml's order
    today: str  # the support team's date: the policy's calendar follows it
    versions: list[str]  # Python's and the building libraries' (helpcenter.site.build_reuse.build_versions)
    inputs: dict[str, str]  # language -> digest of everything its build reads (language_inputs)


@dataclass(frozen=True)
class Part:
    """One language built alone, in its folder."""

    folder: Path
    language: str
    problems: int  # warnings and errors its build reported
    sources: Sources


def sources_of(config_file: Path) -> Sources:
    """What the site of `config_file` is built from, as read now."""
    try:
        config = load_mkdocs_config(config_file)
        today = today_of(shared_policy.policy_once(config_file.parent / POLICY_FILE)).isoformat()
    except (PolicyError, PluginError) as error:
        raise PartError(str(error)) from None
    default, built = i18n_languages(config)
    docs, versions = Path(config.docs_dir), build_versions()
    serial = [default, *(language for language in built if language != default)]  # as helpcenter build reads them
    found = input_digests(config_file.parent, docs, default, serial, today, versions)
    if found is None:
        raise PartError(f"{docs.name}/ holds a symbolic link, so a part cannot say what it was built from; "
                        "build the site whole with `helpcenter build`")
    return Sources(default, built, today, versions, found.builds)


def build_part(config_file: Path, language: str, folder: Path) -> Part:
    """Build `language` of the site of `config_file` into the part `folder` (which must be new, empty or
    a part): the same files as `helpcenter build`'s worker writes, then part.json."""
    config_file = config_file.resolve()
    sources = sources_of(config_file)
    if language not in sources.languages:
        raise PartError(f"mkdocs.yml builds no language {language!r}; choose one of {', '.join(sources.languages)}")
    _empty(folder, config_file.parent)
    quiet_mkdocs_logging()
    counter = ProblemCounter()  # what --strict would count; the part records it
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        build_language(config_file, language, folder / TREE, strict=False)
    except BuildFailed as error:
        shutil.rmtree(folder / TREE, ignore_errors=True)
        raise PartError(str(error)) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    if sources_of(config_file) != sources:
        raise PartError("the sources changed while the part was built; build it again")
    part = Part(folder, language, counter.count, sources)
    _write_manifest(part)
    return part


def _empty(folder: Path, root: Path) -> None:
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MANIFEST).is_file():
            raise PartError(f"{_shown(folder, root)} is not empty and holds no part: give a new or empty folder")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)


def _write_manifest(part: Part) -> None:
    tree = part.folder / TREE
    body = {"format": FORMAT, "language": part.language, "problems": part.problems, "sources": asdict(part.sources),
            "files": {relative: file_sha256(tree / relative) for relative in sorted(tree_files(tree))}}
    temporary = part.folder / f".{MANIFEST}.new"
    temporary.write_text(json.dumps({**body, "check": digest(body)}), encoding="utf-8")
    os.replace(temporary, part.folder / MANIFEST)


def read_part(folder: Path, root: Path) -> Part:
    """The part in `folder`, if it reads back whole: its part.json intact and its files as it lists them."""
    shown = _shown(folder, root)
    again = "download it again, or build it again with `helpcenter part LANGUAGE`"
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        found = manifest.get("format")
    except (OSError, ValueError, AttributeError):
        raise PartError(f"{shown}: no readable {MANIFEST}, so not a part (or a damaged one); {again}") from None
    if found != FORMAT:
        raise PartError(f"{shown}: a part of another version of helpcenter (format {found!r}, this one reads "
                        f"{FORMAT}); build it again with this version")
    check = manifest.pop("check", None)
    try:
        if check != digest(manifest):
            raise ValueError
        part = Part(folder, manifest["language"], int(manifest["problems"]), Sources(**manifest["sources"]))
        files = dict(manifest["files"])
    except (KeyError, TypeError, ValueError):
        raise PartError(f"{shown}: its {MANIFEST} is damaged; {again}") from None
    again = again.replace("LANGUAGE", part.language)
    held = tree_files(folder / TREE)
    damaged = [f"{relative} missing" for relative in sorted(set(files) - set(held))]
    damaged += [f"{relative} not listed" for relative in sorted(set(held) - set(files))]
    damaged += [f"{relative} changed" for relative in sorted(set(files) & set(held))
                if file_sha256(folder / TREE / relative) != files[relative]]
    if damaged:
        more = f" and {len(damaged) - SHOWN_FILES} more" if len(damaged) > SHOWN_FILES else ""
        raise PartError(f"{shown}: damaged ({TREE}/: {', '.join(damaged[:SHOWN_FILES])}{more}); {again}")
    return part


def merge_parts(config_file: Path, folders: list[Path], site_dir: Path, strict: bool = False,
                progress=print) -> list[Part]:
    """Merge the parts in `folders` into `site_dir` as `helpcenter build` writes the site; raise PartError
    naming every part refused (and why), `site_dir` left as it was. With `strict`, a part whose build
    reported a problem is refused; without, the site gets no build-info.json (it cannot be deployed)."""
    config_file, site_dir = config_file.resolve(), site_dir.resolve()
    root, here = config_file.parent, sources_of(config_file)
    parts, refused = [], []
    for folder in folders:
        try:
            parts.append(read_part(folder, root))
        except PartError as error:
            refused.append(str(error))
    refused += _refusals(parts, here, strict, root)
    if refused:
        raise PartError("\n".join(refused))
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-parts-", dir=site_dir.parent))
    try:
        trees = {part.language: work / part.language for part in parts}
        for part in parts:  # copies: the sitemap is written in place, and the parts stay as they are
            shutil.copytree(part.folder / TREE, trees[part.language])
        merged = join_languages(trees, here.default, [language for language in here.languages if language != here.default])
        try:
            index_for_search(merged, progress)
        except BuildFailed as error:
            raise PartError(str(error)) from None
        if not any(part.problems for part in parts):
            (merged / BUILD_INFO).write_text(build_info_json(root, here.languages), encoding="utf-8")
        replace_content(site_dir, merged)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return parts


def _refusals(parts: list[Part], here: Sources, strict: bool, root: Path) -> list[str]:
    """Why the parts cannot make the site of this checkout, one line per reason with the parts it applies
    to (none: they can)."""
    reasons, languages = {}, {}
    for part in parts:
        languages.setdefault(part.language, []).append(_shown(part.folder, root))
        reason = _refusal(part, here, strict)
        if reason:
            reasons.setdefault(reason, []).append(_shown(part.folder, root))
    refusals = [f"{', '.join(shown)}: {reason}" for reason, shown in reasons.items()]
    for language, shown in languages.items():
        if len(shown) > 1:
            refusals.append(f"{len(shown)} parts of {language} ({', '.join(shown)}); give one part per language")
    missing = [language for language in here.languages if language not in languages]
    if missing:
        refusals.append(f"no part of {', '.join(missing)} (mkdocs.yml builds {', '.join(here.languages)}); build "
                        f"each with `helpcenter part LANGUAGE`")
    return refusals


def _refusal(part: Part, here: Sources, strict: bool) -> str | None:
    built = part.sources
    if part.language not in here.languages:
        return f"a part of {part.language!r}, which mkdocs.yml does not build ({', '.join(here.languages)}); leave it out"
    if built.versions != here.versions:
        theirs = [version for version in built.versions if version not in here.versions]
        ours = [version for version in here.versions if version not in built.versions]
        return (f"built with other versions ({', '.join(theirs)}; here: {', '.join(ours)}); build every part with "
                "the same versions (pip install -c requirements.lock)")
    if built.today != here.today:
        return (f"built as on {built.today}, but this merge runs as on {here.today} (the support team's date, which "
                "the policy's calendar follows); build every part again")
    if built != here:
        return (f"built from other sources than this checkout's ({', '.join(PROJECT_FILES)}, docs/, helpcenter's "
                f"code or the settings {', '.join(VARIABLES)} differ); build again from this checkout")
    if strict and part.problems:
        return (f"its build reported {part.problems} problem(s) (see that build's warnings); fix them and build it "
                "again (merged without --strict, the site gets no build-info.json and cannot be deployed)")
    return None


def _shown(folder: Path, root: Path) -> str:
    """`folder` as the writer named it: relative to the project when inside it."""
    try:
        return Path(folder).resolve().relative_to(root).as_posix()
    except ValueError:
        return str(folder)
