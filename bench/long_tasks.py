"""The main thread's long tasks after the first paint of a page, as Lighthouse's mobile run counts them.

    .venv/bin/python bench/long_tasks.py [--site DIR] [--languages fr,de] [--pages ticket] [--runs 7] [--detail]

Loads each page in Debian's Chromium (Playwright, a fresh profile per load, Lighthouse's mobile screen)
with a performance trace, the way Lighthouse 12 records it: unthrottled. Lighthouse then simulates a
phone by multiplying each main-thread task by 4 (by 2 when the task laid out the page) and counts, as
total blocking time, what each task after the first contentful paint lasts over 50 ms. This script does
the same sum, on each task's thread (CPU) time rather than its wall time, which a busy machine stretches,
and without Lighthouse's network simulation: quicker and steadier than bench/lighthouse.py for comparing
two versions of a page, not a replacement for its score. Prints, per page, the medians over the runs
(TBT~, the longest simulated task, how many are over 50 ms, their CPU time) and the load average;
--detail lists every long task of each run with what ran in it (scripts, events, style and layout).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lighthouse import add_page_options, served_pages  # noqa: E402  (same pages, same build)

CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel", "v8.execute",
              "blink.user_timing", "loading"]
TOP_LEVEL = {"RunTask", "ThreadControllerImpl::RunTask"}
SLOWDOWN, LAYOUT_SLOWDOWN, BLOCKING_MS = 4, 2, 50  # Lighthouse 12's mobile simulation
SETTLE_MS = 3000  # after the load event: the scripts start, and what they schedule later is traced too
NOTABLE = {"EvaluateScript", "FunctionCall", "EventDispatch", "TimerFire", "FireAnimationFrame",
           "UpdateLayoutTree", "Layout", "ParseHTML", "ParseAuthorStyleSheet", "Paint", "v8.compile",
           "RunMicrotasks", "PrePaint", "HitTest"}


def trace(page_url: str) -> list[dict]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                          is_mobile=True, has_touch=True)
            page = context.new_page()
            browser.start_tracing(page=page, categories=CATEGORIES)
            page.goto(page_url, wait_until="load")
            page.wait_for_timeout(SETTLE_MS)  # nothing run in the page while traced: its tasks only
            events = json.loads(browser.stop_tracing())["traceEvents"]
            if page.get_attribute("html", "data-hc-scripts") != "started":
                raise RuntimeError(f"{page_url}: the scripts had not started {SETTLE_MS} ms after the load")
            return events
        finally:
            browser.close()


def label(event: dict) -> str:
    data = (event.get("args") or {}).get("data") or {}
    name = event["name"]
    if name in {"EvaluateScript", "v8.compile", "FunctionCall"}:
        where = data.get("url", "").rsplit("/", 1)[-1] or "page"
        return f"{name} {where}" + (f" {data['functionName']}" if data.get("functionName") else "")
    if name == "EventDispatch":
        return f"{name} {data.get('type', '')}"
    if name == "UpdateLayoutTree":
        return f"{name} ({(event.get('args') or {}).get('elementCount', data.get('elementCount', '?'))} elements)"
    if name == "ParseAuthorStyleSheet":
        return f"{name} {data.get('styleSheetUrl', '').rsplit('/', 1)[-1]}"
    return name


def long_tasks(events: list[dict]) -> tuple[float, list[dict]]:
    """FCP (ms from navigation start) and the main thread's tasks after it, with their simulated length."""
    fcp = next(e for e in events if e["name"] == "firstContentfulPaint")
    main = (fcp["pid"], fcp["tid"])
    start = next(e for e in events if e["name"] == "navigationStart" and (e["pid"], e["tid"]) == main)["ts"]
    own = sorted((e for e in events if (e["pid"], e["tid"]) == main and e.get("ph") == "X" and "dur" in e),
                 key=lambda e: (e["ts"], -e["dur"]))
    tasks, covered = [], 0
    for event in own:
        if event["name"] not in TOP_LEVEL or event["ts"] < start or event["ts"] < covered:
            continue
        end = covered = event["ts"] + event["dur"]
        inside = [e for e in own if event["ts"] <= e["ts"] and e["ts"] + e["dur"] <= end and e is not event]
        if any("DevToolsSession" in json.dumps(e.get("args", {})) for e in inside[:3]):
            continue  # the measuring tool's own calls
        layout = any(e["name"] == "Layout" for e in inside)
        cpu = event.get("tdur", event["dur"]) / 1000  # thread time: what the task cost, whatever the load
        simulated = cpu * (LAYOUT_SLOWDOWN if layout else SLOWDOWN)
        parts: dict[str, float] = defaultdict(float)
        for child in inside:
            if child["name"] in NOTABLE and child.get("tdur", child["dur"]) >= 1000:
                parts[label(child)] += child.get("tdur", child["dur"]) / 1000
        tasks.append({"start": (event["ts"] - start) / 1000, "ms": event["dur"] / 1000, "cpu": cpu, "simulated": simulated,
                      "parts": dict(parts)})
    fcp_ms = (fcp["ts"] - start) / 1000
    return fcp_ms, [task for task in tasks if task["start"] + task["ms"] > fcp_ms]


def blocking(tasks: list[dict]) -> float:
    return sum(max(0.0, task["simulated"] - BLOCKING_MS) for task in tasks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_page_options(parser, languages="fr,de", pages="ticket", runs=7)
    parser.add_argument("--detail", action="store_true", help="every long task of every run, with its parts")
    arguments = parser.parse_args()
    with served_pages(arguments) as pages:
        print(f"{'page':<12} {'TBT~':>6} {'worst':>6} {'long':>5} {'CPU ms':>8}   (simulated x{SLOWDOWN}, "
              f"median of {arguments.runs})")
        for language, name, address in pages:
            runs = []
            for run in range(arguments.runs):
                fcp, tasks = long_tasks(trace(address))
                runs.append((blocking(tasks), max((t["simulated"] for t in tasks), default=0),
                             sum(t["simulated"] > BLOCKING_MS for t in tasks), sum(t["cpu"] for t in tasks)))
                if arguments.detail:
                    print(f"  {language} {name} run {run}: FCP {fcp:.0f} ms, TBT~ {runs[-1][0]:.0f} ms")
                    for task in tasks:
                        if task["simulated"] > BLOCKING_MS:
                            parts = ", ".join(f"{part} {ms:.1f}" for part, ms in
                                              sorted(task["parts"].items(), key=lambda p: -p[1])[:6])
                            print(f"    at {task['start']:6.0f}  {task['cpu']:5.1f} ms CPU -> "
                                  f"{task['simulated']:5.0f}   {parts}")
            medians = [statistics.median(run[i] for run in runs) for i in range(4)]
            print(f"{language + ' ' + name:<12} {medians[0]:>6.0f} {medians[1]:>6.0f} {medians[2]:>5.0f} "
                  f"{medians[3]:>8.1f}   (load {os.getloadavg()[0]:.1f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
