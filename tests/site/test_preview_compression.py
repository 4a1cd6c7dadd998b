"""The live preview's server (helpcenter.site.serve.PreviewServer, the one `helpcenter serve` runs), over real
HTTP on 127.0.0.1: text gzipped when the browser accepts it and only then, and live reload still working;
a missing page gets the 404 page of its language."""

from __future__ import annotations

import gzip
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from helpcenter.site.serve import PREVIEW_POLLING_SECONDS, PreviewServer

PAGE = "<!doctype html><html><body>" + "<p>Délai de première réponse</p>\n" * 200 + "</body></html>"
SCRIPT = "document.body.dataset.ready = 'yes';\n" * 50


def get(url: str, accept_encoding: str | None = None, timeout: float = 10):
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    with urlopen(Request(url, headers=headers), timeout=timeout) as answer:
        return answer.headers, answer.read()


@pytest.fixture
def preview(tmp_path):
    """A PreviewServer serving a small built folder and watching a `docs/` folder; yields (url, docs, builds)."""
    site, docs = tmp_path / "site", tmp_path / "docs"
    site.mkdir(), docs.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "app.js").write_text(SCRIPT, encoding="utf-8")
    (site / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    builds: list[int] = []
    server = PreviewServer(builder=lambda config=None: builds.append(1), host="127.0.0.1", port=port,
                           root=str(site), polling_interval=PREVIEW_POLLING_SECONDS)
    server.watch(str(docs))
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            get(url + "/app.js")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield url, docs, builds
    server.shutdown(wait=True)
    thread.join(timeout=10)


def test_text_is_gzipped_only_for_browsers_that_accept_it_and_live_reload_still_works(preview):
    url, docs, builds = preview

    headers, body = get(url + "/", "gzip, deflate, br")
    assert (headers["Content-Encoding"], headers["Vary"]) == ("gzip", "Accept-Encoding")
    page = gzip.decompress(body).decode("utf-8")
    assert page.startswith(PAGE[:200]) and "livereload(" in page, "MkDocs' reload script is injected, then compressed"
    assert int(headers["Content-Length"]) == len(body) < len(page.encode()) / 5
    headers, body = get(url + "/app.js", "gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body).decode() == SCRIPT

    for accept in (None, "identity", "gzip;q=0"):
        headers, body = get(url + "/app.js", accept)
        assert headers["Content-Encoding"] is None and headers["Vary"] == "Accept-Encoding" and body.decode() == SCRIPT
    headers, body = get(url + "/logo.png", "gzip")  # compressed already: sent as it is
    assert headers["Content-Encoding"] is None and len(body) == 2008

    epoch, request_id = re.search(r"livereload\((\d+), (\d+)\)", page).groups()
    with ThreadPoolExecutor(1) as pool:  # the page's long poll, answered when a rebuild is done
        poll = pool.submit(get, f"{url}/livereload/{epoch}/{request_id}", "gzip", 30)
        time.sleep(0.3)
        (docs / "index.md").write_text("# Saved\n", encoding="utf-8")
        headers, body = poll.result(timeout=30)
    assert builds and int(body) > int(epoch), "the browser is told to reload after the rebuild"


def test_a_missing_page_gets_the_404_page_of_its_language(preview, tmp_path):
    url, _, _ = preview
    site = tmp_path / "site"  # the fixture's served folder
    (site / "de").mkdir()
    (site / "de" / "404.html").write_text("<p>Seite nicht gefunden</p>", encoding="utf-8")
    (site / "404.html").write_text("<p>Page introuvable</p>", encoding="utf-8")
    for path, expected in (("/de/gibt-es-nicht/", "Seite nicht gefunden"), ("/nulle-part/", "Page introuvable"),
                           ("/xx/nowhere/", "Page introuvable")):
        with pytest.raises(HTTPError) as answer:
            get(url + path)
        assert answer.value.code == 404 and expected in answer.value.read().decode("utf-8"), path
