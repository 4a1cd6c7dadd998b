"""`helpcenter deploy`: publish an already built `site/` to every target of a deploy configuration, or roll one back.

    results = deploy(Path("site"), Path("deploy.yml"))       # raises DeployError
    rollback(load_deploy_config(Path("deploy.yml")), "web1")  # the release before the live one

A deploy runs in phases, so that a problem stops it where it does the least harm:

1. check every target (storage reachable and writable, public URL answering): a failure here
   changes nothing anywhere;
2. write the brotli and gzip copies of the text files (`helpcenter.compression`), then upload the
   release to every target, not visible yet: a failure removes what was uploaded, and
   every target still serves its previous build;
3. switch every target to the new release, each in one atomic step;
4. verify over HTTP that each target's public URL serves the new `build-info.json` (same `commit`
   and `built_at`), retrying for `verify_timeout` seconds (caches);
5. delete the releases beyond `keep` on the targets that passed.

Every error names the target and says what to do. The targets keep the contract of
`helpcenter.deploy.contract` (one module per kind: directory, rsync, s3); the configuration is read by
`helpcenter.deploy.config`, its format documented in `deploy.example.yml`.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from helpcenter.compression import precompress
from helpcenter.deploy.config import DeployConfig, DeployConfigError, load_deploy_config
from helpcenter.deploy.contract import (
    RELEASE_ID,
    BuildInfo,
    DeployError,
    Log,
    Target,
    TargetState,
    previous_candidates,
    releases_to_prune,
    target_error,
)
from helpcenter.deploy.http import BUILD_INFO, NotServed, http_get

__all__ = [
    "BuildInfo", "DeployConfig", "DeployConfigError", "DeployError", "TargetResult", "deploy",
    "load_deploy_config", "make_release_id", "read_build_info", "rollback",
]

ROLLBACK_COMMAND = "helpcenter deploy --rollback {name}"  # shown in messages; the CLI provides it


@dataclass(frozen=True)
class TargetResult:
    """What a deploy or rollback did on one target."""

    name: str
    type: str
    release_id: str  # the release the target serves now
    previous_release_id: str | None  # the one it served before (None on a first deploy)
    verified_urls: tuple[str, ...]  # what was read over HTTP to verify it
    pruned: tuple[str, ...] = ()  # old releases deleted


# --- the build --------------------------------------------------------------------------------------

def read_build_info(site_dir: Path) -> BuildInfo:
    """The `build-info.json` at the root of a built site, or DeployError saying to build first."""
    path = Path(site_dir) / BUILD_INFO
    if not Path(site_dir).is_dir():
        raise DeployError(f"{site_dir}: no built site here; run the build first (make build), then deploy")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DeployError(f"{path} is missing, so this is not a complete build; run the build first "
                          f"(make build), then deploy") from None
    try:
        return BuildInfo.from_data(json.loads(text))
    except ValueError as error:  # JSONDecodeError is a ValueError
        problem = "is not valid JSON" if isinstance(error, json.JSONDecodeError) else str(error)
        raise DeployError(f"{path} {problem}; run the build again (make build), then deploy") from None


def make_release_id(build: BuildInfo, now: datetime | None = None) -> str:
    """`20261126T114500Z-abc1234`: the deploy time in UTC and the short commit ('unknown' without one)."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    commit = re.sub(r"[^0-9A-Za-z]", "", build.commit)
    short = commit[:7].lower() if re.fullmatch(r"[0-9a-fA-F]{7,64}", commit) else (commit[:12] or "unknown")
    return f"{moment:%Y%m%dT%H%M%SZ}-{short}"


# --- deploy and rollback ----------------------------------------------------------------------------

