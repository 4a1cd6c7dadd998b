"""Live preview adapter: `mkdocs serve` in this process with a faster file watcher.

With mkdocs_events, the only modules of the package that import mkdocs.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from mkdocs import livereload
from mkdocs.commands import serve as mkdocs_serve

# MkDocs' watcher polls for saved files every 0.5 s; a preview should notice a save sooner.
PREVIEW_POLLING_SECONDS = 0.1


def serve(config_file: Path, address: str) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # mkdocs.commands.serve builds its server with default options; this process only serves.
    mkdocs_serve.LiveReloadServer = functools.partial(livereload.LiveReloadServer,
                                                      polling_interval=PREVIEW_POLLING_SECONDS)
    mkdocs_serve.serve(str(config_file), livereload=True, dev_addr=address)
    return 0
