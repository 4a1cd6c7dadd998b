"""The build cache returns only what was stored under the same key, whole, by this cache format."""

from __future__ import annotations

import json

from helpcenter.render.cache import FORMAT, SMALL_ADDITION, RenderCache, digest


def test_an_entry_reads_back_under_its_key_only(tmp_path):
    cache = RenderCache(tmp_path, "markdown")
    key = digest("page", "# Title")
    cache.put(key, {"content": "<h1>Title</h1>"}, "de", "de/page.md")
    assert cache.get(key, "de") == {"content": "<h1>Title</h1>"}, "before it is written too"
    cache.flush("de")
    again = RenderCache(tmp_path, "markdown")
    assert again.get(key, "de") == {"content": "<h1>Title</h1>"}
    assert again.get(digest("page", "# Other title"), "de") is None
    assert again.get(key, "fr") is None, "another pack"
    assert (again.hits, again.misses) == (1, 2)
    assert [path.name for path in tmp_path.rglob("*") if path.is_file()] == ["de.pack"]


def test_keys_change_with_any_input_and_ignore_set_order():
    assert digest("a", {1, 2, 3}) == digest("a", {3, 2, 1})
    assert digest("a", "b") != digest("a", "c") != digest("ab", "c")


def test_a_pack_keeps_one_entry_per_page_and_only_the_pages_kept(tmp_path):
    cache = RenderCache(tmp_path, "markdown")
    for page in ("a.md", "b.md", "c.md"):
        cache.put(digest(page, 1), {"content": page}, "de", page)
    cache.flush("de")
    cache = RenderCache(tmp_path, "markdown")
    cache.put(digest("a.md", 2), {"content": "a, edited"}, "de", "a.md")  # a.md converted again
    cache.flush("de", keep=lambda page: page != "c.md")  # c.md is no longer a page
    cache = RenderCache(tmp_path, "markdown")
    assert cache.get(digest("a.md", 2), "de") == {"content": "a, edited"}
    assert cache.get(digest("b.md", 1), "de") == {"content": "b.md"}, "not converted again: kept"
    assert cache.get(digest("a.md", 1), "de") is None and cache.get(digest("c.md", 1), "de") is None


def stored(tmp_path) -> tuple[RenderCache, list[str], object]:
    cache = RenderCache(tmp_path, "markdown")
    keys = [digest("page", number) for number in range(3)]
    for number, key in enumerate(keys):
        cache.put(key, {"content": f"<p>ok {number}</p>"}, "de", f"page-{number}.md")
    cache.flush("de")
    return RenderCache(tmp_path, "markdown"), keys, tmp_path / "markdown" / "de.pack"


def test_a_truncated_pack_misses_what_it_lost(tmp_path):
    cache, keys, path = stored(tmp_path)
    path.write_bytes(path.read_bytes()[:-5])
    assert cache.get(keys[0], "de") == {"content": "<p>ok 0</p>"}
    assert cache.get(keys[2], "de") is None
    path.write_bytes(path.read_bytes()[:20])
    assert RenderCache(tmp_path, "markdown").get(keys[0], "de") is None


def test_an_edited_entry_is_a_miss(tmp_path):
    cache, keys, path = stored(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"ok 1", b"ko 1"))
    assert cache.get(keys[1], "de") is None
    assert cache.get(keys[0], "de") == {"content": "<p>ok 0</p>"}


def test_a_pack_of_another_format_or_shape_is_a_miss(tmp_path):
    cache, keys, path = stored(tmp_path)
    header, body = path.read_bytes().split(b"\n", 1)
    path.write_bytes(json.dumps({**json.loads(header), "format": FORMAT + 1}).encode() + b"\n" + body)
    assert RenderCache(tmp_path, "markdown").get(keys[0], "de") is None
    entries = json.loads(header)["entries"]
    entries[keys[0]] = "not an entry"
    entries[keys[1]][0] = -1000
    path.write_bytes(json.dumps({"format": FORMAT, "entries": entries}).encode() + b"\n" + body)
    again = RenderCache(tmp_path, "markdown")
    assert again.get(keys[0], "de") is None and again.get(keys[1], "de") is None
    assert again.get(keys[2], "de") == {"content": "<p>ok 2</p>"}
    path.write_bytes(b"no header line")
    assert RenderCache(tmp_path, "markdown").get(keys[2], "de") is None


def test_a_cache_that_cannot_be_written_only_misses(tmp_path):
    (tmp_path / "markdown").write_text("not a folder", encoding="utf-8")
    cache = RenderCache(tmp_path, "markdown")
    cache.put(digest("page"), {"content": "x"}, "de", "page.md")
    cache.flush("de")
    assert RenderCache(tmp_path, "markdown").get(digest("page"), "de") is None


def test_a_pack_written_again_keeps_what_read_back_whole(tmp_path):
    cache, keys, path = stored(tmp_path)
    header, body = path.read_bytes().split(b"\n", 1)
    entries = json.loads(header)["entries"]
    entries[keys[0]][3] = ["not a page"]
    path.write_bytes(json.dumps({"format": FORMAT, "entries": entries}).encode() + b"\n" + body[:-5])  # truncated
    cache.put(digest("new page"), {"content": "<p>new</p>"}, "de", "new.md")
    assert cache.get(keys[0], "de") is None and cache.get(keys[2], "de") is None
    cache.flush("de")
    again = RenderCache(tmp_path, "markdown")
    assert again.get(keys[1], "de") == {"content": "<p>ok 1</p>"}, "the entries that read back whole are kept"
    assert again.get(digest("new page"), "de") == {"content": "<p>new</p>"}
    assert again.get(keys[0], "de") is None and again.get(keys[2], "de") is None


def test_a_few_pages_added_to_a_large_pack_are_not_written(tmp_path):
    cache = RenderCache(tmp_path, "markdown")
    for number in range(16 * SMALL_ADDITION):
        cache.put(digest(number), {"content": str(number)}, "de", f"{number}.md")
    cache.flush("de")
    path = tmp_path / "markdown" / "de.pack"
    written = path.read_bytes()
    cache = RenderCache(tmp_path, "markdown")
    cache.put(digest("edited"), {"content": "edited"}, "de", "0.md")
    cache.flush("de")
    assert path.read_bytes() == written, "one page edited: the pack stays as it was"
    for number in range(SMALL_ADDITION):
        cache.put(digest("edited", number), {"content": "edited"}, "de", f"{number}.md")
    cache.flush("de")
    again = RenderCache(tmp_path, "markdown")
    assert again.get(digest("edited", 0), "de") == {"content": "edited"} and again.get(digest(0), "de") is None
    assert again.get(digest("edited"), "de") is None, "0.md converted twice: its last conversion only"
    assert again.get(digest(SMALL_ADDITION), "de") == {"content": str(SMALL_ADDITION)}
