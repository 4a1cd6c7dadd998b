"""`helpcenter intake feedback` reports the readers' answers per page and language, worst first, with their
comments; `helpcenter status` flags the pages with a low score, and says why when it cannot read any."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from conftest import copy_project
from helpcenter.cli import main
from helpcenter.intake.feedback import Vote
from helpcenter.intake.feedback_report import RULES
from helpcenter.intake.storage import open_storage

NOVEMBER = datetime(2026, 11, 10, 14, tzinfo=timezone.utc).timestamp()


def store_votes(storage, page, language, yes, no, at, comments=()):
    for number in range(yes + no):
        comment = comments[number - yes] if number >= yes and number - yes < len(comments) else None
        storage.store_vote(Vote(f"{page}-{language}-{at}-{number:04d}", page, language, number < yes, comment), at)


@pytest.fixture
def votes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'helpdesk.sqlite3'}"
    monkeypatch.setenv("HELPCENTER_INTAKE_DATABASE_URL", url)
    storage = open_storage(url)
    yield storage
    storage.close()


def test_the_report_lists_pages_worst_first_with_their_comments(votes, capsys):
    store_votes(votes, "faq/products/", "en", 1, 4, NOVEMBER, ["The API key part is missing.", "Too short"])
    store_votes(votes, "faq/products/", "de", 5, 0, NOVEMBER)
    store_votes(votes, "guide/", "fr", 1, 1, NOVEMBER)  # too few answers to be judged
    store_votes(votes, "guide/", "it", 0, 9, NOVEMBER - 40 * 86400)  # before the period
    assert main(["intake", "feedback", "--since", "2026-11-01", "--until", "2026-11-30"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("Was this page helpful? Readers' answers from 2026-11-01 to 2026-11-30 (UTC): "
                        "12 answer(s) on 3 page(s).")
    rows = [line.split() for line in lines[4:]]
    assert rows[0] == ["LOW", "20%", "1", "4", "en", "faq/products/"]
    assert rows[1] == ["2026-11-10", "“The", "API", "key", "part", "is", "missing.”"]
    assert rows[2] == ["2026-11-10", "“Too", "short”"]
    assert rows[3] == ["50%", "1", "1", "fr", "guide/"] and rows[4] == ["100%", "5", "0", "de", "faq/products/"]


def test_the_report_as_json_and_its_thresholds_from_the_command_line(votes, capsys):
    store_votes(votes, "guide/", "fr", 1, 1, NOVEMBER, ["Unclear"])
    assert main(["intake", "feedback", "--since", "2026-11-10", "--until", "2026-11-10", "--json",
                 "--low-score", "80", "--min-votes", "2"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["pages"] == [{"page": "guide/", "language": "fr", "yes": 1, "no": 1, "score": 0.5, "low": True,
                                "comments": [{"day": "2026-11-10", "text": "Unclear"}]}]
    assert main(["intake", "feedback", "--since", "2026-11-11", "--until", "2026-11-30", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pages"] == []


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("feedback-status"))


def test_status_flags_the_pages_with_a_low_score_by_their_source_file(project, votes, monkeypatch, capsys):
    tutorial = next((project / "docs" / "en" / "tutorials").glob("*/first-steps.md")).relative_to(project / "docs" / "en")
    page = tutorial.as_posix()[:-len(".md")] + "/"
    recent = (datetime.now(timezone.utc) - timedelta(days=1)).timestamp() // 3600 * 3600
    store_votes(votes, page, "en", 1, RULES.min_votes, recent)
    store_votes(votes, page, "de", RULES.min_votes, 0, recent)
    store_votes(votes, "gone/", "es", 0, RULES.min_votes, recent)
    monkeypatch.chdir(project)
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert f"2 page(s) with a low score (less than {RULES.low_score:.0%}" in out
    assert f"  LOW  17% (1 yes, {RULES.min_votes} no)  docs/en/{tutorial.as_posix()}\n" in out
    assert "/es/gone/ (no such page now)" in out and "docs/de/" not in out


@pytest.mark.parametrize("url, reason", [
    (None, "no feedback database at helpdesk.sqlite3"),
    ("postgresql://nobody@127.0.0.1:1/helpdesk", "cannot reach the feedback database postgresql://nobody@127.0.0.1:1/helpdesk"),
])
def test_status_says_why_it_shows_no_feedback(project, monkeypatch, capsys, url, reason):
    monkeypatch.chdir(project)
    if url:
        monkeypatch.setenv("HELPCENTER_INTAKE_DATABASE_URL", url)
    else:
        monkeypatch.delenv("HELPCENTER_INTAKE_DATABASE_URL", raising=False)
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert f"Reader feedback: not shown: {reason}" in out and "up to date" in out
    assert not (project / "helpdesk.sqlite3").exists()
