"""Pages paint before their scripts run and do not move when the scripts start: no parser-blocking script
in any built page, and no layout shift on the home, ticket and policy pages in a real browser (what
Lighthouse measures as cumulative layout shift; bench/lighthouse.py gives the scores)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DEFAULT_LANGUAGE, url_prefix

PAGES = {"home": "", "ticket": "support/ticket/", "policy": "support/policy/"}
CLS_AIM = 0.05  # issue 13: cumulative layout shift under 0.05 on the ticket page (Lighthouse's "good" is 0.1)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def parser_blocking_scripts(html: str) -> list[str]:
    """The external scripts of a page that stop the parser: any in <head>, and those without defer,
    async or type=module in <body>."""
    head_end = html.find("</head>")
    blocking = []
    for tag in SCRIPT_TAG.finditer(html):
        source = re.search(r'\ssrc="([^"]*)"', tag.group())
        if not source:
            continue  # inline: Material's few lines, the pages' JSON data
        deferred = re.search(r'\s(defer|async)\b|\stype="module"', tag.group())
        if tag.start() < head_end or not deferred:
            blocking.append(source.group(1))
    return blocking


def test_no_built_page_has_a_parser_blocking_script(built_site: Path):
    found = {}
    for page in sorted(built_site.rglob("*.html")):
        blocking = parser_blocking_scripts(page.read_text(encoding="utf-8"))
        if blocking:
            found[page.relative_to(built_site).as_posix()] = blocking
    assert not found, f"scripts that hold back the first paint (defer them): {found}"


# Every layout shift of the page so far (Layout Instability API), as Lighthouse counts them: shifts right
# after the reader's own input do not count. Read two frames after the scripts have run.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  const sources = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      total += entry.value;
      for (const source of entry.sources || []) {
        const node = source.node;
        sources.push(node && node.nodeType === 1 ? `${node.tagName.toLowerCase()}#${node.id}.${node.className}` : "?");
      }
    }
  }).observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve({ total, sources }), 100)));
})"""


@pytest.mark.parametrize("language", [DEFAULT_LANGUAGE, "de"])
def test_pages_stay_put_while_their_scripts_start_on_a_phone(browser, site_url, language):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    shifts = {}
    for name, path in PAGES.items():
        tab.goto(f"{site_url}/{url_prefix(language)}{path}", wait_until="load")
        if name == "ticket":
            tab.locator("#hc-ticket-form").wait_for()  # shown by its script
        tab.wait_for_load_state("networkidle")  # the SLA clock's policy file, Material's bundle
        shifts[name] = tab.evaluate(LAYOUT_SHIFT)
    context.close()
    moved = {name: shift for name, shift in shifts.items() if shift["total"] >= CLS_AIM}
    assert not moved, f"{language}: layout shift at or over {CLS_AIM}: {moved}"
