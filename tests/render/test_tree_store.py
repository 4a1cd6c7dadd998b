"""A folder kept between builds comes back only whole and only for the inputs it was made from."""

from __future__ import annotations

import json
import os

import pytest

from helpcenter.render import tree_store
from helpcenter.render.tree_store import TreeStore


def kept(tmp_path) -> TreeStore:
    source = tmp_path / "built"
    (source / "de").mkdir(parents=True)
    (source / "de" / "index.html").write_text("<p>Hallo</p>", encoding="utf-8")
    (source / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    store = TreeStore(tmp_path / "cache", "languages")
    store.keep("de", "key-1", source)
    return store


def test_a_kept_folder_comes_back_for_its_key_only(tmp_path):
    store = kept(tmp_path)
    assert not store.restore("de", "key-2", tmp_path / "other")
    assert not (tmp_path / "other").exists()
    assert store.restore("de", "key-1", tmp_path / "again")
    assert (tmp_path / "again" / "de" / "index.html").read_text(encoding="utf-8") == "<p>Hallo</p>"
    assert (tmp_path / "again" / "sitemap.xml").read_text(encoding="utf-8") == "<urlset/>"


def test_a_kept_folder_edited_truncated_or_from_another_format_is_not_trusted(tmp_path):
    store = kept(tmp_path)
    place = tmp_path / "cache" / "languages" / "de"
    page = place / "tree" / "de" / "index.html"
    page.write_text("<p>Hallo!</p>", encoding="utf-8")  # same size would not do: the content is checked
    assert not store.restore("de", "key-1", tmp_path / "edited")
    page.write_text("<p>Hallo</p>", encoding="utf-8")
    assert store.restore("de", "key-1", tmp_path / "restored")
    page.write_text("<p>Hxllo</p>", encoding="utf-8")  # same size, other bytes
    assert not store.restore("de", "key-1", tmp_path / "same-size")
    page.write_text("<p>Hallo</p>", encoding="utf-8")
    manifest = place / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "format": -1}), encoding="utf-8")
    assert not store.restore("de", "key-1", tmp_path / "foreign")
    manifest.write_text(json.dumps(data)[:40], encoding="utf-8")
    assert not store.restore("de", "key-1", tmp_path / "truncated")
    (place / "tree" / "de" / "extra.html").write_text("", encoding="utf-8")
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert not store.restore("de", "key-1", tmp_path / "extra")


def test_a_kept_file_is_trusted_by_its_stat_and_read_again_once_it_was_written_to(tmp_path, monkeypatch):
    source = tmp_path / "built"
    source.mkdir()
    page = source / "index.html"
    page.write_text("<p>Hallo</p>", encoding="utf-8")
    an_hour_ago = page.stat().st_mtime_ns - 3600 * 10**9
    os.utime(page, ns=(an_hour_ago, an_hour_ago))  # written long before the manifest: not racy
    store = TreeStore(tmp_path / "cache", "languages")
    store.keep("de", "key-1", source)
    with monkeypatch.context() as patched:  # not read again while its stat is the kept one
        patched.setattr(tree_store, "file_sha256", lambda path: pytest.fail("a file with its kept stat was read"))
        assert store.restore("de", "key-1", tmp_path / "trusted")
    page.write_text("<p>Hxllo</p>", encoding="utf-8")  # through the hard link: same size, new time
    assert not store.restore("de", "key-1", tmp_path / "edited")
