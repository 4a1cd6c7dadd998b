"""The contract every deploy target keeps: releases side by side, one atomic switch, verified over HTTP.

Every target keeps whole releases side by side and makes one of them visible with a single atomic
step, so readers see the previous build or the new one, never a mix and never a half-copied folder.
One module per kind of target implements `Target`:

- `helpcenter.deploy.directory`: `<path>/releases/<release-id>/` and the symlink `<path>/current`,
  replaced with `os.replace` (rename(2)). The web server serves `<path>/current`.
- `helpcenter.deploy.rsync`: the same layout on a host reached over SSH (or this machine when `host` is
  absent or `localhost`); `rsync --link-dest` to the live release, then `ln -sfn` + `mv -T`.
- `helpcenter.deploy.s3`: `releases/<release-id>/` in a bucket, and the pointer object `current.json`
  naming the live release (needs the `helpcenter[s3]` extra).

A release folder appears only when complete (copied under `.incoming-<id>` then renamed; on S3 its
`build-info.json` is written last), and a release left by `rollback` gets a `<id>.rolled-back` marker
next to it so no later rollback returns to it. `helpcenter.deploy.pipeline` drives the targets through
check -> upload (every target) -> activate (every target) -> verify over HTTP -> prune.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar

from helpcenter.deploy.http import BUILD_INFO, expect_build, join_url

Log = Callable[[str], None]

# `20261126T114500Z-abc1234`: a UTC timestamp then the short commit; sorts in deploy order.
RELEASE_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9A-Za-z]{1,40}$")
ROLLED_BACK = ".rolled-back"  # marker next to a release that a rollback left
INCOMING = ".incoming-"  # a release being copied; renamed to its id when complete


class DeployError(Exception):
    """A deploy or rollback that did not happen as asked. The message names the target(s) and says
    what to do; `targets` holds the names of the targets concerned (empty for a general problem)."""

    def __init__(self, message: str, targets: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.targets = targets


def target_error(name: str, problem: str) -> DeployError:
    return DeployError(f"target '{name}': {problem}", (name,))


@dataclass(frozen=True)
class BuildInfo:
    """The identity of a build, read from the `build-info.json` at the root of the site."""

    commit: str
    built_at: str
    languages: tuple[str, ...]

    @classmethod
    def from_data(cls, data: Any) -> BuildInfo:
        """Validate a parsed build-info.json; ValueError says what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("is not a JSON object")
        for key in ("commit", "built_at"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise ValueError(f"has no '{key}' text")
        languages = data.get("languages")
        if not isinstance(languages, list) or not all(isinstance(code, str) for code in languages):
            raise ValueError("has no 'languages' list of language codes")
        return cls(data["commit"], data["built_at"], tuple(languages))

    def matches(self, served: Any) -> bool:
        return (isinstance(served, dict) and served.get("commit") == self.commit
                and served.get("built_at") == self.built_at)

    def describe(self) -> str:
        return f"commit {self.commit} built at {self.built_at}"


@dataclass(frozen=True)
class TargetState:
    """What a target holds before a change: its live release and the releases kept next to it."""

    current: str | None
    releases: tuple[str, ...]  # sorted, oldest first
    rolled_back: frozenset[str] = frozenset()


def previous_candidates(state: TargetState) -> list[str]:
    """Releases a rollback may return to, best first: older than the live one, never rolled back from."""
    if state.current is None:
        return []
    return [release for release in reversed(state.releases)
            if release < state.current and release not in state.rolled_back]


def releases_to_prune(state: TargetState, live: str, keep: int) -> list[str]:
    """After `live` went live: everything but the `keep` newest releases never rolled back from (the
    live one among them). Releases left by a rollback go at the next deploy, markers with them."""
    good = [release for release in state.releases if release not in state.rolled_back]
    if live not in good:
        good = sorted([*good, live])
    kept = set(good[-keep:]) | {live}
    return sorted(release for release in {*state.releases, *state.rolled_back} if release not in kept)


# --- the contract -----------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Target:
    """One place the site is published to. `url` is the public base URL used for verification."""

    kind: ClassVar[str] = ""
    name: str
    url: str
    keep: int = 5
    verify_timeout: float = 30.0

    def where(self) -> str:
        """Where the releases are stored, for messages."""
        raise NotImplementedError

    @property
    def on_this_machine(self) -> bool:
        """The releases are stored on the machine that deploys (not on another host or in a bucket)."""
        return False

    def check(self) -> TargetState:
        """Reach the storage, make sure it can be written, clear leftovers of interrupted deploys."""
        raise NotImplementedError

    def upload(self, site_dir: Path, release_id: str, state: TargetState, log: Log) -> None:
        """Store the whole site as release `release_id`, not visible yet."""
        raise NotImplementedError

    def discard(self, release_id: str) -> None:
        """Remove a release that never went live (best effort, never the live one)."""
        raise NotImplementedError

    def activate(self, release_id: str, build: BuildInfo) -> None:
        """Make `release_id` the live release, in one atomic step."""
        raise NotImplementedError

    def is_complete(self, release_id: str) -> bool:
        return True

    def release_build(self, release_id: str) -> BuildInfo:
        """The build-info.json stored with a release (to verify a rollback)."""
        raise NotImplementedError

    def mark_rolled_back(self, release_id: str) -> None:
        raise NotImplementedError

    def prune(self, release_ids: list[str]) -> None:
        """Delete these releases (never the live one) and their markers."""
        raise NotImplementedError

    def probe_urls(self) -> list[str]:
        """URLs that must answer over HTTP (any status) before anything changes."""
        return [join_url(self.url, BUILD_INFO)]

    def verify(self, release_id: str, build: BuildInfo) -> list[str]:
        """Check over HTTP that the public URL serves `build`; NotServed otherwise. Returns the URLs read."""
        url = join_url(self.url, BUILD_INFO)
        expect_build(url, build)
        return [url]

    def serving_hint(self) -> str:
        """What to check when the public URL does not serve the live release."""
        raise NotImplementedError


# --- the folder layout of directory and rsync targets ------------------------------------------------

def release_of_link(link: str) -> str | None:
    name = link.rstrip("/").rsplit("/", 1)[-1]
    return name if RELEASE_ID.match(name) else None


def state_from_entries(current_link: str | None, entries: list[str]) -> TargetState:
    """A target's state from where `current` points and the names found in its releases folder."""
    releases = sorted(entry for entry in entries if RELEASE_ID.match(entry))
    rolled_back = frozenset(entry.removesuffix(ROLLED_BACK) for entry in entries
                            if entry.endswith(ROLLED_BACK) and RELEASE_ID.match(entry.removesuffix(ROLLED_BACK)))
    return TargetState(release_of_link(current_link) if current_link else None, tuple(releases), rolled_back)
