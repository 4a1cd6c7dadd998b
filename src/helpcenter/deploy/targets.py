"""Where `helpcenter deploy` publishes a built site: three kinds of target, one contract.

Every target keeps whole releases side by side and makes one of them visible with a single atomic
step, so readers see the previous build or the new one, never a mix and never a half-copied folder:

- `DirectoryTarget`: `<path>/releases/<release-id>/` and the symlink `<path>/current`, replaced with
  `os.replace` (rename(2)). The web server serves `<path>/current`.
- `RsyncTarget`: the same layout on a host reached over SSH (or this machine when `host` is absent or
  `localhost`); `rsync --link-dest` to the live release, then `ln -sfn` + `mv -T` (GNU coreutils).
- `S3Target`: `releases/<release-id>/` in a bucket, and the pointer object `current.json` naming the
  live release; see the class for what S3 can and cannot guarantee.

A release folder appears only when complete (copied under `.incoming-<id>` then renamed; on S3 its
`build-info.json` is written last), and a release left by `rollback` gets a `<id>.rolled-back` marker
next to it so no later rollback returns to it. `helpcenter.deploy.pipeline` drives the targets through
check -> upload (every target) -> activate (every target) -> verify over HTTP -> prune.
"""

from __future__ import annotations

import http.client
import json
import mimetypes
import os
import re
import shlex
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from helpcenter import __version__

Log = Callable[[str], None]

# `20261126T114500Z-abc1234`: a UTC timestamp then the short commit; sorts in deploy order.
RELEASE_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9A-Za-z]{1,40}$")
ROLLED_BACK = ".rolled-back"  # marker next to a release that a rollback left
INCOMING = ".incoming-"  # a release being copied; renamed to its id when complete
BUILD_INFO = "build-info.json"
POINTER = "current.json"  # S3 only: names the live release
DEFAULT_SSH_COMMAND = "ssh -o BatchMode=yes -o ConnectTimeout=10"
HTTP_TIMEOUT = 10.0  # seconds, per request
COMMAND_TIMEOUT = 120  # seconds, per shell command on a rsync host (rsync itself: --timeout)
UPLOAD_THREADS = 8  # parallel PUTs to S3


