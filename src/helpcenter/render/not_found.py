"""Which 404 page a missing address of a built site gets: its language's, as the deployed site answers it.

One rule for every server that serves a built site: the test and bench server (deploy.static_server) and
the live preview (site.serve); the README's nginx lines say the same for production.
"""

from __future__ import annotations

import re
from pathlib import Path

_FOLDER = re.compile(r"[\w-]+")  # a first path segment that may name a language folder (never `..`)


def not_found_page(root: Path, path: str) -> Path | None:
    """The page a missing `path` (a URL path) of the site in `root` gets: `<folder>/404.html` under
    `/<folder>/` when there is one (a language's 404 page, in its language), else `/404.html`."""
    first = path.lstrip("/").split("/", 1)[0]
    for page in ([root / first / "404.html"] if _FOLDER.fullmatch(first) else []) + [root / "404.html"]:
        if page.is_file():
            return page
    return None
