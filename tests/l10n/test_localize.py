"""Localization of the policy: every placeholder support.schema.json declares has its value, and no other."""

from __future__ import annotations

from conftest import ROOT
from helpcenter.l10n.localize import policy_facts
from helpcenter.policy.loader import load_policy
from helpcenter.policy.model import PLACEHOLDERS


def test_every_declared_placeholder_has_a_value_in_every_language():
    policy = load_policy(ROOT / "support.yml")
    for code in policy.language_codes:
        assert set(policy_facts(policy, code)) == PLACEHOLDERS
