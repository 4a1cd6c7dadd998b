"""The sections whose pages are articles (FAQ, guide, tutorials): the folders `helpcenter new` writes into."""

from __future__ import annotations

from helpcenter.content.coverage import TUTORIALS

# The kind of page `helpcenter new KIND` creates -> its folder inside a language folder.
ARTICLE_SECTIONS = {"guide": "guide", "faq": "faq", "tutorial": TUTORIALS}


def is_article(path: str) -> bool:
    """Whether a page, by its path inside its language (faq/products/, guide/index.md), is an article."""
    return path.split("/", 1)[0] in ARTICLE_SECTIONS.values()
