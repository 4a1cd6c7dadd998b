"""The "Was this page helpful?" widget: which pages get it (articles) and what it needs to post a vote."""

from __future__ import annotations

from helpcenter.content.sections import is_article
from helpcenter.policy.model import FEEDBACK_LIMITS, SupportPolicy


def feedback_widget(path: str, language: str, policy: SupportPolicy) -> dict | None:
    """For an article, by its path inside its language (faq/products/): the widget's settings for
    overrides/helpcenter/feedback.html; None for any other page (home, support pages, 404)."""
    if not is_article(path):
        return None
    form = policy.ticket_form
    return {"page": path, "language": language, "endpoint": form.feedback_endpoint,
            "timeout_ms": int(form.timeout.total_seconds() * 1000), "comment_limit": FEEDBACK_LIMITS["comment"]}
