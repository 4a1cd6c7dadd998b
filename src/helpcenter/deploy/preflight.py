"""Before a deploy builds anything: do the targets keep the policy's promise of distinct hosting sites, and can CI reach them."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from urllib.parse import urlsplit

from helpcenter.deploy.config import DeployConfig
from helpcenter.deploy.rsync import RsyncTarget
from helpcenter.deploy.s3 import NEEDS_BOTO3, S3Target

# What a CI job must provide for each kind of target (secret names of .github/workflows/deploy.yml).
SSH_KEY, KNOWN_HOSTS, AWS_KEYS = "DEPLOY_SSH_KEY", "DEPLOY_KNOWN_HOSTS", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"


@dataclass(frozen=True)
class Preflight:
    """The problems found (one sentence each, saying what to change) and what the deploy will need."""

    problems: tuple[str, ...]
    needs_ssh: bool  # an rsync target on another host: the job sets up an SSH key and known_hosts
    needs_s3: bool


def preflight(config: DeployConfig, hosting_sites: int, *, ci: bool = False,
              secrets: frozenset[str] = frozenset()) -> Preflight:
    """Check a validated deploy configuration against the policy's `hosting_sites` promise.

    With `ci`, the deploy runs on a throw-away machine: a target on this machine is refused, and
    `secrets` (names among SSH_KEY, KNOWN_HOSTS, AWS_KEYS) must hold what each kind of target needs.
    """
    targets = config.targets
    name = config.file.name
    problems = []
    if len(targets) < hosting_sites:
        problems.append(f"{name} lists {len(targets)} target(s); the support policy promises {hosting_sites} "
                        f"hosting sites (support.yml: technical_means.hosting_sites); add the missing target(s)")
    hosts: dict[str | None, str] = {}
    for target in targets:
        host = urlsplit(target.url).hostname
        if host in hosts:
            problems.append(f"targets '{hosts[host]}' and '{target.name}' have the same url host ({host}); the "
                            f"hosting sites must be in distinct places")
        hosts.setdefault(host, target.name)
        if ci and target.on_this_machine:
            problems.append(f"target '{target.name}' publishes on this CI runner, which is thrown away after the "
                            f"job; use an rsync target with a host, or an s3 target")
    needs_ssh = any(isinstance(target, RsyncTarget) and not target.on_this_machine for target in targets)
    needs_s3 = any(isinstance(target, S3Target) for target in targets)
    if needs_s3 and importlib.util.find_spec("boto3") is None:
        problems.append(f"{name} has an s3 target: {NEEDS_BOTO3}")
    if ci:
        required = {SSH_KEY: needs_ssh, KNOWN_HOSTS: needs_ssh, AWS_KEYS: needs_s3}
        for secret in (secret for secret, needed in required.items() if needed and secret not in secrets):
            kind = "an s3 target" if secret == AWS_KEYS else "an rsync target"
            what = f"the secrets {secret} are not both set" if secret == AWS_KEYS else f"the secret {secret} is not set"
            problems.append(f"{name} has {kind} but {what}")
    return Preflight(tuple(problems), needs_ssh, needs_s3)
