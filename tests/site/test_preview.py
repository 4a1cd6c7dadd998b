"""`helpcenter serve`: the preview follows support.yml, and shows a build error instead of hanging."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import copy_project, replace_once

HIGH = "    high: {business-hours: 1h, outside-business-hours: 12h}"
SEVEN_HOURS = re.compile(r"Sous\s7\sheures")  # Babel puts a no-break space between number and unit


def seven_hours(text: str) -> bool:
    return bool(SEVEN_HOURS.search(text))


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a page; a preview that hangs fails the request after 20 s."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def wait_for(url: str, condition, timeout: float = 90) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while True:
        status, text = fetch(url)
        if condition(status, text) or time.monotonic() > deadline:
            return status, text
        time.sleep(0.3)


def test_preview_reloads_on_a_policy_change_and_shows_a_build_error(tmp_path):
    project = copy_project(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "preview.log"
    preview = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--port", str(port)], cwd=project,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL,
                               stderr=log.open("w"), text=True)
    url = f"http://127.0.0.1:{port}/support/policy/"
    try:
        status, html = wait_for(url, lambda status, text: status == 200)
        assert status == 200 and not seven_hours(html)
        time.sleep(2)  # the file watcher takes its first look at the files just after serving starts
        replace_once(project / "support.yml", HIGH, HIGH.replace("12h", "7h"))
        status, html = wait_for(url, lambda status, text: seven_hours(text))
        assert seven_hours(html), "the preview did not follow support.yml"

        replace_once(project / "support.yml", "  hosting_sites: 2\n", "  hosting_sites: two\n")
        status, html = wait_for(url, lambda status, text: 'data-hc="build-error"' in text)
        assert 'data-hc="build-error"' in html
        assert "technical_means.hosting_sites: expected a whole number of at least 1, got &#x27;two&#x27;" in html
        assert "/livereload/" in html, "the error page reloads by itself once the error is fixed"

        replace_once(project / "support.yml", "  hosting_sites: two\n", "  hosting_sites: 2\n")
        status, html = wait_for(url, lambda status, text: seven_hours(text))
        assert 'data-hc="build-error"' not in html and seven_hours(html)
    finally:
        preview.send_signal(signal.SIGINT)
        try:
            preview.wait(timeout=30)
        except subprocess.TimeoutExpired:
            preview.kill()
            preview.wait()
    errors = log.read_text(encoding="utf-8")
    assert "Traceback" not in errors, errors
    assert not list(project.glob(".preview-*.yml")), "the preview's configuration is removed"
