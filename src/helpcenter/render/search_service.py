"""One language's search index made while the build runs: Pagefind's service reads the kept input of the
language in the background, then takes the pages written again and hands the bundle over.

`pagefind --service` reads requests on its standard input and answers on its standard output (each a
base64-encoded JSON message followed by a comma; Pagefind 1.5's service/requests.rs and responses.rs). It
handles them one after the other: a folder added (AddDir) is walked and parsed as the command does it,
in the same order; a page added with a URL already indexed (AddFile) takes that page's place
(SearchState.fossick_one), so the pages keep the numbers a walk of the updated folder gives them, and
the bundle it gives (GetFiles, written here) is the command's, byte for byte (tests/render/test_search_service.py
and the identity test of site.parallel compare them).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
from pathlib import Path

from helpcenter.render.search_merge import ENTRY
from helpcenter.render.site_search import EXCLUDED, pagefind_command


class ServiceFailed(Exception):
    """Pagefind's service stopped or answered with an error; the message says what it said."""


class BackgroundIndex:
    """Pagefind's service indexing `folder` (pages already cut down) from the moment it is made."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._process = subprocess.Popen([*pagefind_command(), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._sent = 0
        self._asked: int | None = None  # the request for the bundle, once sent
        try:
            self._send({"type": "NewIndex", "config": {"exclude_selectors": list(EXCLUDED)}})
            self._send({"type": "AddDir", "index_id": 0, "path": str(folder)})
        except ServiceFailed:
            self.stop()
            raise

    def replace(self, url: str, page: bytes) -> None:
        """Index `page` (cut down) at `url` ("/de/some/page/") in place of the page the folder had there."""
        if self._asked is not None:
            raise ServiceFailed("a page given after the bundle was asked for")
        self._send({"type": "AddFile", "index_id": 0, "url": url, "file_contents": page.decode("utf-8")})

    def request(self) -> None:
        """Ask for the bundle of the pages given so far (answered by write, which asks if this was not
        called): the service builds it while the caller does something else. No page can be given after."""
        if self._asked is None:
            self._asked = self._send({"type": "GetFiles", "index_id": 0})

    def write(self, bundle: Path, known: Path | None = None) -> list[str]:
        """Write the bundle into the folder `bundle`, once every request before was answered, but the files
        that the bundle `known` holds byte for byte (Pagefind names most files after their content: after
        a one-page edit, most are those of the previous bundle); give the paths of these (relative to
        the bundle). The service hands its files over (GetFiles) and they are written here: the files it
        writes itself may still be half written when it answers (tokio's files are not flushed before they
        are dropped), and it stops at once when its input ends, whatever it was doing. It is closed after."""
        self.request()
        last = self._asked
        answered, pending, files = set(), b"", None
        while last not in answered:
            chunk = os.read(self._process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise ServiceFailed("Pagefind's service stopped before it gave the bundle")
            *answers, pending = (pending + chunk).split(b",")
            for answer in answers:
                message = json.loads(base64.b64decode(answer))
                if message["payload"].get("type") == "Error":
                    raise ServiceFailed(f"Pagefind's service: {message['payload'].get('message')}")
                answered.add(message.get("message_id"))
                if message.get("message_id") == last:
                    files = message["payload"]["files"]
        self.stop()
        same, folders = [], set()
        for found in files:
            path = bundle / found["path"]
            if bundle not in path.parents:
                raise ServiceFailed(f"Pagefind's service gave a file outside the bundle: {found['path']}")
            content = base64.b64decode(found["content"])
            relative = path.relative_to(bundle).as_posix()
            if known is not None and relative != ENTRY and _holds(known / relative, content):
                same.append(relative)
                continue
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_bytes(content)
        if not (bundle / ENTRY).is_file():
            raise ServiceFailed("Pagefind's service gave no bundle")
        return same

    def stop(self) -> None:
        """End the service (its input closed: it stops at once)."""
        with contextlib.suppress(BrokenPipeError):  # a service gone already: what it was still owed is dropped
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()

    def _send(self, payload: dict) -> int:
        number, self._sent = self._sent, self._sent + 1
        message = json.dumps({"message_id": number, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, ValueError) as error:
            raise ServiceFailed(f"Pagefind's service stopped ({error})") from None
        return number


def _holds(path: Path, content: bytes) -> bool:
    try:
        return os.stat(path).st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def begin(folder: Path) -> BackgroundIndex | None:
    """Pagefind's service indexing `folder`, or None when it does not start (a Pagefind without a service,
    a binary that fails at once): the caller then indexes with the command."""
    try:
        return BackgroundIndex(folder)
    except (ServiceFailed, OSError):
        return None


def page_url(relative: str) -> str:
    """The URL Pagefind gives the page at `relative` (a path in the indexed folder): index.html dropped."""
    if relative == "index.html":
        return "/"
    return "/" + (relative[:-len("index.html")] if relative.endswith("/index.html") else relative)