class DeployError(Exception):
    """A deploy or rollback that did not happen as asked. The message names the target(s) and says
    what to do; `targets` holds the names of the targets concerned (empty for a general problem)."""

    def __init__(self, message: str, targets: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.targets = targets


def target_error(name: str, problem: str) -> DeployError:
    return DeployError(f"target '{name}': {problem}", (name,))


class NotServed(Exception):
    """The public URL does not (yet) answer what a verification expects; the message says what it answers.
    `reached` is False when no HTTP answer came back at all (refused, timed out, DNS)."""

    def __init__(self, message: str, reached: bool = True) -> None:
        super().__init__(message)
        self.reached = reached


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


# --- HTTP -------------------------------------------------------------------------------------------

def http_get(url: str, timeout: float = HTTP_TIMEOUT) -> bytes:
    """GET a URL, asking caches to revalidate; NotServed on an HTTP error or no answer at all."""
    request = Request(url, headers={"Cache-Control": "no-cache", "Pragma": "no-cache",
                                    "User-Agent": f"helpcenter-deploy/{__version__}"})
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked by the loader
            return response.read(10_000_000)
    except HTTPError as error:
        raise NotServed(f"{url} answers HTTP {error.code} {error.reason}") from None
    except (OSError, http.client.HTTPException) as error:  # URLError, refused, timeout, reset
        reason = getattr(error, "reason", None) or error
        raise NotServed(f"{url} cannot be reached ({reason})", reached=False) from None


def fetch_json(url: str, timeout: float = HTTP_TIMEOUT) -> dict:
    body = http_get(url, timeout)
    try:
        data = json.loads(body)
    except ValueError:
        raise NotServed(f"{url} does not answer JSON (starts with {body[:60]!r})") from None
    if not isinstance(data, dict):
        raise NotServed(f"{url} does not answer a JSON object")
    return data


def expect_build(url: str, build: BuildInfo, timeout: float = HTTP_TIMEOUT) -> None:
    served = fetch_json(url, timeout)
    if not build.matches(served):
        raise NotServed(f"{url} serves commit {served.get('commit')!r} built at {served.get('built_at')!r}, "
                        f"not the new build ({build.describe()})")


def join_url(base: str, *parts: str) -> str:
    return base.rstrip("/") + "/" + "/".join(parts)


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


# --- a folder with releases/ and the current symlink, here or over SSH -------------------------------

def _release_of_link(link: str) -> str | None:
    name = link.rstrip("/").rsplit("/", 1)[-1]
    return name if RELEASE_ID.match(name) else None


def _state_from_entries(current_link: str | None, entries: list[str]) -> TargetState:
    releases = sorted(entry for entry in entries if RELEASE_ID.match(entry))
    rolled_back = frozenset(entry.removesuffix(ROLLED_BACK) for entry in entries
                            if entry.endswith(ROLLED_BACK) and RELEASE_ID.match(entry.removesuffix(ROLLED_BACK)))
    return TargetState(_release_of_link(current_link) if current_link else None, tuple(releases), rolled_back)


def _copy_file(source: str, destination: str) -> str:
    """Copy one file of a release and flush it to disk, so the switch never exposes unwritten data."""
    shutil.copy2(source, destination)
    with open(destination, "rb") as copy:
        os.fsync(copy.fileno())
    return destination


def _fsync_directory(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@dataclass(frozen=True, kw_only=True)
class DirectoryTarget(Target):
    """A folder on this machine: `<path>/releases/<release-id>/` (whole copies of the site) and
    `<path>/current`, a relative symlink to the live release, replaced atomically with `os.replace`.
    The web server's document root is `<path>/current`."""

    kind: ClassVar[str] = "directory"
    path: Path

    @property
    def releases(self) -> Path:
        return self.path / "releases"

    def where(self) -> str:
        return f"directory {self.path}"

    def _current_link(self) -> str | None:
        current = self.path / "current"
        if current.is_symlink():
            return os.readlink(current)
        if current.exists():
            raise target_error(self.name, f"{current} is a real folder, not a symlink; move it away (for example "
                                          f"into {self.releases}/) and deploy again, so it can be switched atomically")
        return None

    def check(self) -> TargetState:
        try:
            self.releases.mkdir(parents=True, exist_ok=True)
            probe = self.releases / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise target_error(self.name, f"cannot write to {self.releases} ({error.strerror or error}); create "
                                          f"{self.path} and give the deploying user write access to it") from None
        current = self._current_link()
        for leftover in self.path.glob(".current-*.tmp"):  # a deploy killed just before its switch
            leftover.unlink(missing_ok=True)
        entries = [entry.name for entry in self.releases.iterdir()]
        for entry in entries:  # a deploy killed while copying
            if entry.startswith(INCOMING):
                shutil.rmtree(self.releases / entry, ignore_errors=True)
        return _state_from_entries(current, [entry for entry in entries if not entry.startswith(INCOMING)])

    def upload(self, site_dir: Path, release_id: str, state: TargetState, log: Log) -> None:
        final = self.releases / release_id
        incoming = self.releases / f"{INCOMING}{release_id}"
        if final.exists():
            raise target_error(self.name, f"release {release_id} already exists in {self.releases}; deploy again "
                                          f"in a second (release ids are made of the time and the commit)")
        try:
            shutil.copytree(site_dir, incoming, copy_function=_copy_file)
            _fsync_directory(incoming)
            os.rename(incoming, final)
            _fsync_directory(self.releases)
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise

    def discard(self, release_id: str) -> None:
        shutil.rmtree(self.releases / f"{INCOMING}{release_id}", ignore_errors=True)
        link = self.path / "current"
        if not (link.is_symlink() and _release_of_link(os.readlink(link)) == release_id):
            shutil.rmtree(self.releases / release_id, ignore_errors=True)

    def activate(self, release_id: str, build: BuildInfo) -> None:
        if not (self.releases / release_id).is_dir():
            raise target_error(self.name, f"{self.releases / release_id} is missing; deploy again")
        self._current_link()  # refuses a real folder in the way
        temporary = self.path / f".current-{release_id}.tmp"
        temporary.unlink(missing_ok=True)
        os.symlink(f"releases/{release_id}", temporary)
        os.replace(temporary, self.path / "current")
        _fsync_directory(self.path)

    def release_build(self, release_id: str) -> BuildInfo:
        path = self.releases / release_id / BUILD_INFO
        return BuildInfo.from_data(json.loads(path.read_text(encoding="utf-8")))

    def mark_rolled_back(self, release_id: str) -> None:
        (self.releases / f"{release_id}{ROLLED_BACK}").touch()

    def prune(self, release_ids: list[str]) -> None:
        link = self.path / "current"
        live = _release_of_link(os.readlink(link)) if link.is_symlink() else None
        for release in release_ids:
            if release != live and RELEASE_ID.match(release):
                shutil.rmtree(self.releases / release, ignore_errors=True)
                (self.releases / f"{release}{ROLLED_BACK}").unlink(missing_ok=True)

    def serving_hint(self) -> str:
        return (f"check that the web server behind {self.url} serves {self.path / 'current'} (following the symlink, "
                f"without a long open-file cache) and that no cache keeps the old {BUILD_INFO}")


@dataclass(frozen=True, kw_only=True)
class RsyncTarget(Target):
    """The directory layout on a host reached over SSH: `rsync -a --checksum --link-dest=<live release>`
    into `releases/.incoming-<id>/`, `mv -T` to `releases/<id>`, then `ln -sfn` + `mv -T` (one rename(2))
    over `current`. Needs rsync on both machines and GNU coreutils (`mv -T`) on the host. Without `host`
    (or with `localhost`) the same commands run on this machine through `sh`, with no SSH."""

    kind: ClassVar[str] = "rsync"
    path: str  # absolute on the host
    host: str | None = None  # [user@]host for ssh
    ssh_command: str = DEFAULT_SSH_COMMAND

    @property
    def local(self) -> bool:
        return self.host in (None, "", "localhost")

    def where(self) -> str:
        return f"rsync {self.path} on this machine" if self.local else f"rsync {self.host}:{self.path}"

    def _shell(self, script: str, doing: str, hint: str = "") -> str:
        if self.local:
            argv = ["sh", "-c", script]
        else:  # ssh joins its arguments into one command line for the remote login shell
            argv = [*shlex.split(self.ssh_command), self.host, "sh -c " + shlex.quote(script)]
        try:
            result = subprocess.run(argv, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False)
        except FileNotFoundError:
            raise target_error(self.name, f"cannot {doing}: {argv[0]!r} is not installed on this machine") from None
        except subprocess.TimeoutExpired:
            raise target_error(self.name, f"cannot {doing}: no answer from {self.where()} within "
                                          f"{COMMAND_TIMEOUT} s; check the host and the network") from None
        if result.returncode != 0:
            raise target_error(self.name, f"cannot {doing} on {self.where()}: {_last_lines(result.stderr)}"
                                          f"{self._failure_hint(result.returncode) or hint}")
        return result.stdout

    def _failure_hint(self, returncode: int) -> str:
        if not self.local and returncode == 255:
            return (f"; check that `{self.ssh_command} {self.host} true` works without a password prompt "
                    f"(key in the agent, host in known_hosts)")
        return ""

    def _not_a_symlink(self) -> str:
        return shlex.quote(f"{self.path}/current is a real folder, not a symlink; move it away (for example into "
                           f"releases/) and deploy again, so it can be switched atomically")

    def check(self) -> TargetState:
        path = shlex.quote(self.path)
        output = self._shell(f"""set -e
mkdir -p -- {path}/releases
cd -- {path}
probe="releases/.probe-$$"
: > "$probe"
rm -f -- "$probe"
if [ -e current ] && [ ! -L current ]; then
  echo {self._not_a_symlink()} >&2
  exit 3
fi
rm -rf -- releases/{INCOMING}*
rm -f -- .current-*.tmp
if [ -L current ]; then printf 'current %s\\n' "$(readlink current)"; fi
for entry in releases/*; do
  if [ -e "$entry" ]; then printf 'entry %s\\n' "${{entry#releases/}}"; fi
done
""", f"prepare {self.path}/releases", "; the deploying user must be able to create and write that folder")
        current, entries = None, []
        for line in output.splitlines():
            word, _, value = line.partition(" ")
            if word == "current":
                current = value
            elif word == "entry":
                entries.append(value)
        return _state_from_entries(current, entries)

    def upload(self, site_dir: Path, release_id: str, state: TargetState, log: Log) -> None:
        if shutil.which("rsync") is None:
            raise target_error(self.name, "rsync is not installed on this machine; install it with: "
                                          "sudo apt-get install -y rsync")
        if release_id in state.releases:
            raise target_error(self.name, f"release {release_id} already exists in {self.path}/releases; "
                                          f"deploy again in a second")
        incoming = f"{self.path}/releases/{INCOMING}{release_id}"
        # --checksum --no-times: a build rewrites every file, so only the content says what is unchanged;
        # with preserved mtimes, --link-dest would copy every file again instead of linking it.
        argv = ["rsync", "-a", "--no-times", "--checksum", "--delete", "--timeout=120"]
        if state.current:  # unchanged files become hard links to the live release: fast and small
            argv.append(f"--link-dest={self.path}/releases/{state.current}")
        if self.local:
            destination = f"{incoming}/"
        else:
            argv += ["-e", self.ssh_command]
            destination = f"{self.host}:{incoming}/"
        argv += [f"{site_dir}/", destination]
        try:
            result = subprocess.run(argv, capture_output=True, text=True, check=False)
        except BaseException:
            self.discard(release_id)
            raise
        if result.returncode != 0:
            self.discard(release_id)
            raise target_error(self.name, f"rsync to {self.where()} failed (exit {result.returncode}): "
                                          f"{_last_lines(result.stderr)}{self._failure_hint(result.returncode)}")
        releases = shlex.quote(f"{self.path}/releases")
        self._shell(f"cd -- {releases} && mv -T -- {INCOMING}{release_id} {release_id}",
                    f"complete release {release_id}")

    def discard(self, release_id: str) -> None:
        releases = shlex.quote(f"{self.path}/releases")
        try:
            self._shell(f"""cd -- {releases} || exit 0
rm -rf -- {INCOMING}{release_id}
case "$(readlink ../current)" in */{release_id}|{release_id}) ;; *) rm -rf -- {release_id} ;; esac
""", f"remove the unfinished release {release_id}")
        except DeployError:
            pass  # best effort: the next deploy clears .incoming-*, prune clears the rest

    def activate(self, release_id: str, build: BuildInfo) -> None:
        path = shlex.quote(self.path)
        missing = shlex.quote(f"{self.path}/releases/{release_id} is missing; deploy again")
        self._shell(f"""set -e
cd -- {path}
if [ ! -d releases/{release_id} ]; then echo {missing} >&2; exit 3; fi
if [ -e current ] && [ ! -L current ]; then echo {self._not_a_symlink()} >&2; exit 3; fi
ln -sfn releases/{release_id} .current-{release_id}.tmp
mv -T -- .current-{release_id}.tmp current
""", f"switch {self.path}/current to release {release_id}")

    def release_build(self, release_id: str) -> BuildInfo:
        text = self._shell(f"cat -- {shlex.quote(f'{self.path}/releases/{release_id}/{BUILD_INFO}')}",
                           f"read the {BUILD_INFO} of release {release_id}")
        return BuildInfo.from_data(json.loads(text))

    def mark_rolled_back(self, release_id: str) -> None:
        self._shell(f"touch -- {shlex.quote(f'{self.path}/releases/{release_id}{ROLLED_BACK}')}",
                    f"mark release {release_id} as rolled back")

    def prune(self, release_ids: list[str]) -> None:
        names = [name for release in release_ids if RELEASE_ID.match(release)
                 for name in (release, f"{release}{ROLLED_BACK}")]
        if names:
            releases = shlex.quote(f"{self.path}/releases")
            live = "$(readlink ../current)"
            removals = "\n".join(f'case "{live}" in */{name}|{name}) ;; *) rm -rf -- {name} ;; esac' for name in names)
            self._shell(f"set -e\ncd -- {releases}\n{removals}\n", "remove old releases")

    def serving_hint(self) -> str:
        return (f"check that the web server behind {self.url} serves {self.path}/current "
                f"(following the symlink) and that no cache keeps the old {BUILD_INFO}")


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[-count:]) or "no error message"


# --- S3 ---------------------------------------------------------------------------------------------

_EXTRA_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".webmanifest": "application/manifest+json",
                ".js": "text/javascript", ".mjs": "text/javascript", ".map": "application/json"}


