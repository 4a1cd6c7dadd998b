"""`helpcenter new`: a page in every language, listed in the navigation, translations pending."""

from __future__ import annotations

import re
from pathlib import Path

from helpcenter.content import frontmatter
from helpcenter.content.sections import ARTICLE_SECTIONS
from helpcenter.policy.loader import load_policy
from helpcenter.content.translations import PENDING, source_hash
from helpcenter.site.config import Project

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

BODIES = {
    "guide": "# {title}\n\nWhat this page helps the reader do, in one or two sentences.\n\n## First part\n\nText.\n",
    "faq": "# {title}\n\n## A question a customer asks?\n\nThe answer, in two to six sentences.\n",
    "tutorial": ("# {title}\n\nWhat the reader will have done at the end.\n\n## Steps\n\n1. First action.\n"
                 "2. Second action.\n\n!!! tip \"Tip\"\n    A useful hint.\n"),
}


def create_page(project: Project, kind: str, slug: str, title: str, product: str | None = None) -> list[Path]:
    """Create docs/<lang>/<section>/<slug>.md in every language and add it to mkdocs.yml's nav.

    The default language gets the page to write; every other language gets the same text with
    `translation: {status: pending}`, so readers see it with a "translation pending" notice.
    """
    if not _SLUG.match(slug):
        raise ValueError(f"{slug!r} is not a valid page name; use lower-case words and hyphens, e.g. reset-password")
    root = project.root
    policy = load_policy(project.policy_file)
    folder = ARTICLE_SECTIONS[kind]
    if kind == "tutorial":
        known = [item.id for item in policy.products]
        if product is None:
            raise ValueError(f"a tutorial needs --product, one of: {', '.join(known)}")
        if product not in known:
            raise ValueError(f"unknown product {product!r}; --product takes a product id of support.yml: "
                             f"{', '.join(known)}")
        folder = f"tutorials/{product}"
    elif product:
        raise ValueError("--product is only for tutorials")
    page = f"{folder}/{slug}.md"
    docs = project.docs_dir
    languages = policy.language_codes
    existing = [docs / language / page for language in languages if (docs / language / page).exists()]
    if existing:
        raise ValueError(f"{existing[0].relative_to(root)} already exists")
    body = BODIES[kind].format(title=title)
    # Everything that can fail is worked out before the first write: the command writes all or nothing.
    config_file = project.config_file
    config_text = with_nav_entry(config_file.read_text(encoding="utf-8"), folder, page)
    contents = {docs / language / page: frontmatter.join(
        {} if language == languages[0] else {"translation": {"source": source_hash(body), "status": PENDING}}, body)
        for language in languages}
    created: list[Path] = []
    try:
        for path, content in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as stream:
                created.append(path)
                stream.write(content)
        config_file.write_text(config_text, encoding="utf-8")
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return created


def with_nav_entry(config_text: str, folder: str, page: str) -> str:
    """mkdocs.yml's text with `- page` after the last nav entry of the same folder, comments kept."""
    if not re.search(r"^nav:", config_text, re.MULTILINE):
        return config_text  # no nav: MkDocs lists every page by itself
    lines = config_text.splitlines(keepends=True)
    entry = re.compile(rf"^(?P<indent>\s*)-\s+{re.escape(folder)}/[\w.-]+\.md\s*$")
    last = None
    for index, line in enumerate(lines):
        match = entry.match(line)
        if match:
            last, indent = index, match.group("indent")
    if last is None:
        raise ValueError(f"mkdocs.yml: nav has no section for {folder}/ yet; add one with its index page "
                         "first (nothing was created)")
    lines.insert(last + 1, f"{indent}- {page}\n")
    return "".join(lines)
