"""The writers' and operators' commands fail with one line, no traceback, and leave nothing half done."""

from __future__ import annotations

import socket

from conftest import LANGUAGES, copy_project, replace_once
from helpcenter.cli import main


def run(monkeypatch, capsys, project, *arguments) -> tuple[int, str]:
    monkeypatch.chdir(project)
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_new_tutorial_for_an_unknown_product_names_it_and_lists_the_known_ones(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path)
    code, output = run(monkeypatch, capsys, project, "new", "tutorial", "export", "--title", "Exporter",
                       "--product", "nope")
    assert (code, output.strip()) == (1, "error: unknown product 'nope'; --product takes a product id of "
                                         "support.yml: lightning-alert, lightning-data-api, espace-client")
    assert not list(project.glob("docs/*/tutorials/nope"))


def test_new_that_cannot_finish_writes_nothing_and_can_be_run_again(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    before = config.read_text(encoding="utf-8") + "nav:\n  - index.md\n"
    config.write_text(before, encoding="utf-8")
    code, output = run(monkeypatch, capsys, project, "new", "faq", "billing", "--title", "Facturation")
    assert (code, output.strip()) == (1, "error: mkdocs.yml: nav has no section for faq/ yet; add one with its "
                                         "index page first (nothing was created)")
    assert not list(project.glob("docs/*/faq/billing.md")) and config.read_text(encoding="utf-8") == before
    replace_once(config, "nav:\n  - index.md\n", "nav:\n  - index.md\n  - FAQ:\n      - faq/index.md\n")
    code, output = run(monkeypatch, capsys, project, "new", "faq", "billing", "--title", "Facturation")
    assert code == 0, output
    assert len(list(project.glob("docs/*/faq/billing.md"))) == len(LANGUAGES)
    assert "      - faq/index.md\n      - faq/billing.md\n" in config.read_text(encoding="utf-8")


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = run(monkeypatch, capsys, project, "serve", "--port", str(port))
    assert (code, output.strip()) == (1, f"error: port {port} is already in use (another preview?); stop it, or "
                                         f"preview on another port: helpcenter serve --port {port + 1}")


def test_ctrl_c_during_deploy_is_one_line_without_traceback(tmp_path, monkeypatch, capsys):
    import helpcenter.deploy.pipeline as pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "deploy", interrupted)
    code, output = run(monkeypatch, capsys, copy_project(tmp_path), "deploy")
    assert (code, output.strip()) == (130, "error: deploy interrupted (Ctrl+C); the lines above say which targets "
                                           "already serve the new release; run `helpcenter deploy` again to finish "
                                           "(or `helpcenter deploy --rollback TARGET`)")
