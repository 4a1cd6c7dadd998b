"""Live preview adapter: `mkdocs serve` in this process, with a faster file watcher, an error page and config overrides.

Checked against MkDocs 1.6.1: when a rebuild fails, MkDocs' server holds every page request until a
rebuild succeeds ("The server will appear stuck until build errors are resolved"). The preview server
instead shows the build's errors in the browser, and reloads the page once a rebuild succeeds. How it
replaces MkDocs' server (and passes the overrides) is in helpcenter.site.bridge.live_preview.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import threading
from pathlib import Path
from typing import Any

from mkdocs import livereload
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.exceptions import Abort

from helpcenter.render.not_found import not_found_page
from helpcenter.site import bridge
from helpcenter.site.compression_layer import compressing
from helpcenter.site.config import LoggedMessages

# MkDocs' watcher polls for saved files every 0.5 s; a preview should notice a save sooner.
PREVIEW_POLLING_SECONDS = 0.1
ERROR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build error</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}}
pre{{white-space:pre-wrap;background:#fff3f3;border-left:4px solid #c00;padding:1rem}}</style></head>
<body><h1>The preview cannot be built</h1>
<p>Fix the problems below and save: this page reloads by itself.</p>
<pre data-hc="build-error">{errors}</pre></body></html>
"""


class PreviewServer(livereload.LiveReloadServer):
    """MkDocs' live-reload server that shows a failed rebuild's errors instead of hanging."""

    def __init__(self, builder, **options) -> None:
        self.build_error: str | None = None
        self._request = threading.local()  # the path being answered, for the 404 page of its language
        super().__init__(builder=functools.partial(self._guarded, builder), **options)
        self.set_app(compressing(self.get_app()))  # text gzipped for browsers that accept it
        self.error_handler = self._not_found

    def _not_found(self, code: int) -> bytes | None:
        """MkDocs' server asks for the body of an error by its code only: a missing page under /de/ gets
        the German 404 page, as the deployed site gives it."""
        page = not_found_page(Path(self.root), getattr(self._request, "path", "/")) if code == 404 else None
        return page.read_bytes() if page else None

    def _guarded(self, builder, config=None) -> None:
        problems = LoggedMessages()  # the warnings and errors of one rebuild, as the terminal shows them
        logging.getLogger("mkdocs").addHandler(problems)
        try:
            builder(config)
            self.build_error = None
        except (Exception, Abort) as error:
            # Reported, not raised: the browsers reload and get the error page (serve_request).
            self.build_error = "\n".join([*problems.lines, str(error)]).strip()
            logging.getLogger("mkdocs").error(f"{error}; the browser shows the errors until the next save")
        finally:
            logging.getLogger("mkdocs").removeHandler(problems)

    def serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        self._request.path = path
        if self.build_error is None or path.startswith("/livereload/") or not _is_page(path):
            return super().serve_request(environ, start_response)
        content = ERROR_PAGE.format(errors=html.escape(self.build_error)).encode("utf-8")
        content = self._inject_js_into_html(content, self._visible_epoch)  # MkDocs' reload script
        # 200, not 500: MkDocs' request handler logs any other status as a warning on the `mkdocs` logger,
        # which the next rebuild's --strict would count as a problem of the site.
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))])
        return [content]


def _is_page(path: str) -> bool:
    return path.endswith("/") or path.endswith(".html")


def serve(config_file: Path, address: str, overrides: dict[str, Any] | None = None) -> int:
    """Serve the site; `overrides` replace top-level keys of mkdocs.yml (see config.preview_overrides)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    server = functools.partial(PreviewServer, polling_interval=PREVIEW_POLLING_SECONDS)
    try:
        with bridge.live_preview(server, overrides or {}):
            mkdocs_serve.serve(str(config_file), livereload=True, dev_addr=address)
    except Abort as error:  # the first build failed: MkDocs logged why
        logging.getLogger("mkdocs").error(f"{error}; fix the problems above, then start the preview again")
        return 1
    return 0
