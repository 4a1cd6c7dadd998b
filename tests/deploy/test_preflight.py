"""The deploy preflight: the policy's distinct hosting sites, CI's throw-away machine and secrets, the s3 extra."""

from __future__ import annotations

import sys

import pytest

from helpcenter.deploy.config import load_deploy_config
from helpcenter.deploy.contract import DeployError
from helpcenter.deploy.preflight import AWS_KEYS, KNOWN_HOSTS, SSH_KEY, preflight

RSYNC = "  - name: {name}\n    type: rsync\n    host: deploy@{name}.example.com\n    path: /srv/help\n    url: {url}\n"
S3 = "  - name: {name}\n    type: s3\n    bucket: help-site\n    url: {url}\n"
DIRECTORY = "  - name: {name}\n    type: directory\n    path: www\n    url: {url}\n"


def config(tmp_path, *targets: str):
    path = tmp_path / "deploy.yml"
    path.write_text("targets:\n" + "".join(targets), encoding="utf-8")
    return load_deploy_config(path)


def test_two_distinct_remote_sites_with_their_secrets_pass(tmp_path):
    deploy = config(tmp_path, RSYNC.format(name="web2", url="https://web2.example.com/"),
                    S3.format(name="cdn", url="https://cdn.example.net/help/"))
    result = preflight(deploy, 2, ci=True, secrets=frozenset({SSH_KEY, KNOWN_HOSTS, AWS_KEYS}))
    assert (result.problems, result.needs_ssh, result.needs_s3) == ((), True, True)


def test_fewer_targets_than_the_promised_hosting_sites_is_refused(tmp_path):
    deploy = config(tmp_path, S3.format(name="cdn", url="https://cdn.example.net/"))
    assert preflight(deploy, 2).problems == (
        "deploy.yml lists 1 target(s); the support policy promises 2 hosting sites (support.yml: "
        "technical_means.hosting_sites); add the missing target(s)",)


def test_two_targets_on_the_same_host_are_one_site(tmp_path):
    deploy = config(tmp_path, RSYNC.format(name="a", url="https://help.example.com/"),
                    RSYNC.format(name="b", url="https://help.example.com/other/"))
    assert preflight(deploy, 2).problems == (
        "targets 'a' and 'b' have the same url host (help.example.com); the hosting sites must be in distinct places",)


def test_in_ci_a_target_on_the_runner_and_missing_secrets_are_refused(tmp_path):
    deploy = config(tmp_path, DIRECTORY.format(name="local", url="https://a.example.com/"),
                    RSYNC.format(name="web2", url="https://b.example.com/"),
                    S3.format(name="cdn", url="https://c.example.com/"))
    assert preflight(deploy, 2).problems == (), "outside CI, a directory target is fine"
    assert preflight(deploy, 2, ci=True, secrets=frozenset({KNOWN_HOSTS})).problems == (
        "target 'local' publishes on this CI runner, which is thrown away after the job; use an rsync target "
        "with a host, or an s3 target",
        "deploy.yml has an rsync target but the secret DEPLOY_SSH_KEY is not set",
        "deploy.yml has an s3 target but the secrets AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
    )


@pytest.fixture
def without_boto3(monkeypatch):
    """As on a writer's machine: boto3 (the s3 extra) is not installed."""
    for module in ("boto3", "botocore", "botocore.config", "botocore.exceptions"):
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *rest: None)


def test_an_s3_target_without_the_s3_extra_says_how_to_install_it(tmp_path, without_boto3):
    deploy = config(tmp_path, S3.format(name="cdn", url="https://cdn.example.net/"))
    assert preflight(deploy, 1).problems == (
        "deploy.yml has an s3 target: the s3 target needs boto3, which is not installed; install the s3 extra: "
        "pip install 'helpcenter[s3]'",)
    with pytest.raises(DeployError) as raised:
        deploy.targets[0].check()
    assert str(raised.value) == ("target 'cdn': the s3 target needs boto3, which is not installed; install the s3 "
                                 "extra: pip install 'helpcenter[s3]'")
