"""The theme's static files MkDocs adds to a build, listed from a record kept between builds (checked against
MkDocs 1.6.1 and Jinja 3.1).

MkDocs' build asks the theme's Jinja environment for every file of the theme folders
(`Files.add_files_from_theme`: `env.list_templates(filter_func=...)`) and keeps about fifty of them. Material's
folder holds some 14,500 files (its icons), so walking it and matching each name against a dozen patterns
costs about 0.14 s in every language's build. The names that passed the filter are kept with the
modification time of every folder walked: a file added, removed or renamed in any of them changes its
folder's time, and a folder modified too close to the record's writing for its time to tell is not trusted
(tree_store's rule). The filter's own inputs (MkDocs' version, the theme's `static_templates`, the Markdown
extensions) are in the record's key.
"""

from __future__ import annotations

import json
import os
import time
from importlib import metadata
from pathlib import Path

import jinja2
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig

from helpcenter.render.cache import digest
from helpcenter.render.tree_store import RACY_SECONDS


def keep_theme_listing(config: MkDocsConfig, record: Path | None) -> None:
    """Make the environments of `config`'s theme list its files from `record` (kept there) in the next
    builds; None: as MkDocs does."""
    theme = config.theme
    own = theme.__dict__.get("_helpcenter_get_env") or theme.get_env
    theme.__dict__["_helpcenter_get_env"] = own
    if record is None:
        theme.get_env = own
        return

    def get_env() -> jinja2.Environment:
        env = own()
        key = digest(metadata.version("mkdocs"), jinja2.__version__, sorted(theme.static_templates),
                     sorted(utils.markdown_extensions))

        def list_templates(extensions=None, filter_func=None) -> list[str]:
            loader = env.loader
            if extensions is not None or type(loader) is not jinja2.FileSystemLoader:
                return type(env).list_templates(env, extensions, filter_func)
            return _listed(record, digest(key, loader.searchpath, loader.followlinks),
                           lambda: type(env).list_templates(env, extensions, filter_func), loader)

        env.list_templates = list_templates
        return env

    theme.get_env = get_env


def _listed(record: Path, key: str, listing, loader: jinja2.FileSystemLoader) -> list[str]:
    kept = _kept(record, key)
    if kept is not None:
        return kept
    written = time.time_ns()
    names = listing()
    folders = {}
    for top in loader.searchpath:
        if not os.path.isdir(top):
            folders[str(top)] = None
            continue
        for folder, _, _ in os.walk(top, followlinks=loader.followlinks):
            folders[folder] = os.stat(folder).st_mtime_ns
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        temporary = record.with_name(f".{record.name}.new")
        temporary.write_text(json.dumps({"key": key, "written": written, "folders": folders, "names": names}), "utf-8")
        os.replace(temporary, record)
    except OSError:  # only the next build is slower
        pass
    return names


def _kept(record: Path, key: str) -> list[str] | None:
    """The names kept in `record` for `key`, if no folder walked for them changed since (else None)."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        trusted_before = data["written"] - RACY_SECONDS * 10**9
        for folder, mtime in data["folders"].items():
            if mtime is None:
                if os.path.exists(folder):
                    return None
            elif not mtime < trusted_before or os.stat(folder).st_mtime_ns != mtime:
                return None
        names = data["names"]
        return names if isinstance(names, list) and all(isinstance(name, str) for name in names) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
