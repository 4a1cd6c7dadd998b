"""`helpcenter deploy`: publish an already built `site/` to every target of a deploy configuration.

    results = deploy(Path("site"), Path("deploy.yml"))       # raises DeployError
    rollback(load_deploy_config(Path("deploy.yml")), "web1")  # the release before the live one

A deploy runs in phases, so that a problem stops it where it does the least harm:

1. check every target (storage reachable and writable, public URL answering): a failure here
   changes nothing anywhere;
2. upload the release to every target, not visible yet: a failure removes what was uploaded, and
   every target still serves its previous build;
3. switch every target to the new release, each in one atomic step;
4. verify over HTTP that each target's public URL serves the new `build-info.json` (same `commit`
   and `built_at`), retrying for `verify_timeout` seconds (caches);
5. delete the releases beyond `keep` on the targets that passed.

Every error names the target and says what to do. The targets themselves are in
`helpcenter.deploy.targets`; the configuration format is documented in `deploy.example.yml`.
"""

from __future__ import annotations

import difflib
import json
import re
import shlex
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, Callable
from urllib.parse import urlsplit

from helpcenter.deploy.targets import (
    BUILD_INFO,
    DEFAULT_SSH_COMMAND,
    RELEASE_ID,
    TARGET_TYPES,
    BuildInfo,
    DeployError,
    DirectoryTarget,
    Log,
    NotServed,
    RsyncTarget,
    S3Target,
    Target,
    TargetState,
    http_get,
    previous_candidates,
    releases_to_prune,
    target_error,
)
from helpcenter.errors import PolicyError
from helpcenter.policy.yamlsource import LocatedDict, LocatedList, read_located_yaml

__all__ = [
    "BuildInfo", "DeployConfig", "DeployConfigError", "DeployError", "TargetResult", "deploy",
    "load_deploy_config", "make_release_id", "read_build_info", "rollback",
]

ROLLBACK_COMMAND = "helpcenter deploy --rollback {name}"  # shown in messages; the CLI provides it
DEFAULT_KEEP = 5
DEFAULT_VERIFY_TIMEOUT = 30.0
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class DeployConfigError(DeployError, PolicyError):
    """A mistake in the deploy configuration: `deploy.yml:12: targets[web1].url: ...`."""

    def __init__(self, file: str, line: int | None, key: str, problem: str) -> None:
        PolicyError.__init__(self, file, line, key, problem)
        self.targets = ()


@dataclass(frozen=True)
class DeployConfig:
    """A validated deploy configuration: its file and its targets, in the order written."""

    file: Path
    targets: tuple[Target, ...]

    def target(self, name: str) -> Target:
        for target in self.targets:
            if target.name == name:
                return target
        known = ", ".join(target.name for target in self.targets)
        raise DeployError(f"{self.file}: no target named '{name}'; the targets are: {known}")


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


# --- the configuration ------------------------------------------------------------------------------

_COMMON_KEYS = ("name", "type", "url", "keep", "verify_timeout")
_TYPE_KEYS = {
    "directory": ("path",),
    "rsync": ("path", "host", "ssh_command"),
    "s3": ("bucket", "prefix", "region", "endpoint_url", "profile", "addressing_style", "site_url"),
}
_TOP_KEYS = ("targets", "keep", "verify_timeout")


def load_deploy_config(path: Path, display_name: str | None = None) -> DeployConfig:
    """Read and validate a deploy configuration (format: deploy.example.yml).

    Errors are DeployConfigError (a DeployError) naming the file, the line and the key:
    `deploy.yml:9: targets[web1].type: unknown target type 'ftp'; use directory, rsync or s3`.
    Relative paths in the file are relative to the file's folder.
    """
    path = Path(path)
    name = display_name or str(path)
    if not path.is_file():
        raise DeployConfigError(name, None, "", "file not found; copy deploy.example.yml to it and list your targets")
    try:
        data = read_located_yaml(path, name)
    except PolicyError as error:
        raise DeployConfigError(error.file, error.line, error.key, error.problem) from None
    return _ConfigReader(name, path.resolve().parent).config(data, path)


