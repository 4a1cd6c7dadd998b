"""The preview's web server: MkDocs' live-reload server with a faster file watcher and an error page.

Checked against MkDocs 1.6.1: when a rebuild fails, MkDocs' server holds every page request until a
rebuild succeeds ("The server will appear stuck until build errors are resolved"). The preview server
instead shows the build's errors in the browser, and reloads the page once a rebuild succeeds.
helpcenter.site.live builds what it serves.
"""

from __future__ import annotations

import functools
import html
import logging

from mkdocs import livereload
from mkdocs.exceptions import Abort

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


class LoggedProblems(logging.Handler):
    """The warnings and errors of one rebuild, as the writer saw them in the terminal."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def __enter__(self) -> "LoggedProblems":
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


class PreviewServer(livereload.LiveReloadServer):
    """MkDocs' live-reload server that shows a failed rebuild's errors instead of hanging."""

    def __init__(self, builder, **options) -> None:
        self.build_error: str | None = None
        super().__init__(builder=functools.partial(self._guarded, builder), **options)

    def _guarded(self, builder, config=None) -> None:
        problems = LoggedProblems()
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