def content_type(path: Path) -> str:
    """The Content-Type an S3 object needs for a browser to use it (S3 stores what it is given)."""
    if path.suffix in _EXTRA_TYPES:
        kind, encoding = _EXTRA_TYPES[path.suffix], None
    else:
        kind, encoding = mimetypes.guess_type(path.name)
    if encoding == "gzip":  # sitemap.xml.gz is served as the compressed file it is
        return "application/gzip"
    if encoding or not kind:
        return "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "application/xml", "image/svg+xml",
                                            "application/manifest+json"):
        return f"{kind}; charset=utf-8"
    return kind


def _put_file(client: Any, bucket: str, key: str, path: Path) -> None:
    with open(path, "rb") as body:
        client.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type(path))


def site_files(site_dir: Path) -> list[tuple[str, Path]]:
    """(relative POSIX path, file) of every file of a site, build-info.json last."""
    files = sorted((path.relative_to(site_dir).as_posix(), path) for path in site_dir.rglob("*") if path.is_file())
    return [entry for entry in files if entry[0] != BUILD_INFO] + [entry for entry in files if entry[0] == BUILD_INFO]


@dataclass(frozen=True, kw_only=True)
class S3Target(Target):
    """An S3-compatible bucket: every release under `<prefix>releases/<release-id>/`, never modified once
    written, and the pointer object `<prefix>current.json` (`{"release": ..., "path": "releases/<id>/",
    "commit": ..., "built_at": ...}`) naming the live release.

    Guarantee. A release is uploaded whole, its `build-info.json` last, before the pointer names it;
    the switch is one PUT of `current.json`, which S3 applies atomically and serves with strong
    read-after-write consistency: whoever reads the pointer gets the previous release or the new one,
    and every object of the release it names is already there. Rollback is again one pointer write;
    earlier releases stay (`keep`). Readers who follow the pointer never see a half-uploaded release.

    What S3 cannot do: switch many objects at once, so the pages are not served from fixed keys. The
    public site needs a small front (CDN edge function, Worker, reverse proxy) that reads
    `current.json` (cached a few seconds at most) and serves `releases/<release>/<path>`; until its
    cache expires it may still serve the previous release (`verify_timeout` covers that).

    Verification over HTTP: `<url>/current.json` must name the new release and
    `<url>/releases/<release>/build-info.json` must be the new build, read from `url` (the bucket
    prefix as served over HTTP: public read on the prefix, or a CDN in front of the bucket); with
    `site_url`, the front's `<site_url>/build-info.json` must be the new build too.

    Credentials come from the usual AWS chain (environment, `~/.aws`, instance role), or `profile`;
    never from the deploy configuration. One deploy at a time per bucket prefix.
    """

    kind: ClassVar[str] = "s3"
    bucket: str
    prefix: str = ""  # "" or "folder/" (ends with a slash)
    region: str | None = None
    endpoint_url: str | None = None
    profile: str | None = None
    addressing_style: str | None = None  # auto, path or virtual
    site_url: str | None = None

    def where(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix}"
        return f"{where} at {self.endpoint_url}" if self.endpoint_url else where

    def key(self, *parts: str) -> str:
        return self.prefix + "/".join(parts)

    @cached_property
    def client(self) -> Any:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise target_error(self.name, "the s3 target needs boto3; install it with: "
                                          ".venv/bin/pip install boto3") from None
        options: dict[str, Any] = {"connect_timeout": 10, "read_timeout": 60, "max_pool_connections": UPLOAD_THREADS,
                                   "retries": {"max_attempts": 3, "mode": "standard"}}
        if self.addressing_style:
            options["s3"] = {"addressing_style": self.addressing_style}
        if self.endpoint_url:  # S3-compatible services do not all accept the newer default checksums
            options |= {"request_checksum_calculation": "when_required",
                        "response_checksum_validation": "when_required"}
        with self.errors("create the S3 client"):
            session = boto3.session.Session(profile_name=self.profile, region_name=self.region)
            return session.client("s3", endpoint_url=self.endpoint_url, config=Config(**options))

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn boto3's exceptions into a DeployError that names the target and says what to check."""
        try:
            from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, ProfileNotFound
        except ImportError:
            raise target_error(self.name, "the s3 target needs boto3; install it with: "
                                          ".venv/bin/pip install boto3") from None
        try:
            yield
        except NoCredentialsError:
            raise target_error(self.name, f"cannot {doing}: no AWS credentials found; set AWS_ACCESS_KEY_ID and "
                                          f"AWS_SECRET_ACCESS_KEY, or `profile:` in the deploy configuration") from None
        except ProfileNotFound:
            raise target_error(self.name, f"cannot {doing}: AWS profile {self.profile!r} is not in ~/.aws/config") from None
        except ClientError as error:
            info = error.response.get("Error", {})
            code = str(info.get("Code", "?"))
            hint = {"NoSuchBucket": f"bucket {self.bucket!r} does not exist; create it or fix `bucket:`",
                    "404": f"bucket {self.bucket!r} does not exist; create it or fix `bucket:`",
                    "AccessDenied": f"access denied; the credentials need s3:ListBucket, s3:GetObject, "
                                    f"s3:PutObject and s3:DeleteObject on {self.where()}",
                    "403": f"access denied; the credentials need s3:ListBucket, s3:GetObject, "
                           f"s3:PutObject and s3:DeleteObject on {self.where()}"}.get(code, info.get("Message", ""))
            raise target_error(self.name, f"cannot {doing} on {self.where()}: {code} {hint}".rstrip()) from None
        except BotoCoreError as error:
            raise target_error(self.name, f"cannot {doing} on {self.where()}: {error}; check `endpoint_url:`, "
                                          f"`region:` and the network") from None

    def read_pointer(self) -> dict | None:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(POINTER))
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code")) in ("NoSuchKey", "404"):
                return None
            raise
        try:
            pointer = json.loads(answer["Body"].read())
            if not (isinstance(pointer, dict) and isinstance(pointer.get("release"), str)):
                raise ValueError
        except ValueError:
            raise target_error(self.name, f"s3://{self.bucket}/{self.key(POINTER)} is not a release pointer "
                                          f"(a JSON object with 'release'); fix it or delete it") from None
        return pointer

    def _list_releases(self) -> list[str]:
        base = self.key("releases") + "/"
        entries = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=base, Delimiter="/"):
            entries += [common["Prefix"][len(base):].rstrip("/") for common in page.get("CommonPrefixes", [])]
            entries += [item["Key"][len(base):] for item in page.get("Contents", [])]
        return entries

    def check(self) -> TargetState:
        with self.errors("read the bucket"):
            self.client.head_bucket(Bucket=self.bucket)
            pointer = self.read_pointer()
            entries = self._list_releases()
        current = pointer["release"] if pointer and RELEASE_ID.match(pointer["release"]) else None
        return _state_from_entries(f"releases/{current}" if current else None, entries)

    def upload(self, site_dir: Path, release_id: str, state: TargetState, log: Log) -> None:
        if release_id in state.releases:
            raise target_error(self.name, f"release {release_id} already exists in {self.where()}; deploy again "
                                          f"in a second")
        files = site_files(site_dir)
        *body, last = files
        with self.errors(f"upload release {release_id}"):
            with ThreadPoolExecutor(max_workers=UPLOAD_THREADS) as pool:
                futures = [pool.submit(_put_file, self.client, self.bucket, self.key("releases", release_id, name),
                                       path) for name, path in body]
                try:
                    for future in as_completed(futures):
                        future.result()
                except BaseException:
                    for future in futures:
                        future.cancel()
                    raise
            # build-info.json last: a release without it is unfinished and never goes live
            _put_file(self.client, self.bucket, self.key("releases", release_id, last[0]), last[1])

    def _delete_prefixes(self, release_ids: list[str]) -> None:
        keys = []
        for release in release_ids:
            prefix = self.key("releases", release) + "/"
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
                keys += [item["Key"] for item in page.get("Contents", [])]
            keys.append(self.key("releases", f"{release}{ROLLED_BACK}"))
        for start in range(0, len(keys), 1000):
            answer = self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": key} for key in keys[start:start + 1000]], "Quiet": True})
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise target_error(self.name, f"cannot delete {first.get('Key')}: {first.get('Code')} "
                                              f"{first.get('Message', '')}".rstrip())

    def discard(self, release_id: str) -> None:
        try:
            with self.errors(f"remove the unfinished release {release_id}"):
                pointer = self.read_pointer()
                if not pointer or pointer["release"] != release_id:
                    self._delete_prefixes([release_id])
        except DeployError:
            pass  # best effort: an unfinished release has no build-info.json and is pruned later

    def activate(self, release_id: str, build: BuildInfo) -> None:
        with self.errors(f"switch {self.key(POINTER)} to release {release_id}"):
            if not self.is_complete(release_id):
                raise target_error(self.name, f"release {release_id} is incomplete in {self.where()}; deploy again")
            pointer = {"release": release_id, "path": f"releases/{release_id}/", "commit": build.commit,
                       "built_at": build.built_at}
            self.client.put_object(Bucket=self.bucket, Key=self.key(POINTER), Body=json.dumps(pointer, indent=2).encode(),
                                   ContentType="application/json", CacheControl="no-cache")

    def is_complete(self, release_id: str) -> bool:
        from botocore.exceptions import ClientError

        with self.errors(f"read release {release_id}"):
            try:
                self.client.head_object(Bucket=self.bucket, Key=self.key("releases", release_id, BUILD_INFO))
            except ClientError as error:
                if str(error.response.get("Error", {}).get("Code")) in ("NoSuchKey", "404"):
                    return False
                raise
        return True

    def release_build(self, release_id: str) -> BuildInfo:
        with self.errors(f"read the {BUILD_INFO} of release {release_id}"):
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key("releases", release_id, BUILD_INFO))
            return BuildInfo.from_data(json.loads(answer["Body"].read()))

    def mark_rolled_back(self, release_id: str) -> None:
        with self.errors(f"mark release {release_id} as rolled back"):
            self.client.put_object(Bucket=self.bucket, Key=self.key("releases", f"{release_id}{ROLLED_BACK}"), Body=b"")

    def prune(self, release_ids: list[str]) -> None:
        with self.errors("remove old releases"):
            pointer = self.read_pointer()
            live = pointer["release"] if pointer else None
            self._delete_prefixes([release for release in release_ids if release != live and RELEASE_ID.match(release)])

    def probe_urls(self) -> list[str]:
        urls = [join_url(self.url, POINTER)]
        return urls + [join_url(self.site_url, BUILD_INFO)] if self.site_url else urls

    def verify(self, release_id: str, build: BuildInfo) -> list[str]:
        pointer_url = join_url(self.url, POINTER)
        named = fetch_json(pointer_url).get("release")
        if named != release_id:
            raise NotServed(f"{pointer_url} names release {named!r}, not {release_id}")
        release_url = join_url(self.url, "releases", release_id, BUILD_INFO)
        expect_build(release_url, build)
        urls = [pointer_url, release_url]
        if self.site_url:
            front_url = join_url(self.site_url, BUILD_INFO)
            expect_build(front_url, build)
            urls.append(front_url)
        return urls

    def serving_hint(self) -> str:
        hint = (f"check that {self.url} serves s3://{self.bucket}/{self.prefix} over HTTP (public read on the prefix, "
                f"or a CDN in front of the bucket) and that no cache keeps the old {POINTER}")
        if self.site_url:
            hint += f"; and that the front of {self.site_url} follows {POINTER}"
        return hint


TARGET_TYPES: dict[str, type[Target]] = {cls.kind: cls for cls in (DirectoryTarget, RsyncTarget, S3Target)}
