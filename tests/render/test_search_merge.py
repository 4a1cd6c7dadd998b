"""A search bundle takes the files of the languages indexed again, and nothing when the bundles do not fit."""

from __future__ import annotations

import json

from helpcenter.render.search_merge import merge_languages, merge_plan


def bundle(folder, version: str, languages: dict[str, str], shared: str = "loader") -> None:
    (folder / "fragment").mkdir(parents=True)
    (folder / "pagefind.js").write_text(shared, encoding="utf-8")
    (folder / "wasm.unknown.pagefind").write_text("unknown", encoding="utf-8")
    entry = {"version": version, "languages": {}}
    for code, text in languages.items():
        (folder / f"pagefind.{code}_{text}.pf_meta").write_text(text, encoding="utf-8")
        (folder / f"wasm.{code}.pagefind").write_text(code, encoding="utf-8")
        (folder / "fragment" / f"{code}_{text}.pf_fragment").write_text(text, encoding="utf-8")
        entry["languages"][code] = {"hash": f"{code}_{text}", "wasm": code, "page_count": 1}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")


def files(folder) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_languages_indexed_again_replace_theirs_and_the_others_stay(tmp_path):
    bundle(tmp_path / "old", "1.5.2", {"fr": "a1", "de": "b1"})
    bundle(tmp_path / "new", "1.5.2", {"de": "b2"})
    bundle(tmp_path / "whole", "1.5.2", {"fr": "a1", "de": "b2"})
    put, removed, _ = merge_plan(tmp_path / "old", tmp_path / "new", ["de"])
    assert "wasm.de.pagefind" not in put, "a file already in place byte for byte is not put again"
    assert "fragment/de_b2.pf_fragment" in put and removed == ["fragment/de_b1.pf_fragment", "pagefind.de_b1.pf_meta"]
    assert merge_languages(tmp_path / "old", tmp_path / "new", ["de"])
    merged, whole = files(tmp_path / "old"), files(tmp_path / "whole")
    assert json.loads(merged.pop("pagefind-entry.json")) == json.loads(whole.pop("pagefind-entry.json"))
    assert merged == whole


def test_files_left_out_of_the_partial_bundle_as_the_same_count_as_its_own(tmp_path):
    bundle(tmp_path / "old", "1.5.2", {"fr": "a1", "de": "b1"})
    bundle(tmp_path / "new", "1.5.2", {"de": "b2"})
    expected = merge_plan(tmp_path / "old", tmp_path / "new", ["de"])
    same = ["pagefind.js", "wasm.de.pagefind", "wasm.unknown.pagefind"]  # held byte for byte by "old"
    for name in same:
        (tmp_path / "new" / name).unlink()
    assert merge_plan(tmp_path / "old", tmp_path / "new", ["de"], same) == expected
    put, removed, _ = merge_plan(tmp_path / "old", tmp_path / "new", ["de"])
    assert "wasm.de.pagefind" in removed, "without being named, a file left out is one the new bundle has not"


def test_bundles_that_do_not_fit_leave_the_previous_one_as_it_was(tmp_path):
    bundle(tmp_path / "old", "1.5.2", {"fr": "a1", "de": "b1"})
    before = files(tmp_path / "old")
    bundle(tmp_path / "other-version", "1.6.0", {"de": "b2"})
    bundle(tmp_path / "other-language", "1.5.2", {"de": "b2", "it": "c2"})
    bundle(tmp_path / "other-loader", "1.5.2", {"de": "b2"}, shared="another loader")
    for partial in ("other-version", "other-language", "other-loader"):
        assert not merge_languages(tmp_path / "old", tmp_path / partial, ["de"]), partial
    assert files(tmp_path / "old") == before
