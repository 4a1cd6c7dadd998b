"""Serve a built site as the production web server would: precompressed copies by Accept-Encoding,
each language's own 404 page. For previews and measurements (bench/lighthouse.py), not for production."""

from __future__ import annotations

import functools
import mimetypes
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

from helpcenter.deploy.compress import ENCODINGS, accepted_encoding, is_text


class CompressedSiteHandler(SimpleHTTPRequestHandler):
    """Answers with `x.br` or `x.gz` beside a text file when the browser accepts it (`Vary:
    Accept-Encoding`), like nginx's gzip_static/brotli_static; 404s get the language's 404 page."""

    languages: tuple[str, ...] = ()  # folders of the non-default languages, for their 404 pages

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()  # directory redirects and 404s
        available = {encoding for encoding, suffix in ENCODINGS.items()
                     if is_text(path) and path.with_name(path.name + suffix).is_file()}
        encoding = accepted_encoding(self.headers.get("Accept-Encoding"), available)
        body = path.with_name(path.name + ENCODINGS[encoding]) if encoding else path
        stream = body.open("rb")
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(body.stat().st_size))
        if is_text(path):
            self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        return stream

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        first = self.path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory) / (f"{first}/404.html" if first in self.languages else "404.html")
        body = page.read_bytes() if page.is_file() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: the caller prints what matters
        pass


@contextmanager
def serving(site: Path, languages: tuple[str, ...] = (), host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `site` in a background thread; yields its base URL."""
    handler = functools.partial(type("Handler", (CompressedSiteHandler,), {"languages": tuple(languages)}),
                                directory=str(site))
    server = ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
