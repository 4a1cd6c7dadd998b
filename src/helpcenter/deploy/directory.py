"""The directory deploy target: releases in a folder of this machine, switched by an atomic symlink rename."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from helpcenter.deploy.contract import (
    INCOMING, RELEASE_ID, ROLLED_BACK, BuildInfo, Log, Target, TargetState, release_of_link, state_from_entries,
    target_error,
)
from helpcenter.deploy.http import BUILD_INFO


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

    @property
    def on_this_machine(self) -> bool:
        return True

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
        return state_from_entries(current, [entry for entry in entries if not entry.startswith(INCOMING)])

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
        if not (link.is_symlink() and release_of_link(os.readlink(link)) == release_id):
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
        live = release_of_link(os.readlink(link)) if link.is_symlink() else None
        for release in release_ids:
            if release != live and RELEASE_ID.match(release):
                shutil.rmtree(self.releases / release, ignore_errors=True)
                (self.releases / f"{release}{ROLLED_BACK}").unlink(missing_ok=True)

    def serving_hint(self) -> str:
        return (f"check that the web server behind {self.url} serves {self.path / 'current'} (following the symlink, "
                f"without a long open-file cache) and that no cache keeps the old {BUILD_INFO}")

