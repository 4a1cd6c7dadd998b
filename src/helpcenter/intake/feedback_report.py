"""The readers' votes per page and language: yes, no, score, comments, worst first, low scores flagged.

`RULES` holds, in one place, when a page's score counts as low and the period looked at by default;
`helpcenter intake feedback` and `helpcenter status` both use it (their options change it for one run).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from helpcenter.intake.storage import VoteRecord


@dataclass(frozen=True)
class FeedbackRules:
    low_score: float = 0.6  # a page with a smaller share of "yes" ...
    min_votes: int = 5  # ... and at least this many votes (fewer say little) is flagged
    days: int = 90  # the period looked at when none is given: the last 90 days, today included


RULES = FeedbackRules()


@dataclass(frozen=True)
class PageFeedback:
    page: str  # the page's path inside its language, e.g. faq/products/
    language: str
    yes: int
    no: int
    comments: tuple[tuple[float, str], ...]  # (hour received, text), oldest first

    @property
    def votes(self) -> int:
        return self.yes + self.no

    @property
    def score(self) -> float:
        """The share of readers who found the page helpful, 0 to 1."""
        return self.yes / self.votes

    def is_low(self, rules: FeedbackRules = RULES) -> bool:
        return self.votes >= rules.min_votes and self.score < rules.low_score


def summarize(votes: Iterable[VoteRecord], rules: FeedbackRules = RULES) -> list[PageFeedback]:
    """One entry per page and language; worst first: flagged pages, then by score, then by "no" votes."""
    tally: dict[tuple[str, str], list] = {}
    for vote in votes:
        entry = tally.setdefault((vote.page, vote.language), [0, 0, []])
        entry[0 if vote.helpful else 1] += 1
        if vote.comment:
            entry[2].append((vote.received_at, vote.comment))
    pages = [PageFeedback(page, language, yes, no, tuple(comments))
             for (page, language), (yes, no, comments) in tally.items()]
    return sorted(pages, key=lambda item: (not item.is_low(rules), item.score, -item.no, item.page, item.language))
