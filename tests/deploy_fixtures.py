"""Helpers of tests/test_deploy.py: fake built sites, web servers on 127.0.0.1, a stand-in for ssh,
and an S3 front that serves the release named by `current.json`."""

from __future__ import annotations

import functools
import json
import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.error import HTTPError
from urllib.request import Request, urlopen


def make_site(folder: Path, commit: str, built_at: str, text: str) -> dict:
    """A small built site: pages in two languages, an asset, a search index and build-info.json."""
    info = {"commit": commit, "built_at": built_at, "languages": ["fr", "en"]}
    files = {
        "index.html": f"<!doctype html><title>Accueil</title><p>{text}</p>",
        "en/index.html": f"<!doctype html><title>Home</title><p>{text}</p>",
        "assets/stylesheets/extra.css": "body { color: #123; }\n",  # the same in every build
        "search/search_index.json": json.dumps({"docs": [{"location": "", "text": text}]}),
        "build-info.json": json.dumps(info),
    }
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return info


def get(url: str) -> bytes:
    with urlopen(Request(url, headers={"Cache-Control": "no-cache"}), timeout=5) as response:
        return response.read()


def get_json(url: str) -> dict:
    return json.loads(get(url))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output quiet
        pass


@contextmanager
def _running(server: ThreadingHTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` (typically `<path>/current`, a symlink followed on every request) on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with _running(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url


@contextmanager
def serve_s3_front(bucket_url: str) -> Iterator[str]:
    """The small front an S3 target needs: read current.json, serve releases/<release>/<path>."""

    class Front(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?", 1)[0].lstrip("/")
            if path == "" or path.endswith("/"):
                path += "index.html"
            try:
                pointer = get_json(bucket_url + "current.json")  # a real front caches it a few seconds
                body, status = get(bucket_url + pointer["path"] + path), 200
            except HTTPError as error:  # nothing deployed yet, or no such page
                body, status = b"not found", error.code
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    with _running(ThreadingHTTPServer(("127.0.0.1", 0), Front)) as url:
        yield url


def closed_port() -> int:
    """A port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_fake_ssh(folder: Path) -> tuple[Path, Path]:
    """A stand-in for ssh: records its arguments, drops the options and the host, and runs the command
    on this machine through `sh -c`, as sshd runs it through the remote user's shell. Returns the
    script and the file of recorded calls (the first line of each)."""
    calls = folder / "ssh-calls.log"
    script = folder / "fake-ssh"
    script.write_text(f"""#!/bin/sh
printf '%s\\n' "$*" | head -n 1 >> '{calls}'
while [ $# -gt 0 ]; do
  case "$1" in
    -o|-p|-i|-l|-F) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
shift
exec sh -c "$*"
""", encoding="utf-8")
    script.chmod(0o755)
    return script, calls
