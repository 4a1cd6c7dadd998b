"""The fixture policies of the product tests (tests/fixtures/policies/): their support.yml text and model.

A fixture is a whole support.yml ("paris", the seed policy frozen) or the changes to another one
(`extends: paris`): mappings are merged key by key, a list replaces the base's list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from helpcenter.policy.loader import parse_policy
from helpcenter.policy.model import SupportPolicy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "policies"
NAMES = ("paris", "montreal")


def _merged(base: dict, changes: dict) -> dict:
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merged(base[key], value)
        else:
            merged[key] = value
    return merged


@cache
def policy_text(name: str) -> str:
    """The support.yml text of a fixture policy (a whole file: a fixture with `extends` is merged)."""
    text = (FIXTURES / f"{name}.yml").read_text(encoding="utf-8")
    changes = yaml.safe_load(text)
    if "extends" not in changes:
        return text
    base = yaml.safe_load(policy_text(changes.pop("extends")))
    return yaml.safe_dump(_merged(base, changes), allow_unicode=True, sort_keys=False, width=200)


@cache
def fixture_policy(name: str) -> SupportPolicy:
    return parse_policy(policy_text(name), "support.yml")


def write_policy(project: Path, name: str) -> Path:
    """Put a fixture policy in a project as its support.yml."""
    path = project / "support.yml"
    path.write_text(policy_text(name), encoding="utf-8")
    return path


# Expected cells written by hand from the "paris" fixture policy, per language: the table a reader must see.
EXPECTED_SLA = {
    "fr": ("Priorité", "Heures ouvrées", "En dehors des heures ouvrées, week-ends et jours fériés",
           [("Haute", "Sous 1 heure", "Sous 12 heures"), ("Moyenne", "Sous 2 heures", "Sous 24 heures"),
            ("Faible", "Sous 2 heures", "Sous 24 heures")]),
    "en": ("Priority", "Business hours", "Outside business hours, weekends and public holidays",
           [("High", "Within 1 hour", "Within 12 hours"), ("Medium", "Within 2 hours", "Within 24 hours"),
            ("Low", "Within 2 hours", "Within 24 hours")]),
    "es": ("Prioridad", "Horario laboral", "Fuera del horario laboral, fines de semana y festivos",
           [("Alta", "En un plazo de 1 hora", "En un plazo de 12 horas"),
            ("Media", "En un plazo de 2 horas", "En un plazo de 24 horas"),
            ("Baja", "En un plazo de 2 horas", "En un plazo de 24 horas")]),
    "de": ("Priorität", "Geschäftszeiten", "Außerhalb der Geschäftszeiten, an Wochenenden und Feiertagen",
           [("Hoch", "Innerhalb von 1 Stunde", "Innerhalb von 12 Stunden"),
            ("Mittel", "Innerhalb von 2 Stunden", "Innerhalb von 24 Stunden"),
            ("Niedrig", "Innerhalb von 2 Stunden", "Innerhalb von 24 Stunden")]),
    "it": ("Priorità", "Orario lavorativo", "Fuori orario lavorativo, nei fine settimana e nei giorni festivi",
           [("Alta", "Entro 1 ora", "Entro 12 ore"), ("Media", "Entro 2 ore", "Entro 24 ore"),
            ("Bassa", "Entro 2 ore", "Entro 24 ore")]),
    "pt": ("Prioridade", "Horário de expediente", "Fora do horário de expediente, fins de semana e feriados",
           [("Alta", "No prazo de 1 hora", "No prazo de 12 horas"), ("Média", "No prazo de 2 horas", "No prazo de 24 horas"),
            ("Baixa", "No prazo de 2 horas", "No prazo de 24 horas")]),
}
