"""Serve a built site as the production web server would: precompressed copies by Accept-Encoding, the
headers of helpcenter.deploy.headers, each language's own 404 page. For the browser tests and measurements
(bench/lighthouse.py), not for production."""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from helpcenter.compression import ENCODINGS, accepted_encoding, is_text
from helpcenter.deploy.headers import file_headers
from helpcenter.render.not_found import not_found_page


class CompressedSiteHandler(SimpleHTTPRequestHandler):
    """Answers with `x.br` or `x.gz` beside a text file when the browser accepts it (`Vary:
    Accept-Encoding`), like nginx's gzip_static/brotli_static; a missing page under `/<folder>/` gets
    `<folder>/404.html` when there is one (a language's 404 page), else `/404.html`."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()  # `/de` -> `/de/` redirects, listings refused below, 404s
        available = {encoding for encoding, suffix in ENCODINGS.items()
                     if is_text(path) and path.with_name(path.name + suffix).is_file()}
        encoding = accepted_encoding(self.headers.get("Accept-Encoding"), available)
        body = path.with_name(path.name + ENCODINGS[encoding]) if encoding else path
        stream = body.open("rb")
        self.send_response(200)
        for name, value in file_headers(body).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(body.stat().st_size))
        if is_text(path):
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return stream

    def list_directory(self, path):
        self.send_error(404)

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        page = not_found_page(Path(self.directory), urlsplit(self.path).path)
        body = page.read_bytes() if page else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: the caller prints what matters
        pass


@contextmanager
def serving(site: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `site` in a background thread; yields its base URL (no trailing slash)."""
    server = ThreadingHTTPServer((host, port), functools.partial(CompressedSiteHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
