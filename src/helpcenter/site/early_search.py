"""Pagefind's service begun before anything else of `helpcenter build`, on a guess of the language a writer
just edited: Pagefind then reads that language's kept search input while Python imports MkDocs and
works out what changed, when the second core is otherwise idle.

Reading the 400 pages of a language costs Pagefind about as much CPU as building the language's edited
page: begun when the build knows what changed, it ran beside that build and the checks of its pages,
three busy processes on two cores. The guess costs a walk of docs/'s names and stat: the page saved last,
if it was saved after the last build read its inputs (`language_inputs.INPUT_RECORD`), in the folder of a
language whose search input is kept. Only a guess: the build uses the service only if the language it
finds changed, with that same kept input, is the one guessed (helpcenter.site.parallel); else the service
is stopped. Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from helpcenter.render.cache import CACHE_FOLDER, enabled
from helpcenter.render.search_service import BackgroundIndex, begin
from helpcenter.render.tree_store import TREE
from helpcenter.site.language_inputs import INPUT_RECORD

SEARCH_INPUTS = "search-input"  # the store (render.tree_store) of each language's search input, in CACHE_FOLDER


def begin_early(root: Path) -> BackgroundIndex | None:
    """Pagefind's service reading the kept search input of the language of the page saved last under
    the docs folder of the project at `root`, if it was saved since the last build read its inputs;
    else (or with the cache off, or no such input) None."""
    if not enabled():
        return None
    try:
        since = os.stat(root / CACHE_FOLDER / INPUT_RECORD).st_mtime_ns
        docs = root / _docs_dir(root / "mkdocs.yml")
        language = _language_saved_last(docs, since)
    except (OSError, UnicodeDecodeError):
        return None
    tree = root / CACHE_FOLDER / SEARCH_INPUTS / language / TREE if language else None
    return begin(tree) if tree is not None and tree.is_dir() else None


def _docs_dir(config_file: Path) -> str:
    """mkdocs.yml's `docs_dir` as written at its top level (MkDocs' default, docs, if none is)."""
    found = re.search(r"^docs_dir:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$", config_file.read_text("utf-8"),
                      re.MULTILINE)
    return found.group(1) if found else "docs"


def _language_saved_last(docs: Path, since: int) -> str | None:
    """The first folder under `docs` of the file modified last, if after `since` (ns), else None."""
    newest, language = since, None
    pending = [(None, str(docs))]
    while pending:
        top, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((top or entry.name, entry.path))
                elif top is not None and entry.stat(follow_symlinks=False).st_mtime_ns > newest:
                    newest, language = entry.stat(follow_symlinks=False).st_mtime_ns, top
    return language
