"""The GitHub workflows pass zizmor, the GitHub Actions security linter, with no finding; they build the site
one job per language, from the languages mkdocs.yml lists, merged strict, and check the secrets before publishing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def test_workflows_have_no_zizmor_finding():
    """Actions pinned to a commit, no credentials persisted, no template expanded inside `run:`."""
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is missing: it is in the test extra (pip install -e '.[test]')"
    result = subprocess.run([zizmor, "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def workflow(name: str) -> dict:
    import yaml

    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


@pytest.mark.parametrize("name", ["deploy.yml", "pull-request.yml"])
def test_the_site_is_built_one_job_per_language_from_the_languages_of_mkdocs_yml_then_merged_strict(name):
    jobs = workflow(name)["jobs"]
    assert any("helpcenter languages --json" in run for run in runs(jobs["plan"]))
    part = jobs["part"]
    assert part["strategy"]["matrix"] == {"language": "${{ fromJSON(needs.plan.outputs.languages) }}"}
    assert any('helpcenter part "$LANGUAGE"' in run and "--strict" in run for run in runs(part))
    assert not any("helpcenter build" in run for job in jobs.values() for run in runs(job))
    merging = [job for job in jobs.values() if any("helpcenter merge parts/*" in run for run in runs(job))]
    assert len(merging) == 1 and "part" in merging[0]["needs"]
    assert any("helpcenter merge parts/* --site-dir site --strict" in run for run in runs(merging[0]))


def test_the_deploy_checks_the_secrets_before_it_merges_and_publishes():
    steps = workflow("deploy.yml")["jobs"]["deploy"]["steps"]
    order = [number for number, step in enumerate(steps)
             for command in ("deploy --check --ci", "helpcenter merge", "helpcenter deploy --site-dir")
             if command in step.get("run", "")]
    assert len(order) == 3 and order == sorted(order)