class _ConfigReader:
    def __init__(self, file: str, folder: Path) -> None:
        self.file = file
        self.folder = folder

    def fail(self, line: int | None, key: str, problem: str) -> DeployConfigError:
        return DeployConfigError(self.file, line, key, problem)

    def config(self, data: Any, path: Path) -> DeployConfig:
        if data is None:
            raise self.fail(None, "", "the file is empty; list the targets under `targets:` (see deploy.example.yml)")
        if not isinstance(data, LocatedDict):
            raise self.fail(1, "", "must be a mapping with a `targets:` list (see deploy.example.yml)")
        self.unknown_keys(data, "", _TOP_KEYS)
        if "targets" not in data:
            raise self.fail(data.line, "targets", "missing; add `targets:` with at least one target")
        defaults = {"keep": self.keep(data, "keep", "", DEFAULT_KEEP),
                    "verify_timeout": self.seconds(data, "verify_timeout", "", DEFAULT_VERIFY_TIMEOUT)}
        items = data["targets"]
        if not isinstance(items, LocatedList) or not items:
            raise self.fail(data.key_lines["targets"], "targets", "must be a list of targets, each starting with "
                                                                  "`- name:` (see deploy.example.yml)")
        targets: list[Target] = []
        lines: dict[str, int] = {}
        for index, item in enumerate(items):
            target = self.target(item, items.item_lines[index], f"targets[{index}]", defaults)
            if target.name in lines:
                raise self.fail(item.key_lines["name"], f"targets[{index}].name",
                                f"'{target.name}' is already the name of the target on line {lines[target.name]}; "
                                f"give each target its own name")
            lines[target.name] = item.key_lines["name"]
            targets.append(target)
        return DeployConfig(path, tuple(targets))

    def target(self, item: Any, line: int, label: str, defaults: dict[str, Any]) -> Target:
        if not isinstance(item, LocatedDict):
            raise self.fail(line, label, "must be a mapping with name, type and url")
        name = self.text(item, "name", label)
        if name is None:
            raise self.fail(item.line, f"{label}.name", "missing; add `name:` (a short name used in messages)")
        if not _NAME.match(name):
            raise self.fail(item.key_lines["name"], f"{label}.name",
                            f"{name!r} is not a usable name; use letters, digits, '-', '_' or '.'")
        label = f"targets[{name}]"
        kind = self.text(item, "type", label)
        if kind is None:
            raise self.fail(item.line, f"{label}.type", f"missing; add `type:` ({_types()})")
        if kind not in TARGET_TYPES:
            raise self.fail(item.key_lines["type"], f"{label}.type", f"unknown target type '{kind}'; use {_types()}")
        self.unknown_keys(item, label, _COMMON_KEYS + _TYPE_KEYS[kind])
        common = {"name": name, "url": self.url(item, "url", label, required=True),
                  "keep": self.keep(item, "keep", label, defaults["keep"]),
                  "verify_timeout": self.seconds(item, "verify_timeout", label, defaults["verify_timeout"])}
        if kind == "directory":
            return DirectoryTarget(**common, path=self.local_path(item, "path", label))
        if kind == "rsync":
            return self.rsync(item, label, common)
        return self.s3(item, label, common)

    def rsync(self, item: LocatedDict, label: str, common: dict[str, Any]) -> RsyncTarget:
        host = self.text(item, "host", label)
        ssh_command = self.text(item, "ssh_command", label) or DEFAULT_SSH_COMMAND
        try:
            if not shlex.split(ssh_command):
                raise ValueError("is empty")
        except ValueError as error:
            raise self.fail(item.key_lines["ssh_command"], f"{label}.ssh_command",
                            f"{error}; write a command such as `ssh -p 2222 -i ~/.ssh/deploy`") from None
        if host in (None, "", "localhost"):
            return RsyncTarget(**common, path=str(self.local_path(item, "path", label)), host=None, ssh_command=ssh_command)
        if host.startswith("-") or any(character.isspace() for character in host):
            raise self.fail(item.key_lines["host"], f"{label}.host", f"{host!r} is not a host; write `user@host` or `host`")
        path = self.text(item, "path", label, required=True)
        if not PurePosixPath(path).is_absolute():
            raise self.fail(item.key_lines["path"], f"{label}.path",
                            f"{path!r} must be an absolute path on {host}, such as /srv/helpcenter")
        return RsyncTarget(**common, path=path.rstrip("/") or "/", host=host, ssh_command=ssh_command)

    def s3(self, item: LocatedDict, label: str, common: dict[str, Any]) -> S3Target:
        bucket = self.text(item, "bucket", label, required=True)
        if not _BUCKET.match(bucket):
            raise self.fail(item.key_lines["bucket"], f"{label}.bucket",
                            f"{bucket!r} is not a bucket name (3 to 63 lowercase letters, digits, '.' or '-'); "
                            f"write the bucket alone, without s3:// or a folder (that goes in `prefix:`)")
        prefix = (self.text(item, "prefix", label) or "").strip("/")
        style = self.text(item, "addressing_style", label)
        if style is not None and style not in ("auto", "path", "virtual"):
            raise self.fail(item.key_lines["addressing_style"], f"{label}.addressing_style",
                            f"{style!r} is not an addressing style; use auto, path or virtual")
        return S3Target(**common, bucket=bucket, prefix=f"{prefix}/" if prefix else "",
                        region=self.text(item, "region", label), endpoint_url=self.url(item, "endpoint_url", label),
                        profile=self.text(item, "profile", label), addressing_style=style,
                        site_url=self.url(item, "site_url", label))

    # values

    def unknown_keys(self, mapping: LocatedDict, label: str, known: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"the keys here are: {', '.join(known)}"
                raise self.fail(mapping.key_lines[key], f"{label}.{key}" if label else key, f"unknown key; {hint}")

    def text(self, mapping: LocatedDict, key: str, label: str, required: bool = False) -> str | None:
        if key not in mapping or mapping[key] is None:
            if required:
                raise self.fail(mapping.line, f"{label}.{key}", f"missing; add `{key}:`")
            return None
        value = mapping[key]
        if isinstance(value, str) and not value.strip() and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(mapping.key_lines[key], f"{label}.{key}", f"must be a text, not {value!r}")
        return value.strip()

    def url(self, mapping: LocatedDict, key: str, label: str, required: bool = False) -> str | None:
        value = self.text(mapping, key, label, required)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise self.fail(mapping.key_lines[key], f"{label}.{key}",
                            f"{value!r} is not an http:// or https:// URL; write the full address, such as "
                            f"https://help.example.com/")
        return value.rstrip("/") + "/"

    def local_path(self, mapping: LocatedDict, key: str, label: str) -> Path:
        value = self.text(mapping, key, label, required=True)
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.folder / path

    def keep(self, mapping: LocatedDict, key: str, label: str, default: int) -> int:
        if key not in mapping:
            return default
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 2:
            raise self.fail(mapping.key_lines[key], f"{label}.{key}" if label else key,
                            f"must be a whole number of releases, at least 2 (the live one and the one a "
                            f"rollback returns to), not {value!r}")
        return value

    def seconds(self, mapping: LocatedDict, key: str, label: str, default: float) -> float:
        if key not in mapping:
            return default
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.fail(mapping.key_lines[key], f"{label}.{key}" if label else key,
                            f"must be a number of seconds (0 or more), not {value!r}")
        return float(value)


def _types() -> str:
    kinds = list(TARGET_TYPES)
    return ", ".join(kinds[:-1]) + " or " + kinds[-1]
