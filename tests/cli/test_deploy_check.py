"""`helpcenter deploy --check`: what the deploy workflow runs before building, as an operator sees it."""

from __future__ import annotations

from conftest import ROOT, copy_project
from helpcenter.cli import main
from helpcenter.policy.loader import load_policy

TWO_SITES = ("targets:\n"
             "  - name: web2\n    type: rsync\n    host: deploy@web2.example.com\n    path: /srv/help\n"
             "    url: https://web2.example.com/\n"
             "  - name: cdn\n    type: s3\n    bucket: help-site\n    url: https://cdn.example.net/help/\n")


def run(monkeypatch, capsys, project, *arguments) -> tuple[int, str, str]:
    monkeypatch.chdir(project)
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_in_github_actions_writes_the_outputs_and_the_summary(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path)
    (project / "deploy.yml").write_text(TWO_SITES, encoding="utf-8")
    output, summary = tmp_path / "output", tmp_path / "summary"
    for name, value in {"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
                        "GITHUB_SHA": "abc123", "HAS_SSH_KEY": "true", "HAS_KNOWN_HOSTS": "true",
                        "HAS_AWS_KEYS": "true"}.items():
        monkeypatch.setenv(name, value)
    code, out, err = run(monkeypatch, capsys, project, "deploy", "--check", "--ci")
    assert (code, err) == (0, ""), err
    assert output.read_text(encoding="utf-8") == "needs_ssh=true\nsite_url=https://help.meteorage.com/\n"
    promised = load_policy(project / "support.yml").hosting_sites
    assert f"Commit `abc123`; {promised} hosting sites promised, 2 target(s) in deploy.yml" in summary.read_text()
    assert "| cdn | s3 | https://cdn.example.net/help/ |" in summary.read_text()


def test_check_names_each_problem_as_an_annotation_and_fails(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path)
    (project / "deploy.yml").write_text(TWO_SITES, encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    for name in ("HAS_SSH_KEY", "HAS_KNOWN_HOSTS", "HAS_AWS_KEYS"):
        monkeypatch.setenv(name, "false")
    code, out, err = run(monkeypatch, capsys, project, "deploy", "--check", "--ci")
    assert code == 1
    assert "::error file=deploy.yml::deploy.yml has an rsync target but the secret DEPLOY_SSH_KEY is not set" in err
    assert err.count("::error") == 3


def test_check_of_a_missing_or_wrong_configuration_names_file_and_line(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path)
    code, out, err = run(monkeypatch, capsys, project, "deploy", "--check")
    assert code == 1 and "deploy.yml: file not found; copy deploy.example.yml to it" in err
    (project / "deploy.yml").write_text(TWO_SITES.replace("type: s3", "type: ftp"), encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, project, "deploy", "--check")
    assert code == 1 and "deploy.yml:8: targets[cdn].type: unknown target type 'ftp'" in err


def test_the_deploy_workflow_checks_through_the_command_not_inline_python():
    workflow = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "helpcenter deploy --check --ci" in workflow
    assert "python - <<" not in workflow and "import yaml" not in workflow
