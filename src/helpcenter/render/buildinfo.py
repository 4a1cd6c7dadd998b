"""build-info.json: which build a site is (commit, build time, languages), so a deploy can verify it."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def current_commit(root: Path) -> str:
    """The commit being built: $HELPCENTER_COMMIT or $GITHUB_SHA when set (CI), else git's HEAD."""
    for variable in ("HELPCENTER_COMMIT", "GITHUB_SHA"):
        if os.environ.get(variable):
            return os.environ[variable]
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def build_info(root: Path, languages: list[str], built_at: datetime | None = None) -> dict:
    moment = built_at or datetime.now(timezone.utc)
    return {
        "commit": current_commit(root),
        "built_at": moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "languages": languages,
    }


def build_info_json(root: Path, languages: list[str], built_at: datetime | None = None) -> str:
    return json.dumps(build_info(root, languages, built_at), indent=2) + "\n"
