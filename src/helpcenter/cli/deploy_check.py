"""`helpcenter deploy --check`: the deploy configuration checked against the policy (and CI's secrets), before any build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from helpcenter.deploy.config import load_deploy_config
from helpcenter.deploy.preflight import AWS_KEYS, KNOWN_HOSTS, SSH_KEY, preflight
from helpcenter.policy.loader import load_policy
from helpcenter.site.config import Project

# In CI, which secrets are set (never their values): "true" or anything else, as the workflow passes them.
SECRET_FLAGS = {SSH_KEY: "HAS_SSH_KEY", KNOWN_HOSTS: "HAS_KNOWN_HOSTS", AWS_KEYS: "HAS_AWS_KEYS"}


def check_deploy(project: Project, config_file: Path, ci: bool = False) -> int:
    """Print one line per problem (a GitHub annotation inside GitHub Actions); 1 if any, else 0.

    Inside GitHub Actions it also writes `needs_ssh` and `site_url` to $GITHUB_OUTPUT and a table of
    the targets to $GITHUB_STEP_SUMMARY.
    """
    shown = os.path.relpath(config_file, project.root)
    config = load_deploy_config(config_file, shown)
    hosting_sites = load_policy(project.policy_file).hosting_sites
    secrets = frozenset(secret for secret, flag in SECRET_FLAGS.items() if os.environ.get(flag) == "true")
    result = preflight(config, hosting_sites, ci=ci, secrets=secrets)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in result.problems:
        print(f"::error file={shown}::{problem}" if github else f"error: {problem}", file=sys.stderr)
    if result.problems:
        return 1
    _append(os.environ.get("GITHUB_OUTPUT"), f"needs_ssh={str(result.needs_ssh).lower()}\n"
                                             f"site_url={project.site_url or ''}\n")
    rows = "".join(f"| {target.name} | {target.kind} | {target.url} |\n" for target in config.targets)
    _append(os.environ.get("GITHUB_STEP_SUMMARY"),
            f"## Help center deploy\n\nCommit `{os.environ.get('GITHUB_SHA', 'unknown')}`; {hosting_sites} hosting "
            f"sites promised, {len(config.targets)} target(s) in {shown}:\n\n"
            f"| target | type | url |\n| --- | --- | --- |\n{rows}\n")
    print(f"{shown}: {len(config.targets)} target(s) for {hosting_sites} promised hosting site(s); ready to deploy")
    return 0


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)
