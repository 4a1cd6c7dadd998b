"""`helpcenter new`: a page in every language, listed in the navigation, translations pending."""

from __future__ import annotations

import re
from pathlib import Path

from helpcenter.content import frontmatter
from helpcenter.policy.loader import load_policy
from helpcenter.content.translations import PENDING, source_hash

SECTIONS = {"guide": "guide", "faq": "faq", "tutorial": "tutorials"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

BODIES = {
    "guide": "# {title}\n\nWhat this page helps the reader do, in one or two sentences.\n\n## First part\n\nText.\n",
    "faq": "# {title}\n\n## A question a customer asks?\n\nThe answer, in two to six sentences.\n",
    "tutorial": ("# {title}\n\nWhat the reader will have done at the end.\n\n## Steps\n\n1. First action.\n"
                 "2. Second action.\n\n!!! tip \"Tip\"\n    A useful hint.\n"),
}


def create_page(root: Path, kind: str, slug: str, title: str, product: str | None = None) -> list[Path]:
    """Create docs/<lang>/<section>/<slug>.md in every language and add it to mkdocs.yml's nav.

    The default language gets the page to write; every other language gets the same text with
    `translation: {status: pending}`, so readers see it with a "translation pending" notice.
    """
    if not _SLUG.match(slug):
        raise ValueError(f"{slug!r} is not a valid page name; use lower-case words and hyphens, e.g. reset-password")
    policy = load_policy(root / "support.yml")
    folder = SECTIONS[kind]
    if kind == "tutorial":
        known = [item.id for item in policy.products]
        if product not in known:
            raise ValueError(f"a tutorial needs --product, one of: {', '.join(known)}")
        folder = f"tutorials/{product}"
    elif product:
        raise ValueError("--product is only for tutorials")
    page = f"{folder}/{slug}.md"
    docs = root / "docs"
    languages = policy.language_codes
    existing = [docs / language / page for language in languages if (docs / language / page).exists()]
    if existing:
        raise ValueError(f"{existing[0].relative_to(root)} already exists")
    body = BODIES[kind].format(title=title)
    created = []
    for language in languages:
        path = docs / language / page
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {} if language == languages[0] else {"translation": {"source": source_hash(body), "status": PENDING}}
        path.write_text(frontmatter.join(meta, body), encoding="utf-8")
        created.append(path)
    add_to_nav(root / "mkdocs.yml", folder, page)
    return created


def add_to_nav(config_file: Path, folder: str, page: str) -> None:
    """Insert `- page` after the last nav entry of the same folder, keeping the file's comments."""
    lines = config_file.read_text(encoding="utf-8").splitlines(keepends=True)
    entry = re.compile(rf"^(?P<indent>\s*)-\s+{re.escape(folder)}/[\w.-]+\.md\s*$")
    last = None
    for index, line in enumerate(lines):
        match = entry.match(line)
        if match:
            last, indent = index, match.group("indent")
    if last is None:
        raise ValueError(f"mkdocs.yml: nav has no section for {folder}/ yet; add one with its index page first")
    lines.insert(last + 1, f"{indent}- {page}\n")
    config_file.write_text("".join(lines), encoding="utf-8")
