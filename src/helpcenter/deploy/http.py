"""HTTP reads of a deploy: is a target's public URL up, and does it serve the expected build."""

from __future__ import annotations

import http.client
import json
from typing import TYPE_CHECKING
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from helpcenter import __version__

if TYPE_CHECKING:
    from helpcenter.deploy.contract import BuildInfo

BUILD_INFO = "build-info.json"
HTTP_TIMEOUT = 10.0  # seconds, per request


class NotServed(Exception):
    """The public URL does not (yet) answer what a verification expects; the message says what it answers.
    `reached` is False when no HTTP answer came back at all (refused, timed out, DNS)."""

    def __init__(self, message: str, reached: bool = True) -> None:
        super().__init__(message)
        self.reached = reached



def http_get(url: str, timeout: float = HTTP_TIMEOUT) -> bytes:
    """GET a URL, asking caches to revalidate; NotServed on an HTTP error or no answer at all."""
    request = Request(url, headers={"Cache-Control": "no-cache", "Pragma": "no-cache",
                                    "User-Agent": f"helpcenter-deploy/{__version__}"})
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked by the loader
            return response.read(10_000_000)
    except HTTPError as error:
        raise NotServed(f"{url} answers HTTP {error.code} {error.reason}") from None
    except (OSError, http.client.HTTPException) as error:  # URLError, refused, timeout, reset
        reason = getattr(error, "reason", None) or error
        raise NotServed(f"{url} cannot be reached ({reason})", reached=False) from None


def fetch_json(url: str, timeout: float = HTTP_TIMEOUT) -> dict:
    body = http_get(url, timeout)
    try:
        data = json.loads(body)
    except ValueError:
        raise NotServed(f"{url} does not answer JSON (starts with {body[:60]!r})") from None
    if not isinstance(data, dict):
        raise NotServed(f"{url} does not answer a JSON object")
    return data


def expect_build(url: str, build: BuildInfo, timeout: float = HTTP_TIMEOUT) -> None:
    served = fetch_json(url, timeout)
    if not build.matches(served):
        raise NotServed(f"{url} serves commit {served.get('commit')!r} built at {served.get('built_at')!r}, "
                        f"not the new build ({build.describe()})")


def join_url(base: str, *parts: str) -> str:
    return base.rstrip("/") + "/" + "/".join(parts)
