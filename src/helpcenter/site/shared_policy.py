"""The support policy loaded and validated once per process tree: `helpcenter build` loads it before it
starts its language workers, which inherit it, so no worker parses or validates support.yml again."""

from __future__ import annotations

import hashlib
from pathlib import Path

from helpcenter.policy.loader import load_policy
from helpcenter.policy.model import SupportPolicy

# (resolved path, SHA-256 of the file's bytes) -> the policy loaded from those bytes
_loaded: dict[tuple[str, str], SupportPolicy] = {}


def policy_once(path: Path) -> SupportPolicy:
    """The policy of `path`, loaded (and validated) only if these exact bytes were not loaded before."""
    key = (str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest())
    if key not in _loaded:
        _loaded[key] = load_policy(path)
    return _loaded[key]
