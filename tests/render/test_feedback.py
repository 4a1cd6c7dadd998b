"""Which pages get "Was this page helpful?" (articles: FAQ, guide, tutorials) and where the widget posts."""

from __future__ import annotations

import dataclasses

import pytest

from fixture_policies import fixture_policy
from helpcenter.policy.model import FEEDBACK_LIMITS
from helpcenter.render.feedback import feedback_widget

POLICY = fixture_policy("paris")


@pytest.mark.parametrize("path", ["faq/", "faq/products/", "guide/getting-started/", "tutorials/x/first-steps/",
                                  "guide/getting-started.html"])
def test_every_article_gets_the_widget_with_its_page_and_language(path):
    widget = feedback_widget(path, "de", POLICY)
    assert (widget["page"], widget["language"], widget["comment_limit"]) == (path, "de", FEEDBACK_LIMITS["comment"])
    assert widget["timeout_ms"] == POLICY.ticket_form.timeout.total_seconds() * 1000


@pytest.mark.parametrize("path", ["", "support/", "support/ticket/", "support/policy/", "404.html", "faqs/"])
def test_the_home_the_support_pages_and_the_404_page_get_none(path):
    assert feedback_widget(path, "fr", POLICY) is None


def test_the_widget_posts_to_the_same_helpdesk_api_as_the_ticket_form():
    form = dataclasses.replace(POLICY.ticket_form, endpoint="http://127.0.0.1:8001/api/v1/tickets")
    policy = dataclasses.replace(POLICY, ticket_form=form)
    assert feedback_widget("faq/", "en", policy)["endpoint"] == "http://127.0.0.1:8001/api/v1/feedback"
