"""The package's shape: MkDocs stays in its adapters, so the rest runs and is tested without it."""

import re

from conftest import ROOT

ADAPTERS = {"mkdocs_events.py", "mkdocs_serve.py"}


def test_only_the_adapters_import_mkdocs_or_material():
    importing = re.compile(r"^\s*(?:from|import)\s+(?:mkdocs|material)\b", re.MULTILINE)
    offenders = [path.name for path in (ROOT / "src" / "helpcenter").glob("*.py")
                 if path.name not in ADAPTERS and importing.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
