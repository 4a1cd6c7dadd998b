"""Localization: Babel formatting of policy values, the policy in one language, UI message catalogs."""
