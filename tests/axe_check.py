"""axe-core in a real browser tab: the accessibility checker the browser tests run on a loaded page."""

from __future__ import annotations

import subprocess

from conftest import ROOT

AXE = ROOT / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def load_axe() -> str:
    """axe.min.js from the npm registry (scripts/ensure-test-tools installs it into .tools/)."""
    if not AXE.exists():
        subprocess.run([str(ROOT / "scripts" / "ensure-test-tools")], check=True)
    return AXE.read_text(encoding="utf-8")


def axe_violations(tab, axe_source: str) -> list[str]:
    """axe's violations on the page now in `tab`, one line each (the first three nodes named)."""
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(content=axe_source)
    found = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: "
                         "['violations']}).then(r => r.violations.map(v => ({id: v.id, help: v.help, "
                         "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))", AXE_TAGS)
    return [f"{item['id']} ({item['help']}): {', '.join(item['nodes'])}" for item in found]
