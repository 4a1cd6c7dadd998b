"""The fixture policies of the product tests (tests/fixtures/policies/): their support.yml text and model.

A fixture is a whole support.yml ("paris", the seed policy frozen) or the changes to another one
(`extends: paris`): mappings are merged key by key, a list replaces the base's list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from helpcenter.policy.loader import parse_policy
from helpcenter.policy.model import SupportPolicy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "policies"
NAMES = ("paris", "montreal")


def _merged(base: dict, changes: dict) -> dict:
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merged(base[key], value)
        else:
            merged[key] = value
    return merged


@cache
def policy_text(name: str) -> str:
    """The support.yml text of a fixture policy (a whole file: a fixture with `extends` is merged)."""
    text = (FIXTURES / f"{name}.yml").read_text(encoding="utf-8")
    changes = yaml.safe_load(text)
    if "extends" not in changes:
        return text
    base = yaml.safe_load(policy_text(changes.pop("extends")))
    return yaml.safe_dump(_merged(base, changes), allow_unicode=True, sort_keys=False, width=200)


@cache
def fixture_policy(name: str) -> SupportPolicy:
    return parse_policy(policy_text(name), "support.yml")


def write_policy(project: Path, name: str) -> Path:
    """Put a fixture policy in a project as its support.yml."""
    path = project / "support.yml"
    path.write_text(policy_text(name), encoding="utf-8")
    return path
