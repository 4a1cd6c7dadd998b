"""`helpcenter serve`: the preview follows support.yml, shows a build error instead of hanging, and leaves
no process behind when it is stopped."""

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

import pytest

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
        # No wait here: the server answers only once its watcher has taken its first look at the files
        # (watchdog's polling observer takes that snapshot in start(), before MkDocs starts serving).
        assert status == 200 and not seven_hours(html)
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


def descendants(pid: int) -> set[int]:
    """The processes started by `pid`, and theirs (Linux /proc)."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in os.listdir(f"/proc/{parent}/task") if os.path.isdir(f"/proc/{parent}/task") else ():
            try:
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as children:
                    for child in map(int, children.read().split()):
                        if child not in found:
                            found.add(child)
                            todo.append(child)
            except OSError:
                continue
    return found


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped
    except OSError:
        return False


@pytest.mark.parametrize("stop", ["SIGTERM", "Ctrl+C", "SIGKILL"])
def test_stopping_the_preview_leaves_no_language_worker_running_and_no_temporary_folder(tmp_path, stop):
    project = copy_project(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    preview = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--lang", "de", "--port", str(port)],
                               cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)},
                               start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    try:
        status, _ = wait_for(f"http://127.0.0.1:{port}/de/support/policy/", lambda status, text: status == 200)
        assert status == 200
        workers = descendants(preview.pid)
        assert len(workers) >= 2, "one worker per language"
        if stop == "SIGTERM":  # `kill`, a service manager
            preview.send_signal(signal.SIGTERM)
        elif stop == "Ctrl+C":  # the terminal interrupts the whole foreground group
            os.killpg(preview.pid, signal.SIGINT)
        else:  # the preview dies without a word: its workers read the end of their pipes
            preview.kill()
        preview.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in workers if running(pid)] == []
        assert list(temporary.iterdir()) == [], "the preview's temporary folder is removed"
        if stop != "SIGKILL":
            assert preview.returncode == 0
            assert "Traceback" not in preview.stderr.read()
    finally:
        for pid in [preview.pid, *workers]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        preview.wait()
