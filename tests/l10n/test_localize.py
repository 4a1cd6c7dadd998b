"""Localization of the policy: every placeholder support.schema.json declares has its value, and no other."""

from __future__ import annotations

from helpcenter.l10n.localize import policy_facts
from helpcenter.policy.model import PLACEHOLDERS


def test_every_declared_placeholder_has_a_value_in_every_language(real_policy):
    policy = real_policy
    for code in policy.language_codes:
        assert set(policy_facts(policy, code)) == PLACEHOLDERS
