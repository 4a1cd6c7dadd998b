"""The build cache returns only what was stored under the same key, whole, by this cache format."""

from __future__ import annotations

import json

from helpcenter.render.cache import FORMAT, RenderCache, digest


def test_an_entry_reads_back_under_its_key_only(tmp_path):
    cache = RenderCache(tmp_path, "markdown")
    key = digest("page", "# Title")
    cache.put(key, {"content": "<h1>Title</h1>"})
    assert cache.get(key) == {"content": "<h1>Title</h1>"}
    assert cache.get(digest("page", "# Other title")) is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_keys_change_with_any_input_and_ignore_set_order():
    assert digest("a", {1, 2, 3}) == digest("a", {3, 2, 1})
    assert digest("a", "b") != digest("a", "c") != digest("ab", "c")


def stored(tmp_path) -> tuple[RenderCache, str, object]:
    cache = RenderCache(tmp_path, "markdown")
    key = digest("page")
    cache.put(key, {"content": "<p>ok</p>"})
    return cache, key, next(tmp_path.rglob("*.json"))


def test_a_truncated_entry_is_a_miss(tmp_path):
    cache, key, path = stored(tmp_path)
    path.write_text(path.read_text(encoding="utf-8")[:20], encoding="utf-8")
    assert cache.get(key) is None


def test_an_edited_entry_is_a_miss(tmp_path):
    cache, key, path = stored(tmp_path)
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["payload"]["content"] = "<p>changed</p>"
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert cache.get(key) is None


def test_an_entry_of_another_format_or_key_is_a_miss(tmp_path):
    cache, key, path = stored(tmp_path)
    entry = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**entry, "format": FORMAT + 1}), encoding="utf-8")
    assert cache.get(key) is None
    path.write_text(json.dumps({**entry, "key": digest("another page")}), encoding="utf-8")
    assert cache.get(key) is None


def test_a_cache_that_cannot_be_written_only_misses(tmp_path):
    (tmp_path / "markdown").write_text("not a folder", encoding="utf-8")
    cache = RenderCache(tmp_path, "markdown")
    cache.put(digest("page"), {"content": "x"})
    assert cache.get(digest("page")) is None
