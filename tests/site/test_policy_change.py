"""A support manager's valid changes to support.yml: the real site follows and its tests stay green.

Several changes are applied to a copy of the real project, each relative to what support.yml says
today (so this holds after any edit of it): a business-hours response time in minutes, an outside-hours
one in hours, a later end of business hours, a fourth priority, another request category and a closure
day. The copy is built strictly once; the pages must show the new values; then every test marked
`real_site` runs in a pytest subprocess against that copy and its site, and must pass. That run is long
(the browser sweeps) and needs nothing of this one: it starts first and goes on beside the other tests,
and the last test waits for it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
import yaml

from conftest import (
    BUILD_DAY, LANGUAGES, PROJECT, ROOT, STOP_WITH_PARENT, copy_project, run_mkdocs_build, url_prefix,
)
from helpcenter.l10n.localize import localize
from helpcenter.policy.loader import load_policy
from helpcenter.policy.values import parse_duration, parse_time_of_day
from htmltools import plain, sla_table

NEW_PRIORITY = {
    "id": "critical",
    "label": {"fr": "Critique", "en": "Critical", "es": "Crítica", "de": "Kritisch", "it": "Critica", "pt": "Crítica"},
    "definition": {"fr": "Service totalement indisponible.", "en": "The service is entirely unavailable.",
                   "es": "El servicio no está disponible.", "de": "Der Dienst ist nicht verfügbar.",
                   "it": "Il servizio è indisponibile.", "pt": "O serviço está indisponível."},
}
NEW_CATEGORY = {
    "id": "billing",
    "label": {"fr": "Facturation", "en": "Billing", "es": "Facturación", "de": "Abrechnung", "it": "Fatturazione",
              "pt": "Faturação"},
    "description": {"fr": "Une question sur une facture.", "en": "A question about an invoice.",
                    "es": "Una pregunta sobre una factura.", "de": "Eine Frage zu einer Rechnung.",
                    "it": "Una domanda su una fattura.", "pt": "Uma questão sobre uma fatura."},
}


def other_duration(current: str, *choices: str) -> str:
    """The first of `choices` that means another duration than `current`."""
    return next(choice for choice in choices if parse_duration(choice) != parse_duration(current))


def edit_policy(data: dict, today: date) -> dict:
    """The changes a support manager could make, applied to support.yml's data."""
    targets = data["first_response"]["targets"]
    first, second = [item["id"] for item in data["priorities"]["items"]][:2]
    targets[first]["business-hours"] = other_duration(targets[first]["business-hours"], "45min", "50min")
    targets[second]["outside-business-hours"] = other_duration(targets[second]["outside-business-hours"], "20h", "21h")
    hours = data["business_hours"]
    end = datetime.combine(today, parse_time_of_day(hours["end"]))
    hours["end"] = (end + timedelta(hours=1) if end.hour < 23 else end - timedelta(hours=1)).strftime("%H:%M")
    data["priorities"]["items"].insert(0, NEW_PRIORITY)
    data["first_response"]["targets"] = {"critical": {"business-hours": "30min", "outside-business-hours": "1h30"},
                                         **targets}
    data["request_categories"]["items"].append(NEW_CATEGORY)
    form = data["ticket_form"]
    form["fields"]["billing"] = ["subject", "description"]
    if "jira_request_types" in form:
        form["jira_request_types"]["billing"] = "99"
    closures = [str(day) for day in hours.get("closures") or []]
    new_closure = next(day for day in (date(today.year + 1, 2, 1) + timedelta(days=n) for n in range(60))
                       if day.weekday() == 1 and day.isoformat() not in closures)
    hours["closures"] = [*closures, new_closure.isoformat()]
    return data


@pytest.fixture(scope="session")
def changed_project(tmp_path_factory):
    """A copy of the real project with the changes above, built strictly: (project, site, data)."""
    project = tmp_path_factory.mktemp("policy-change") / "project"
    project.mkdir()
    copy_project(project, with_content=True)
    shutil.copytree(PROJECT / "api", project / "api")
    today = date.fromisoformat(BUILD_DAY)
    data = edit_policy(yaml.safe_load((project / "support.yml").read_text(encoding="utf-8")), today)
    (project / "support.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200),
                                         encoding="utf-8")
    site = project.parent / "site"
    result = run_mkdocs_build(project, site, HELPCENTER_TODAY=BUILD_DAY)
    assert result.returncode == 0, result.stderr
    return project, site, data


@pytest.fixture(scope="session")
def real_site_tests_on_the_changed_project(changed_project):
    """The tests marked `real_site`, run by a pytest subprocess on the changed copy: (process, output file).
    Started at once, in a process group of its own, stopped whole if this session ends first, or is killed."""
    project, site, _ = changed_project
    folder = project.parent
    output = folder / "real-site-tests.log"
    with output.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "real_site",
             "--basetemp", str(folder / "pytest"), str(ROOT / "tests")],
            stdout=log, stderr=subprocess.STDOUT, text=True, cwd=ROOT, start_new_session=True,
            env={**os.environ, "HELPCENTER_TEST_PROJECT": str(project), "HELPCENTER_TEST_SITE": str(site),
                 "HELPCENTER_TEST_ARTIFACTS": str(folder / "artifacts"), STOP_WITH_PARENT: "1"})
    yield process, output
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.starts_background
def test_valid_policy_changes_show_on_every_page(changed_project, real_site_tests_on_the_changed_project):
    project, site, data = changed_project
    policy = load_policy(project / "support.yml")
    for language in LANGUAGES:  # the policy page of every language shows the new table and hours
        view = localize(policy, language)
        html = (site / f"{url_prefix(language)}support/policy/index.html").read_text(encoding="utf-8")
        rows = [tuple(row) for row in sla_table(html)[1:]]
        assert rows == [(plain(row.priority.label), *(plain(cell.text) for cell in row.cells)) for row in view.sla_rows]
        assert rows[0][0] == plain(NEW_PRIORITY["label"][language])
        assert plain(view.business_hours) in plain(html) and data["business_hours"]["end"] in plain(view.business_hours)
        assert plain(NEW_CATEGORY["label"][language]) in plain(html)
    document = json.loads((site / "support-policy.json").read_text(encoding="utf-8"))
    assert document["business_hours"]["end"] == data["business_hours"]["end"]
    assert data["business_hours"]["closures"][-1] in [day["date"] for day in document["business_hours"]["days_off"]]
    edited = next(row for row in document["first_response"]["targets"]
                  if row["priority"] == data["priorities"]["items"][1]["id"])  # the first one before "critical"
    assert edited["windows"]["business-hours"]["seconds"] in (45 * 60, 50 * 60)


@pytest.mark.joins_background
def test_the_real_site_tests_stay_green_on_the_changed_policy(real_site_tests_on_the_changed_project):
    process, output = real_site_tests_on_the_changed_project
    process.wait(timeout=1200)
    stdout = output.read_text(encoding="utf-8")
    assert process.returncode == 0, f"the real site's tests fail on the changed policy:\n{stdout[-6000:]}"
    assert " passed" in stdout and " deselected" in stdout