def deploy(site_dir: Path, config_path: Path | DeployConfig, *, log: Log = print,
           release_id: str | None = None) -> list[TargetResult]:
    """Publish `site_dir` to every target of the configuration, switch them, verify them over HTTP.

    Returns one TargetResult per target, in the configuration's order. Raises DeployError (its message
    names each failing target and what to do) if a target cannot be reached or written, an upload
    fails (then no target was switched), or a target does not serve the new build afterwards.
    `release_id` is normally made from the time and the commit (see `make_release_id`).
    """
    config = config_path if isinstance(config_path, DeployConfig) else load_deploy_config(config_path)
    build = read_build_info(site_dir)
    release_id = release_id or make_release_id(build)
    if not RELEASE_ID.match(release_id):
        raise DeployError(f"release id {release_id!r} is not of the form 20261126T114500Z-abc1234")
    targets = config.targets
    log(f"deploying {build.describe()} as release {release_id} to "
        f"{', '.join(target.name for target in targets)}")

    # 1. Every target reachable and writable, before anything changes anywhere.
    states: dict[str, TargetState] = {}
    problems: list[DeployError] = []
    for target in targets:
        try:
            states[target.name] = _step(target, "check the target", target.check)
            _probe(target)
            if release_id in states[target.name].releases:
                raise target_error(target.name, f"release {release_id} already exists; deploy again in a second")
        except DeployError as error:
            problems.append(error)
    if problems:
        raise _combined(problems, "Nothing was deployed: every target still serves its previous build.")

    # Brotli and gzip copies beside the text files, published with them (README, "Compressed text").
    started = time.monotonic()
    try:
        count = precompress(Path(site_dir))
    except OSError as error:
        raise DeployError(f"cannot write the compressed copies of the text files in {site_dir}: {error}; "
                          f"nothing was deployed") from None
    log(f"compressed copies of {count} text files ready ({time.monotonic() - started:.1f} s)")

    # 2. Upload everywhere; nothing visible yet. Any failure removes what was uploaded.
    uploaded: list[Target] = []
    try:
        for target in targets:
            log(f"{target.name}: uploading to {target.where()}")
            uploaded.append(target)
            _step(target, "upload the site", lambda: target.upload(Path(site_dir), release_id, states[target.name], log))
    except BaseException as error:
        for target in uploaded:
            target.discard(release_id)
        if isinstance(error, DeployError):
            raise DeployError(f"{error}\nNothing was switched: every target still serves its previous build. "
                              f"Fix the problem and deploy again.", error.targets) from None
        raise

    # 3. Switch each target, one atomic step each.
    switched: list[Target] = []
    for target in targets:
        try:
            _step(target, "switch to the new release", lambda: target.activate(release_id, build))
        except DeployError as error:
            waiting = [other for other in targets if other not in switched]
            for other in waiting:
                other.discard(release_id)
            done = ", ".join(other.name for other in switched)
            raise DeployError(
                f"{error}\n" + (f"Already switched to {release_id}: {done}; roll them back with "
                                f"{' and '.join(ROLLBACK_COMMAND.format(name=other.name) for other in switched)}, "
                                f"or fix the problem and deploy again. " if switched else "")
                + f"Still on their previous build: {', '.join(other.name for other in waiting)}.",
                error.targets) from None
        switched.append(target)
        previous = states[target.name].current
        log(f"{target.name}: now serving release {release_id}" + (f" (was {previous})" if previous else ""))

    # 4. Verify every target over HTTP; 5. prune the ones that serve the new build.
    results: list[TargetResult] = []
    problems = []
    for target in targets:
        state = states[target.name]
        try:
            urls = _verify(target, release_id, build)
        except DeployError as error:
            problems.append(DeployError(f"{error}; to go back: {ROLLBACK_COMMAND.format(name=target.name)}",
                                        error.targets))
            continue
        log(f"{target.name}: verified {urls[-1]}")
        pruned = releases_to_prune(state, release_id, target.keep)
        if pruned:
            try:
                _step(target, "remove old releases", lambda: target.prune(pruned))
            except DeployError as error:  # the deploy itself succeeded
                log(f"warning: {error}")
                pruned = []
        results.append(TargetResult(target.name, target.kind, release_id, state.current, tuple(urls), tuple(pruned)))
    if problems:
        raise _combined(problems, f"Every target was switched to release {release_id}; the ones above do not "
                                  f"serve it.")
    log(f"release {release_id} is live on {len(results)} target(s)")
    return results


def rollback(config: DeployConfig | Path, target_name: str, *, log: Log = print) -> TargetResult:
    """Switch one target back to the release before its live one, then verify it over HTTP.

    The release left is marked as rolled back: no later rollback returns to it, and the next deploy
    deletes it. Raises DeployError if there is no earlier release or the target does not serve it.
    """
    if not isinstance(config, DeployConfig):
        config = load_deploy_config(config)
    target = config.target(target_name)
    state = _step(target, "check the target", target.check)
    if state.current is None:
        raise target_error(target.name, f"nothing is live in {target.where()}, so there is nothing to roll back")
    previous = next((release for release in previous_candidates(state)
                     if _step(target, "read a release", lambda: target.is_complete(release))), None)
    if previous is None:
        raise target_error(target.name, f"no release before {state.current} is kept in {target.where()}; deploy "
                                        f"the build you want instead (git checkout, make build, deploy)")
    build = _step(target, "read the previous release", lambda: target.release_build(previous))
    log(f"{target.name}: rolling back from {state.current} to {previous} ({build.describe()})")
    _step(target, "switch to the previous release", lambda: target.activate(previous, build))
    _step(target, "mark the release left", lambda: target.mark_rolled_back(state.current))
    urls = _verify(target, previous, build)
    log(f"{target.name}: verified {urls[-1]}")
    return TargetResult(target.name, target.kind, previous, state.current, tuple(urls))


def _step(target: Target, doing: str, action: Callable[[], Any]) -> Any:
    """Run one step on a target; any unexpected failure becomes a DeployError naming the target."""
    try:
        return action()
    except DeployError:
        raise
    except (OSError, ValueError, RuntimeError) as error:
        raise target_error(target.name, f"cannot {doing} ({target.where()}): {error}") from None


def _probe(target: Target) -> None:
    """The public URL must answer over HTTP (any status: a first deploy has nothing to serve yet)."""
    for url in target.probe_urls():
        try:
            http_get(url)
        except NotServed as problem:
            if not problem.reached:
                raise target_error(target.name, f"{problem}; check that its web server runs and that `url:` "
                                                f"is right") from None


def _verify(target: Target, release_id: str, build: BuildInfo) -> list[str]:
    deadline = time.monotonic() + target.verify_timeout
    while True:
        try:
            return target.verify(release_id, build)
        except NotServed as problem:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                waited = f" (still after {target.verify_timeout:g} s)" if target.verify_timeout else ""
                raise target_error(target.name, f"does not serve the new build: {problem}{waited}; "
                                                f"{target.serving_hint()}") from None
            time.sleep(min(1.0, remaining))


def _combined(problems: list[DeployError], footer: str) -> DeployError:
    names = tuple(name for problem in problems for name in problem.targets)
    return DeployError("\n".join(str(problem) for problem in problems) + "\n" + footer, names)
