"""The browser's SLA clock as the tests give it to a page: sla-clock.js and the support-policy.json it reads."""

from __future__ import annotations

from datetime import datetime

from conftest import ROOT
from helpcenter.policy.model import SupportPolicy
from helpcenter.render.export import days_off_entries, policy_document

SCRIPT = (ROOT / "overrides" / "assets" / "javascripts" / "sla-clock.js").read_text(encoding="utf-8")


def clock_document(policy: SupportPolicy, years: range) -> dict:
    """support-policy.json as the build writes it, with the days off of `years` (the browser's data)."""
    document = policy_document(policy, datetime(years[0], 1, 1).date())
    document["business_hours"]["days_off"] = days_off_entries(policy, years)
    return document
