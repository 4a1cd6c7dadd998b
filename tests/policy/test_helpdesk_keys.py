"""The helpdesk API's keys of support.yml (ticket_form.attachments, ticket_form.jira_request_types): read
into the policy, optional, and every mistake named with file, line and key."""

from __future__ import annotations

import pytest

from fixture_policies import policy_text
from helpcenter.errors import PolicyError
from helpcenter.policy.loader import parse_policy

REAL = policy_text("paris")  # edits of the "paris" fixture policy


def edited(old: str, new: str) -> str:
    assert REAL.count(old) == 1, f"{old!r} is not unique in support.yml"
    return REAL.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def error_of(text: str) -> str:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    return str(caught.value)


def test_the_limits_and_request_types_are_read():
    policy = parse_policy(edited("    max_size: 5MB\n", "    max_size: 500KB\n"))
    assert policy.ticket_form.attachments.max_size == 500 * 1024
    assert set(policy.ticket_form.jira_request_types) == {category.id for category in policy.categories}


def test_both_keys_are_optional():
    start, end = REAL.index("  # Files a customer may attach"), REAL.index("  privacy_policy_url:")
    policy = parse_policy(REAL[:start] + REAL[end:])
    assert policy.ticket_form.attachments.max_files == 0 and dict(policy.ticket_form.jira_request_types) == {}


@pytest.mark.parametrize("old, new, fragment, message", [
    ("    max_size: 5MB\n", "    max_size: 5 gigs\n", "max_size", "ticket_form.attachments.max_size: '5 gigs' is not a size"),
    ("    max_files: 3\n", "    max_files: many\n", "max_files", "ticket_form.attachments.max_files: expected a whole number"),
    ("types: [.png, ", "types: [PNG, ", "types:", "ticket_form.attachments.types[0]: 'PNG' is not a file name extension"),
    ('    general-question: "11"\n', '    general-questions: "11"\n', "general-questions",
     "ticket_form.jira_request_types.general-questions: category 'general-questions' is not defined"),
    ('    general-question: "11"\n', '    general-question: "eleven"\n', "eleven",
     "ticket_form.jira_request_types.general-question: 'eleven' is not a Jira requestTypeId"),
])
def test_mistakes_name_the_line_and_the_key(old, new, fragment, message):
    text = edited(old, new)
    error = error_of(text)
    assert error.startswith(f"support.yml:{line_of(text, fragment)}: {message}"), error


def test_a_category_without_request_type_is_named():
    error = error_of(edited('    improvement-suggestion: "12"\n', ""))
    assert "ticket_form.jira_request_types.improvement-suggestion: category 'improvement-suggestion' has no Jira request type" in error
