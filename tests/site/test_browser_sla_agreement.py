"""The Python and JavaScript SLA clocks agree on any instant, for the real policy and every fixture policy.

Hypothesis draws batches of instants, many of them at the edges of business hours, on any day of the
years support-policy.json carries; the Python clock answers each, and sla-clock.js in Chromium answers a
whole batch in one call. Whatever valid policy a writer commits, the two clocks are compared on it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from clock_support import SCRIPT, clock_document
from conftest import BUILD_DAY
from fixture_policies import NAMES, fixture_policy
from helpcenter.policy.days_off import exported_years
from helpcenter.policy.model import SupportPolicy
from helpcenter.policy.sla import SlaClock

YEARS = exported_years(date.fromisoformat(BUILD_DAY))
BATCH = 200
# No shrinking: a batch goes through the browser, and a failure already lists the instants that differ.
AGREEMENT = settings(max_examples=3, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def clock_page(browser):
    """One blank page holding sla-clock.js: every batch is answered there."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_content("<html><body></body></html>")
    tab.add_script_tag(content=SCRIPT)
    yield tab
    context.close()


def instants(policy: SupportPolicy):
    """Instants in the policy's time zone: at any time, or within a few seconds or minutes of the
    start and end of business hours (where a mistake would show), on any day of YEARS."""
    hours = policy.business_hours
    zone = ZoneInfo(hours.timezone)
    edge = st.tuples(st.sampled_from([hours.start, hours.end, time(0)]), st.integers(-120, 120))
    anytime = st.times().map(lambda at: (at.replace(microsecond=0), 0))  # the JSON export has seconds
    days = st.dates(date(YEARS[0], 1, 1), date(YEARS[-1], 12, 31))
    return st.builds(
        lambda day, moment, fold: (datetime.combine(day, moment[0], zone).replace(fold=fold)
                                   + timedelta(seconds=moment[1])).astimezone(timezone.utc),
        days, st.one_of(edge, anytime), st.integers(0, 1))


def clocks_agree(page, policy: SupportPolicy):
    """A function (batch of instants) -> None that fails on the first batch where the clocks differ."""
    clock, document = SlaClock(policy), clock_document(policy, YEARS)
    priorities = [priority.id for priority in policy.priorities]
    page.evaluate("(policy) => { window.policyUnderTest = policy; }", document)

    def check(batch: list[datetime]) -> None:
        cases = [(instant, priorities[index % len(priorities)]) for index, instant in enumerate(batch)]
        expected = []
        for instant, priority in cases:
            answer = clock.first_response(instant, priority)
            expected.append([answer.moment.window, answer.moment.reason,
                             answer.deadline.strftime("%Y-%m-%dT%H:%M:%SZ")])
        got = page.evaluate("""(cases) => cases.map(([instant, priority]) => {
            const answer = window.HelpcenterSla.firstResponse(window.policyUnderTest, new Date(instant), priority);
            return [answer.moment.window, answer.moment.reason, answer.deadline.toISOString().replace(".000Z", "Z")];
        })""", [[instant.isoformat(), priority] for instant, priority in cases])
        mismatches = [(instant.isoformat(), priority, python, javascript)
                      for (instant, priority), python, javascript in zip(cases, expected, got) if python != javascript]
        assert not mismatches, f"{len(mismatches)} of {len(cases)} instants differ, first: {mismatches[:3]}"

    return check


def run_agreement(page, policy: SupportPolicy) -> None:
    check = clocks_agree(page, policy)
    AGREEMENT(given(st.lists(instants(policy), min_size=BATCH, max_size=BATCH))(check))()


@pytest.mark.parametrize("name", NAMES)
def test_python_and_javascript_clocks_agree_on_the_fixture_policies(clock_page, name):
    run_agreement(clock_page, fixture_policy(name))


def test_python_and_javascript_clocks_agree_on_the_real_policy(clock_page, real_policy):
    run_agreement(clock_page, real_policy)
