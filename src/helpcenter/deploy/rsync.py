"""The rsync deploy target: the directory layout on a host reached over SSH (or this machine), via rsync."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from helpcenter.deploy.contract import (
    INCOMING, RELEASE_ID, ROLLED_BACK, BuildInfo, DeployError, Log, Target, TargetState, state_from_entries,
    target_error,
)
from helpcenter.deploy.http import BUILD_INFO

DEFAULT_SSH_COMMAND = "ssh -o BatchMode=yes -o ConnectTimeout=10"
COMMAND_TIMEOUT = 120  # seconds, per shell command on a rsync host (rsync itself: --timeout)


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

    @property
    def on_this_machine(self) -> bool:
        return self.local

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
        return state_from_entries(current, entries)

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
