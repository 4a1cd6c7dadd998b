"""State that belongs to one build stays in it: the policy and caches of a build, and Jinja's compiled code
of each environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jinja2
import pytest

from conftest import copy_project
from helpcenter.render.templates import make_environment
from helpcenter.render import bytecode


# Two builds on one config object, in a process of its own (away from the test session's event loops):
# a support.yml edit between them must show in the second.
TWO_BUILDS = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from helpcenter.site.config import load_mkdocs_config, preview_overrides

project, site = Path(sys.argv[1]), sys.argv[2]
# Two languages are enough, and keep the test short.
config = load_mkdocs_config(project / "mkdocs.yml", site_dir=site, **preview_overrides(project / "mkdocs.yml", "en"))
build(config)
(Path(site).parent / "first-build.json").write_text((Path(site) / "support-policy.json").read_text())
policy = project / "support.yml"
policy.write_text(policy.read_text().replace("high: {business-hours: 1h, outside-business-hours: 12h}",
                                             "high: {business-hours: 1h, outside-business-hours: 7h}"))
build(config)
"""


def high_outside(path) -> str:
    document = json.loads(path.read_text(encoding="utf-8"))
    return next(row for row in document["first_response"]["targets"]
                if row["priority"] == "high")["windows"]["outside-business-hours"]["iso"]


def test_two_builds_on_the_same_config_do_not_share_a_stale_policy_or_marker_cache(tmp_path):
    project, site = copy_project(tmp_path), tmp_path / "site"
    assert "    high: {business-hours: 1h, outside-business-hours: 12h}" in (project / "support.yml").read_text()
    result = subprocess.run([sys.executable, "-c", TWO_BUILDS, str(project), str(site)], capture_output=True,
                            text=True, env={**os.environ, "HELPCENTER_TODAY": "2026-11-26"}, timeout=600)
    assert result.returncode == 0, result.stderr
    assert high_outside(tmp_path / "first-build.json") == "PT12H"
    assert high_outside(site / "support-policy.json") == "PT7H", "the second build reused the first one's policy"
    policy_page = (site / "en" / "support" / "policy" / "index.html").read_text(encoding="utf-8")
    assert "Within 7 hours" in policy_page, "the second build reused the first one's rendered markers"


def test_a_marker_template_stays_escaped_after_the_theme_has_compiled_it(tmp_path):
    (tmp_path / "helpcenter").mkdir()
    (tmp_path / "helpcenter" / "shown.html").write_text("{{ value }}", encoding="utf-8")
    # The theme's environment (as MkDocs makes it, autoescape off) compiles the template first ...
    theme = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)),
                               bytecode_cache=bytecode.THEME)
    assert theme.get_template("helpcenter/shown.html").render(value="<b>") == "<b>"
    # ... then the markers' environment loads the same file: it must escape.
    markers = make_environment([tmp_path])
    assert markers.get_template("helpcenter/shown.html").render(value="<b>") == "&lt;b&gt;"


def test_the_holiday_names_check_is_skipped_only_for_bytes_that_passed_it(tmp_path, monkeypatch):
    from fixture_policies import write_policy
    from helpcenter.errors import PolicyError
    from helpcenter.site import shared_policy

    path = write_policy(tmp_path, "paris")
    shared_policy.holiday_names_checked(path, shared_policy.policy_once(path), range(2025, 2029))
    checked = []
    monkeypatch.setattr(shared_policy, "check_holiday_names", lambda *arguments: checked.append(arguments))
    shared_policy.holiday_names_checked(path, shared_policy.policy_once(path), range(2025, 2029))
    assert checked == [], "the same bytes and years passed before"
    shared_policy.holiday_names_checked(path, shared_policy.policy_once(path), range(2026, 2030))
    assert len(checked) == 1, "other years are checked"
    monkeypatch.undo()
    path.write_text(path.read_text(encoding="utf-8").replace('"07-14":', '"07-15":'), encoding="utf-8")
    with pytest.raises(PolicyError, match="07-15"):
        shared_policy.holiday_names_checked(path, shared_policy.policy_once(path), range(2025, 2029))


def test_public_holidays_are_looked_up_once_and_a_stale_or_corrupt_record_of_them_is_ignored(tmp_path, monkeypatch):
    from datetime import date

    import holidays

    from fixture_policies import write_policy
    from helpcenter.policy import days_off
    from helpcenter.site import shared_policy

    path = write_policy(tmp_path, "paris")
    policy, today = shared_policy.policy_once(path), date(2026, 3, 2)
    country, years = policy.business_hours.holiday_country, days_off.upcoming_years(today)
    expected = dict(holidays.country_holidays(country, years=list(years), language="en_US").items())
    monkeypatch.setattr(days_off, "_found", {})
    shared_policy.public_holidays_once(path, policy, today)
    record = path.parent / ".cache" / shared_policy.HOLIDAYS_FOUND
    kept = record.read_text(encoding="utf-8")

    def unknown(*arguments, **options):
        raise AssertionError("looked up again")

    monkeypatch.setattr(days_off, "_found", {})  # as in a new process
    monkeypatch.setattr(days_off.holidays, "country_holidays", unknown)
    shared_policy.public_holidays_once(path, policy, today)
    assert days_off.public_holidays(country, years) == expected
    monkeypatch.undo()

    data = json.loads(kept)
    data["made_by"] = "another version"
    data["found"] = {name: [[day, "Made up"] for day, _ in found] for name, found in data["found"].items()}
    for text in (kept[:60], json.dumps(data)):  # truncated; made by another version of the package
        record.write_text(text, encoding="utf-8")
        monkeypatch.setattr(days_off, "_found", {})
        shared_policy.public_holidays_once(path, policy, today)
        assert days_off.public_holidays(country, years) == expected
        assert record.read_text(encoding="utf-8") == kept, "the record is written again"
