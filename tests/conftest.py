"""Shared fixtures: the real site built once per session, and small fixture sites for error cases."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from functools import cache
from pathlib import Path

import pytest

from fixture_policies import fixture_policy, write_policy
from helpcenter.policy.loader import load_policy
from helpcenter.policy.model import SupportPolicy

ROOT = Path(__file__).resolve().parent.parent
# The project whose real site the tests marked `real_site` read: this repository, or another copy of it
# (tests/site/test_policy_change.py runs them on a copy whose support.yml a support manager edited),
# optionally already built into HELPCENTER_TEST_SITE.
PROJECT = Path(os.environ.get("HELPCENTER_TEST_PROJECT") or ROOT).resolve()
PREBUILT_SITE = os.environ.get("HELPCENTER_TEST_SITE")
# Tests that use these fixtures read the real project; the others run on fixture projects and policies.
REAL_SITE_FIXTURES = {"built_site", "site_url", "real_policy"}
LANGUAGES = ("fr", "en", "es", "de", "it", "pt")
DEFAULT_LANGUAGE = "fr"
BUILD_DAY = "2026-11-26"  # the real site is built as on this day, so dated tests hold in any year


def url_prefix(language: str) -> str:
    """Where a language lives in the built site: '' for the default language, 'de/' for German."""
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def run_mkdocs_build(project: Path, site: Path, **variables: str) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build --strict` on a project folder, as a writer would."""
    return subprocess.run(**_mkdocs_build(project, site, variables), capture_output=True, text=True, timeout=600)


def start_mkdocs_build(project: Path, site: Path, **variables: str) -> subprocess.Popen:
    """`run_mkdocs_build` started in the background: the process, its output piped."""
    return subprocess.Popen(**_mkdocs_build(project, site, variables), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _mkdocs_build(project: Path, site: Path, variables: dict[str, str]) -> dict:
    return {"args": [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                     "-d", str(site)],
            "env": {**os.environ, "NO_MKDOCS_2_WARNING": "1", **variables}, "cwd": project}


def pytest_configure(config):
    config.addinivalue_line("markers", "real_site: reads the real project (support.yml, docs/, its built site)")
    config.addinivalue_line("markers", "starts_background: runs first; starts work that goes on beside the "
                                       "other tests (the machine has a second core)")
    config.addinivalue_line("markers", "joins_background: runs last; waits for that work")
    if os.environ.get(STOP_WITH_PARENT):
        _stop_with_parent()


# Set for a pytest run in the background of another one: it stops, with everything it started, when the
# session that started it is gone, even one killed with SIGKILL (whose own clean-up never runs).
STOP_WITH_PARENT = "HELPCENTER_TEST_STOP_WITH_PARENT"


def _stop_with_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, name="stop-with-parent", daemon=True).start()


def pytest_collection_modifyitems(items):
    for item in items:
        if REAL_SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.real_site)
    first = [item for item in items if item.get_closest_marker("starts_background")]
    last = [item for item in items if item.get_closest_marker("joins_background")]
    if first or last:
        items[:] = first + [item for item in items if item not in first and item not in last] + last


@cache
def load_real_policy() -> SupportPolicy:
    return load_policy(PROJECT / "support.yml")


@pytest.fixture(scope="session")
def real_policy() -> SupportPolicy:
    """The real project's support.yml, through the loader: the expected values of the real site."""
    return load_real_policy()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real help center, built once with `mkdocs build --strict` and shared by the tests."""
    if PREBUILT_SITE:
        return Path(PREBUILT_SITE)
    site = tmp_path_factory.mktemp("real-site") / "site"
    result = run_mkdocs_build(PROJECT, site, HELPCENTER_TODAY=BUILD_DAY)
    assert result.returncode == 0, f"the real site does not build:\n{result.stdout}\n{result.stderr}"
    return site


def copy_project(destination: Path, with_content: bool = False, policy: str = "paris") -> Path:
    """A copy of the project's site sources. With content, the real project (its support.yml and pages);
    without, a small site with a fixture policy (tests/fixtures/policies/): home, policy, ticket form,
    one tutorial per product, in every language."""
    if with_content:
        shutil.copy(PROJECT / "support.yml", destination / "support.yml")
    else:
        write_policy(destination, policy)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not with_content:  # the small site has not the pages the real navigation lists
        config = re.sub(r"\nnav:\n(?:  .*\n|#.*\n)+", "\n", config)
    (destination / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("overrides", "hooks", "locales"):
        shutil.copytree(ROOT / folder, destination / folder, ignore=shutil.ignore_patterns("__pycache__"))
    if with_content:
        shutil.copytree(PROJECT / "docs", destination / "docs")
    else:
        shutil.copytree(ROOT / "docs" / "assets", destination / "docs" / "assets")
        for language in LANGUAGES:
            pages = destination / "docs" / language
            (pages / "support").mkdir(parents=True)
            (pages / "index.md").write_text(f"# Home {language}\n\n[Policy](support/policy.md)\n", encoding="utf-8")
            shutil.copy(ROOT / "docs" / language / "support" / "policy.md", pages / "support" / "policy.md")
            shutil.copy(ROOT / "docs" / language / "support" / "ticket.md", pages / "support" / "ticket.md")
            for product in fixture_policy(policy).products:  # the build requires a tutorial for every one
                product = product.id
                tutorial = pages / "tutorials" / product / "first-steps.md"
                tutorial.parent.mkdir(parents=True)
                tutorial.write_text(f"# {product} ({language})\n\n1. Step one.\n", encoding="utf-8")
    return destination


@pytest.fixture
def fixture_project(tmp_path) -> Path:
    """A small six-language site (home + policy pages) using the real hooks, templates and support.yml."""
    project = tmp_path / "project"
    project.mkdir()
    return copy_project(project)


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a file, failing loudly if `old` is not there exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


CHROMIUM = Path(os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium"))
# Screenshots to look at; HELPCENTER_TEST_ARTIFACTS sends them elsewhere (the policy-change run does).
ARTIFACTS = Path(os.environ.get("HELPCENTER_TEST_ARTIFACTS") or ROOT / "tests" / "artifacts")


# A page's scripts start after its first paint (overrides/helpcenter/after-paint.html), which may come
# after the load event: a page is open for a test, as for a reader, once they have started. Pages without
# the loader, or without JavaScript, have no "waiting" mark.
SCRIPTS_STARTED = "() => document.documentElement.dataset.hcScripts !== 'waiting'"
WAITING_NAVIGATIONS = ("goto", "reload", "go_back", "go_forward")


def _until_scripts_started(navigate):
    def navigation(tab, *args, **options):
        response = navigate(tab, *args, **options)
        if options.get("wait_until") in (None, "load", "networkidle"):
            tab.wait_for_function(SCRIPTS_STARTED)
        return response
    return navigation


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; a missing browser is an error, never a skip. Opening a page
    (goto, reload, back, forward) returns once the page's scripts have started."""
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}; install it with: "
                    "sudo apt-get update && sudo apt-get install -y chromium (or run `make test`, which does)",
                    pytrace=False)
    from playwright.sync_api import Page, sync_playwright

    originals = {name: getattr(Page, name) for name in WAITING_NAVIGATIONS}
    for name, navigate in originals.items():
        setattr(Page, name, _until_scripts_started(navigate))
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            yield chromium
            chromium.close()
    finally:
        for name, navigate in originals.items():
            setattr(Page, name, navigate)


