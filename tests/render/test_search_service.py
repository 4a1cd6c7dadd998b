"""render.search_service: Pagefind's service, given a folder then pages written again, writes the bundle
Pagefind's command writes of the folder holding those pages."""

import pytest

from helpcenter.render.search_service import BackgroundIndex, ServiceFailed, begin, page_url
from helpcenter.render.site_search import index_input

PAGE = ('<!doctype html><html lang="de"><head><title>{title}</title></head><body>'
        '<main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>')


def files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_page_written_again_takes_its_place_and_the_bundle_is_the_commands(tmp_path):
    site = tmp_path / "site"
    for number, path in enumerate(["de/index.html", "de/a/index.html", "de/b/index.html", "de/c/index.html"]):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(PAGE.format(title=f"Seite {number}", text=f"Text {number}"), encoding="utf-8")
    background = BackgroundIndex(site)
    edited = PAGE.format(title="Seite B", text="Ein ganz neuer Absatz").encode("utf-8")
    background.replace(page_url("de/b/index.html"), edited)
    index_input(site, tmp_path / "before")  # the bundle of the pages before the edit
    same = background.write(tmp_path / "service", tmp_path / "before")
    (site / "de" / "b" / "index.html").write_bytes(edited)
    index_input(site, tmp_path / "command")
    # The files the bundle before holds byte for byte are left out (named), the others written.
    written, before, expected = files(tmp_path / "service"), files(tmp_path / "before"), files(tmp_path / "command")
    assert same and not set(same) & set(written) and set(same) | set(written) == set(expected)
    assert all(written[name] == expected[name] for name in written)
    assert all(before[name] == expected[name] for name in same)
    assert any(name.startswith("fragment/") for name in written), "the edited page's fragment is new"


def test_the_bundle_asked_for_before_it_is_written_is_the_same(tmp_path):
    site = tmp_path / "site"
    for number, path in enumerate(["de/index.html", "de/a/index.html"]):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(PAGE.format(title=f"Seite {number}", text=f"Text {number}"), encoding="utf-8")
    edited = PAGE.format(title="Seite A", text="Neu").encode("utf-8")
    background = BackgroundIndex(site)
    background.replace(page_url("de/a/index.html"), edited)
    background.request()
    with pytest.raises(ServiceFailed):  # too late: the bundle asked for is made without it
        background.replace(page_url("de/index.html"), edited)
    background.write(tmp_path / "service")
    (site / "de" / "a" / "index.html").write_bytes(edited)
    index_input(site, tmp_path / "command")
    assert files(tmp_path / "service") == files(tmp_path / "command")


def test_a_service_that_fails_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "false")  # stops at once, answering nothing
    with pytest.raises(ServiceFailed):  # as it starts, or when the bundle is asked for: whichever it meets first
        background = BackgroundIndex(tmp_path)
        try:
            background.write(tmp_path / "bundle")
        finally:
            background.stop()


def test_a_service_that_cannot_start_leaves_the_index_to_the_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    assert begin(tmp_path) is None


def test_page_urls_are_pagefinds():
    assert page_url("index.html") == "/" and page_url("de/index.html") == "/de/"
    assert page_url("de/a/index.html") == "/de/a/" and page_url("de/a.html") == "/de/a.html"
