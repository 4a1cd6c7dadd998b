"""The live preview's text compressed for browsers that accept gzip: a WSGI layer around MkDocs' preview server.

A page of the preview weighs what the published one does only when both are compressed (the published
site is served from precompressed copies, helpcenter.compression). Brotli at the quality of those
copies is too slow to run on each request; gzip costs a few milliseconds a page.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from helpcenter.compression import accepted_encoding, compressed, is_text_type

App = Callable[[dict, Callable[..., Any]], Iterable[bytes]]

SMALLEST = 256  # bytes: below this the gzip header costs more than it saves (live-reload answers)


def compressing(app: App) -> App:
    """`app` answering text with `Content-Encoding: gzip` when the request accepts it, and with
    `Vary: Accept-Encoding` either way; other answers pass through untouched (streamed files included)."""

    def compressed_app(environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        answer: list = []
        written: list[bytes] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer[:] = [status, headers, exc_info]
            return written.append

        body = app(environ, capture)
        status, headers, exc_info = answer
        names = {name.lower(): value for name, value in headers}
        if not (status.startswith("200") and is_text_type(names.get("content-type", ""))
                and "content-encoding" not in names):
            start_response(status, headers, exc_info)
            return [*written, *body] if written else body
        try:
            data = b"".join([*written, *body])
        finally:
            if hasattr(body, "close"):
                body.close()
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        headers.append(("Vary", "Accept-Encoding"))
        if len(data) >= SMALLEST and accepted_encoding(environ.get("HTTP_ACCEPT_ENCODING"), {"gzip"}):
            data = compressed(data, "gzip")
            headers.append(("Content-Encoding", "gzip"))
        start_response(status, [*headers, ("Content-Length", str(len(data)))], exc_info)
        return [data]

    return compressed_app
