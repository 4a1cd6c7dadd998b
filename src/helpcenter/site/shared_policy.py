"""The support policy loaded and validated once per process tree: `helpcenter build` loads it before it
starts its language workers, which inherit it, so no worker parses or validates support.yml again.

Checking support.yml against its schema costs about 0.5 s (jsonschema's import and compilation): the
digest of the last file that passed is kept in `.cache/`, with that of the checking code, and the
same bytes skip that check (every other check of the loader still runs). The check of the public
holidays' names (the `holidays` package's import of every country, about a quarter of a second in
each process of a build) is skipped the same way, and the public holidays the builds look up are
found once, before the workers start, from a record of them kept with the package's version
(public_holidays_once).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Iterable

import helpcenter.policy
from helpcenter.policy.days_off import (check_holiday_names, exported_years, public_holidays,
                                        remember_public_holidays, upcoming_years)
from helpcenter.policy.loader import load_policy, parse_policy
from helpcenter.policy.model import SupportPolicy
from helpcenter.render.cache import CACHE_FOLDER, digest, enabled as cache_enabled

SHAPE_CHECKED = "policy-shape.json"
NAMES_CHECKED = "holiday-names.json"
HOLIDAYS_FOUND = "public-holidays.json"

# (resolved path, SHA-256 of the file's bytes) -> the policy loaded from those bytes
_loaded: dict[tuple[str, str], SupportPolicy] = {}


def policy_once(path: Path) -> SupportPolicy:
    """The policy of `path`, loaded (and validated) only if these exact bytes were not loaded before."""
    data = path.read_bytes()
    key = (str(path.resolve()), hashlib.sha256(data).hexdigest())
    if key not in _loaded:
        _loaded[key] = _load(path, data, key[1])
    return _loaded[key]


def _load(path: Path, data: bytes, sha: str) -> SupportPolicy:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return load_policy(path)  # says what is wrong
    if not cache_enabled():
        return parse_policy(text, path.name)
    record, passed = path.parent / CACHE_FOLDER / SHAPE_CHECKED, digest(sha, _checking_code())
    known = _passed(record, passed)
    policy = parse_policy(text, path.name, shape_checked=known)
    if not known:
        _record(record, passed)
    return policy


def holiday_names_checked(path: Path, policy: SupportPolicy, years: Iterable[int]) -> None:
    """check_holiday_names(policy, years) for the policy loaded from `path`, unless these exact bytes
    passed it for these years with the same checking code and `holidays` package."""
    years = sorted(set(years))
    if not cache_enabled():
        check_holiday_names(policy, years)
        return
    try:
        package = metadata.version("holidays")
    except metadata.PackageNotFoundError:
        package = "missing"
    record = path.parent / CACHE_FOLDER / NAMES_CHECKED
    passed = digest(hashlib.sha256(path.read_bytes()).hexdigest(), years, _checking_code(), package)
    if not _passed(record, passed):
        check_holiday_names(policy, years)
        _record(record, passed)


def public_holidays_once(path: Path, policy: SupportPolicy, today: date) -> None:
    """Find in this process the public holidays that a build of the policy loaded from `path` looks up
    on `today` (the upcoming days off, support-policy.json's years), so that the workers it forks
    inherit them: from the record kept in `.cache/` when it was made by the same `holidays` package and
    checking code, else from the package (and the record is written again)."""
    country = policy.business_hours.holiday_country
    try:
        made_by = digest(metadata.version("holidays"), _checking_code()) if cache_enabled() else None
    except metadata.PackageNotFoundError:
        made_by = None
    record = path.parent / CACHE_FOLDER / HOLIDAYS_FOUND
    kept = _kept_holidays(record, made_by) if made_by else {}
    found = {}
    for years in (list(upcoming_years(today)), list(exported_years(today))):
        name = f"{country}:{','.join(map(str, years))}"
        if name in kept:
            remember_public_holidays(country, years, kept[name])
        found[name] = public_holidays(country, years)
    if made_by and found != kept:
        _write(record, {"made_by": made_by, "found": {
            name: [[day.isoformat(), label] for day, label in sorted(days.items())] for name, days in found.items()}})


def _kept_holidays(record: Path, made_by: str) -> dict[str, dict[date, str]]:
    """The look-ups kept in `record` ("FR:2026,2027" -> date -> name), if it was made by `made_by` and
    reads back whole; else none."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data["made_by"] != made_by:
            return {}
        return {str(name): {date.fromisoformat(day): str(label) for day, label in days}
                for name, days in data["found"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _passed(record: Path, passed: str) -> bool:
    try:
        return json.loads(record.read_text(encoding="utf-8")).get("passed") == passed
    except (OSError, ValueError, AttributeError):
        return False


def _record(record: Path, passed: str) -> None:
    _write(record, {"passed": passed})


def _write(record: Path, data: dict) -> None:
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.with_suffix(".new").write_text(json.dumps(data), encoding="utf-8")
        os.replace(record.with_suffix(".new"), record)
    except OSError:  # only the next build is slower
        pass


@functools.lru_cache(maxsize=1)
def _checking_code() -> list[str]:
    """What the schema check depends on: the policy package's files (the schema, its formats) and jsonschema."""
    folder = Path(helpcenter.policy.__file__).parent
    files = sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    code = hashlib.sha256()
    for path in files:
        code.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        checker = metadata.version("jsonschema")
    except metadata.PackageNotFoundError:
        checker = "missing"
    return [code.hexdigest(), checker]
