"""site.language_names: the switcher's names of the languages, kept between builds only while made the same way."""

from __future__ import annotations

import json

from helpcenter.l10n.formatting import native_language_name
from helpcenter.site.language_names import RECORD, native_names

CODES = ["fr", "de", "en"]


def test_the_names_are_babels_and_kept(tmp_path, monkeypatch):
    expected = {code: native_language_name(code) for code in CODES}
    assert native_names(CODES, tmp_path) == expected == native_names(CODES, None)
    monkeypatch.setattr("helpcenter.l10n.formatting.native_language_name", lambda code: "asked again")
    assert native_names(CODES, tmp_path) == expected, "read from the record"
    assert native_names(["it"], tmp_path) == {"it": "asked again"}, "a language the record does not name"


def test_a_record_made_otherwise_or_unreadable_is_not_used(tmp_path):
    expected = {code: native_language_name(code) for code in CODES}
    native_names(CODES, tmp_path)
    made_by = json.loads((tmp_path / RECORD).read_text(encoding="utf-8"))["made_by"]
    for text in [json.dumps({"made_by": "babel==0.0 other", "names": {code: "Wrong" for code in CODES}}),
                 json.dumps({"made_by": made_by, "names": ["not", "a", "mapping"]}), "{truncated"]:
        (tmp_path / RECORD).write_text(text, encoding="utf-8")
        assert native_names(CODES, tmp_path) == expected, text
