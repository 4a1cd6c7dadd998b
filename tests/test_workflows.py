"""The GitHub workflows pass zizmor, the GitHub Actions security linter, with no finding."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_workflows_have_no_zizmor_finding():
    """Actions pinned to a commit, no credentials persisted, no template expanded inside `run:`."""
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is missing: it is in the test extra (pip install -e '.[test]')"
    result = subprocess.run([zizmor, "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr
