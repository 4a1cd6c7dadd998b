"""`helpcenter intake list|show|retry` read the outbox; `serve` refuses bad settings, one line per mistake."""

from __future__ import annotations

import pytest

from helpcenter.cli import main
from helpcenter.intake.storage import Attempt, NewTicket, open_storage
from intake_support import general_question, technical_ticket


@pytest.fixture
def outbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no mkdocs.yml here: the intake commands do not need the project
    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    monkeypatch.setenv("HELPCENTER_INTAKE_DATABASE_URL", url)
    storage = open_storage(url)
    storage.store("k1", "fp", NewTicket("HD-AAAA-0001", 1_790_000_000, technical_ticket(),
                                        (("screen.png", "image/png", b"png"),)), {}, 2e9)
    storage.store("k2", "fp", NewTicket("HD-AAAA-0002", 1_790_000_100, general_question(), ()), {}, 2e9)
    storage.claim("w", 1_790_000_200, 1_790_000_300)
    storage.finish("w", "HD-AAAA-0001", Attempt(1, 1_790_000_200, 1_790_000_201, "failed", "HTTP 400 from POST /rest/servicedeskapi/request"))
    yield storage
    storage.close()


def test_list_shows_each_ticket_with_its_state_and_attempts(outbox, capsys):
    assert main(["intake", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:5] == ["HD-AAAA-0002", "2026-09-21", "14:15:00", "pending", "0"]
    assert lines[2].split()[3:5] == ["failed", "1"] and "HTTP 400" in lines[2]
    assert lines[-1] == "1 pending, 0 sent, 1 failed"
    assert main(["intake", "list", "--state", "failed"]) == 0
    assert "HD-AAAA-0002" not in capsys.readouterr().out


def test_show_gives_the_ticket_its_files_and_attempts(outbox, capsys):
    assert main(["intake", "show", "HD-AAAA-0001"]) == 0
    out = capsys.readouterr().out
    assert "HD-AAAA-0001: failed, 1 attempt(s)" in out and '"email": "anna.schmidt@example.de"' in out
    assert "file: screen.png (image/png, 3 bytes)" in out
    assert "attempt 1: 2026-09-21 14:16:40 -> failed: HTTP 400" in out
    assert main(["intake", "show", "HD-NONE-0000"]) == 1


def test_retry_queues_a_failed_ticket_again(outbox, capsys):
    assert main(["intake", "retry", "HD-AAAA-0001"]) == 0
    assert outbox.ticket("HD-AAAA-0001").state == "pending"
    assert main(["intake", "retry", "HD-NONE-0000"]) == 1


def test_serve_names_every_wrong_setting_on_its_own_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name, value in {"CONNECTOR": "jira", "JIRA_URL": "example.atlassian.net", "RATE_LIMIT": "lots",
                        "CORS_ORIGINS": "https://help.example.com/support/", "DATABASE_URL": "mysql://x",
                        "WORKERS": "-1", "JIRA_TOKEN": "secret-value"}.items():
        monkeypatch.setenv(f"HELPCENTER_INTAKE_{name}", value)
    assert main(["intake", "serve"]) == 2
    errors = capsys.readouterr().err.splitlines()
    named = [line.split(":")[1].strip() for line in errors]
    assert named == ["HELPCENTER_INTAKE_DATABASE_URL", "HELPCENTER_INTAKE_CORS_ORIGINS", "HELPCENTER_INTAKE_RATE_LIMIT",
                     "HELPCENTER_INTAKE_WORKERS", "HELPCENTER_INTAKE_JIRA_URL", "HELPCENTER_INTAKE_JIRA_SERVICE_DESK_ID",
                     "HELPCENTER_INTAKE_JIRA_EMAIL", "HELPCENTER_INTAKE_JIRA_API_TOKEN", "HELPCENTER_INTAKE_POLICY",
                     "HELPCENTER_INTAKE_JIRA_TOKEN"], errors
    assert all(line.startswith("error: HELPCENTER_INTAKE_") for line in errors)
    assert "secret-value" not in "\n".join(errors)


def test_secrets_stay_out_of_the_settings_repr():
    from helpcenter.intake.settings import from_environment

    settings = from_environment({"HELPCENTER_INTAKE_POLICY": "support.yml", "HELPCENTER_INTAKE_CONNECTOR": "jira",
                                 "HELPCENTER_INTAKE_JIRA_URL": "https://x.atlassian.net", "HELPCENTER_INTAKE_JIRA_EMAIL": "bot@x",
                                 "HELPCENTER_INTAKE_JIRA_API_TOKEN": "tok-123", "HELPCENTER_INTAKE_JIRA_SERVICE_DESK_ID": "4",
                                 "HELPCENTER_INTAKE_DATABASE_URL": "postgresql://u:pw-456@db/helpdesk"})
    assert "tok-123" not in repr(settings) and "pw-456" not in repr(settings)
