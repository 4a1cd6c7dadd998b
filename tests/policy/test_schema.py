"""support.schema.json: published for editors, used by the loader, its mistakes told as file:line: key lines."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import PROJECT, ROOT
from fixture_policies import policy_text
from helpcenter.errors import PolicyError
from helpcenter.policy.loader import parse_policy

PUBLISHED = ROOT / "support.schema.json"
REAL = policy_text("paris")  # the mistakes below are edits of the "paris" fixture policy


def test_support_yml_names_the_schema_for_editors_and_the_package_uses_the_published_file():
    assert (PROJECT / "support.yml").read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=./support.schema.json"
    packaged = files("helpcenter.policy").joinpath("support.schema.json").read_text(encoding="utf-8")
    assert packaged == PUBLISHED.read_text(encoding="utf-8")


@pytest.mark.real_site
def test_an_editor_reading_the_published_schema_accepts_the_real_file():
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    # As an editor reads them: references unresolved by us, plain YAML types.
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(yaml.safe_load((PROJECT / "support.yml").read_text(encoding="utf-8")))]
    assert errors == []


def error_of(old: str, new: str) -> tuple[str, int]:
    assert REAL.count(old) == 1, f"{old!r} is not unique in support.yml"
    text = REAL.replace(old, new)
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    changed = next(number for number, line in enumerate(text.splitlines(), 1) if line not in REAL.splitlines())
    return str(caught.value), changed


@pytest.mark.parametrize("old, new, message", [
    ("  days: [mon, tue, wed, thu, fri]\n", "  days: [mon, tue, wed, thu, fryday]\n",
     "business_hours.days[4]: 'fryday' is not a day; use mon, tue, wed, thu, fri, sat, sun"),
    ("  days: [mon, tue, wed, thu, fri]\n", "  days: [mon, tue, wed, thu, mon]\n",
     "business_hours.days[4]: 'mon' is listed twice"),
    ("    high: {business-hours: 1h, outside-business-hours: 12h}\n",
     "    high: {business-hours: 1h, outside-hours: 12h}\n",
     "first_response.targets.high.outside-hours: unknown key; expected one of: business-hours, "
     "outside-business-hours (check the spelling)"),
    ("  fr: {locale: fr_FR}\n", "  FRA: {locale: fr_FR}\n",
     "languages.FRA: 'FRA' is not a two-letter language code such as 'fr'"),
    ("  endpoint: https://helpdesk.meteorage.com/api/v1/tickets\n", "  endpoint: helpdesk.meteorage.com\n",
     "ticket_form.endpoint: 'helpdesk.meteorage.com' is not a web address; write one starting with https://"),
    ("  timeout: 20s\n", "  timeout: 20\n",
     "ticket_form.timeout: 20 is not a duration; write a duration such as 1h, 90min, 1h30 or PT1H30M"),
    ("  optional: [started_at, company]\n", "  optional: [started_at, compagny]\n",
     "ticket_form.optional[1]: 'compagny' is not a field of the form; use product, subject, description, "
     "impact, started_at, name, email, company"),
    ("    - id: monitoring\n", "    - id: Monitoring\n",
     "technical_means.items[0].id: 'Monitoring' is not a valid id; use lower-case letters, digits and hyphens"),
    ('coverage: "24/7"\n', "coverage:\n", "coverage: expected a non-empty text, got nothing"),
    ("  above_percent: 99\n", "  above_percent: 150\n",
     "availability.above_percent: 150 is not a percentage between 0 and 100"),
])
def test_a_schema_mistake_is_one_line_with_the_key_and_what_to_do(old, new, message):
    error, line = error_of(old, new)
    assert error == f"support.yml:{line}: {message}"


def test_a_text_written_once_instead_of_per_language_names_the_languages():
    error, line = error_of("  title:\n    fr: Politique de support technique\n", "  title: Politique\n"
                           "  unused:\n    fr: Politique de support technique\n")
    assert error == (f"support.yml:{line}: policy.title: expected one translation per language "
                     "(fr, en, es, de, it, pt), got a single text")