@pytest.fixture(scope="session")
def site_url(built_site):
    """The real site served on 127.0.0.1 for the whole session."""
    from helpcenter.deploy.static_server import serving

    with serving(built_site) as url:
        yield url


FALLBACK_PAGE = "guide/only-in-french"  # in the small site, a page written in the default language only


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Path:
    """The small fixture site built once as on BUILD_DAY, with one page in French only (shown as a
    fallback in the other languages; it holds an image and a marker), without the build cache: shared,
    never to be changed (copy its project or site to change them)."""
    project = tmp_path_factory.mktemp("small-site") / "project"
    project.mkdir()
    copy_project(project)
    page = project / "docs" / DEFAULT_LANGUAGE / f"{FALLBACK_PAGE}.md"
    page.parent.mkdir()
    page.write_text("# Seulement en français\n\n![Schéma](diagram.svg)\n\nPriorité <!-- support:priority high -->.\n",
                    encoding="utf-8")
    (page.parent / "diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    site = project.parent / "site"
    result = run_mkdocs_build(project, site, HELPCENTER_TODAY=BUILD_DAY, HELPCENTER_CACHE="off")
    assert result.returncode == 0, result.stderr
    return site


def small_site_project(site: Path) -> Path:
    """The sources `small_site` was built from."""
    return site.parent / "project"


@pytest.fixture(scope="session")
def small_site_url(small_site):
    """The small site served on 127.0.0.1 for the whole session."""
    from helpcenter.deploy.static_server import serving

    with serving(small_site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, injected by the accessibility checks of the browser tests."""
    from axe_check import load_axe

    return load_axe()


@pytest.fixture
def clock():
    """The settable clock of an in-process helpdesk API (`service`)."""
    from intake_support import Clock

    return Clock()


@pytest.fixture
def service(tmp_path, clock):
    """A client of a fresh helpdesk API in process (SQLite in tmp_path); `.storage` gives its outbox."""
    from helpcenter.intake.app import create_app
    from intake_support import client_for, seeded, settings_for

    app = create_app(settings_for(tmp_path), clock=clock, rng=seeded())
    with client_for(app) as client:
        client.storage = app.state.context.storage
        yield client


@pytest.fixture(scope="session")
def site_and_intake(tmp_path_factory):
    """A small site whose forms post to the helpdesk API (HELPCENTER_HELPDESK_ENDPOINT at build time), and
    the API, answering CORS for the site's origin only: shared by the ticket form's and the feedback
    widget's browser tests."""
    from helpcenter.deploy.static_server import serving
    from intake_live import run_live_intake
    from intake_support import free_port

    project = copy_project(tmp_path_factory.mktemp("ticket-form"))
    replace_once(project / "support.yml", "  timeout: 20s\n", "  timeout: 2s\n")  # for the timeout test
    port = free_port()
    result = run_mkdocs_build(project, project / "site",
                              HELPCENTER_HELPDESK_ENDPOINT=f"http://127.0.0.1:{port}/api/v1/tickets")
    assert result.returncode == 0, result.stderr
    with serving(project / "site") as url, run_live_intake(project, port, (url.rstrip("/"),)) as intake:
        yield url, intake


@pytest.fixture(scope="session")
def intake(site_and_intake):
    """The live helpdesk API behind the small site's forms (reset it before use: it is shared)."""
    return site_and_intake[1]


@pytest.fixture(scope="session")
def form_site_url(site_and_intake):
    return site_and_intake[0]


def save_screenshot(tab, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=False)
    return path
