"""The deploy configuration (deploy.yml): read and validated into typed targets, errors naming file, line and key."""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from helpcenter.deploy.contract import DeployError, Target
from helpcenter.deploy.directory import DirectoryTarget
from helpcenter.deploy.rsync import DEFAULT_SSH_COMMAND, RsyncTarget
from helpcenter.deploy.s3 import S3Target
from helpcenter.errors import PolicyError
from helpcenter.policy.yamlsource import LocatedDict, LocatedList, read_located_yaml

DEFAULT_KEEP = 5
DEFAULT_VERIFY_TIMEOUT = 30.0
TARGET_TYPES: dict[str, type[Target]] = {cls.kind: cls for cls in (DirectoryTarget, RsyncTarget, S3Target)}
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
