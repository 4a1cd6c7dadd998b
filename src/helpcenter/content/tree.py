"""The docs/ folder as MkDocs walks it (following symbolic links): a link back to a parent is a loop."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from helpcenter.content.problems import Problem


def symlink_loops(docs_dir: Path) -> list[Problem]:
    """One problem per symbolic link that points to a folder containing it (MkDocs would walk forever)."""
    problems = []
    root = docs_dir.parent
    for folder, subfolders, files in os.walk(docs_dir, followlinks=False):
        for name in (*subfolders, *files):
            path = Path(folder) / name
            if path.is_symlink() and _loops(path):
                problems.append(Problem("files", path.relative_to(root).as_posix(), None,
                                        f"symbolic link to {os.readlink(path)}, which leads back to itself or to a "
                                        "folder that contains it: an endless loop; remove the link (git rm)"))
    return problems


def _loops(link: Path) -> bool:
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports "Symlink loop" this way
        return True
    except OSError as error:
        return error.errno == errno.ELOOP
    parent = link.parent.resolve()
    return target == parent or target in parent.parents
