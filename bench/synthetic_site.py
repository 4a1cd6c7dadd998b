"""A synthetic help center for the benchmarks: six languages × N pages of about 600 words each.

Pages sit in nested sections like a real help center (categories → sections → articles), every
article uses policy markers, and mkdocs.yml lists them all in its navigation. The variant without
hooks ("stock") gets its markers rendered beforehand, as if a writer had typed the policy by hand, so
both variants produce the same pages.

    .venv/bin/python bench/synthetic_site.py FOLDER [--pages 100] [--stock]
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "en", "es", "de", "it", "pt")
CATEGORIES = 5
ARTICLES_PER_SECTION = 9

WORDS = ("Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis "
         "nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.")
PARAGRAPH = " ".join([WORDS] * 4)  # about 100 words

ARTICLE = """# {title}

Priority <!-- support:priority high --> gets a first response within
<!-- support:first-response high business-hours --> during <!-- support:business-hours -->.

## Before you start

{paragraph}

{paragraph}

!!! tip "Tip"
    Write to <!-- support:email --> or call <!-- support:phone -->.

## Steps

1. {words}
2. {words}
3. {words}

{paragraph}

## Response times

<!-- support:sla-table -->

## Going further

{paragraph}

{paragraph}

See also [the section's overview](index.md).
"""
INDEX = "# {title}\n\n{paragraph}\n"


def layout(pages: int) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """The site's tree for `pages` pages per language: [(category, [(section, [article, ...])])].

    Counting the home page, each category's and section's index page and the articles, the site has
    exactly `pages` pages per language (at least 1 + 2 × CATEGORIES).
    """
    left = pages - 1 - CATEGORIES
    products = _product_ids()
    # The first category holds the tutorials, one section per product (the build requires them).
    sections_per_category = max(len(products), round(left / CATEGORIES / (ARTICLES_PER_SECTION + 1)))
    sections = CATEGORIES * sections_per_category
    articles = left - sections
    tree = []
    number = 0
    for category in range(CATEGORIES):
        category_sections = []
        for section in range(sections_per_category):
            index = category * sections_per_category + section
            count = articles // sections + (1 if index < articles % sections else 0)
            name = products[section] if category == 0 and section < len(products) else f"section-{section + 1:02d}"
            category_sections.append((name,
                                      [f"article-{number + i + 1:04d}" for i in range(count)]))
            number += count
        tree.append(("tutorials" if category == 0 else f"category-{category + 1}", category_sections))
    return tree


def make_site(folder: Path, pages: int, stock: bool = False) -> Path:
    """Write a synthetic project into `folder` (created); returns its mkdocs.yml."""
    folder.mkdir(parents=True, exist_ok=True)
    tree = layout(pages)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if stock:
        config.pop("hooks")
    config["nav"] = _navigation(tree)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "support.yml", folder / "support.yml")
    for name in ("overrides", "hooks", "locales"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    shutil.copytree(ROOT / "docs" / "assets", folder / "docs" / "assets", dirs_exist_ok=True)
    for language in LANGUAGES:
        docs = folder / "docs" / language
        _write(docs / "index.md", INDEX.format(title=f"Home ({language})", paragraph=PARAGRAPH))
        for category, sections in tree:
            _write(docs / category / "index.md", INDEX.format(title=f"{category} ({language})", paragraph=PARAGRAPH))
            for section, articles in sections:
                _write(docs / category / section / "index.md",
                       INDEX.format(title=f"{category} {section} ({language})", paragraph=PARAGRAPH))
                for article in articles:
                    text = ARTICLE.format(title=f"{article} ({language})", paragraph=PARAGRAPH, words=WORDS)
                    _write(docs / category / section / f"{article}.md", prerender(text, language) if stock else text)
    return folder / "mkdocs.yml"


def article_paths(folder: Path, language: str) -> list[Path]:
    """The article files of one language of a synthetic site, in navigation order."""
    return sorted((folder / "docs" / language).glob("*/*/article-*.md"))


def _product_ids() -> list[str]:
    policy = yaml.safe_load((ROOT / "support.yml").read_text(encoding="utf-8"))
    return [product["id"] for product in policy["products"]]


def _navigation(tree) -> list:
    navigation: list = ["index.md"]
    for category, sections in tree:
        entries: list = [f"{category}/index.md"]
        for section, articles in sections:
            entries.append({section: [f"{category}/{section}/index.md",
                                      *(f"{category}/{section}/{article}.md" for article in articles)]})
        navigation.append({category: entries})
    return navigation


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def prerender(markdown: str, language: str) -> str:
    from helpcenter.render.templates import PageContext, render_page

    view, env = _policy_for(language)
    return render_page(markdown, view, env, PageContext(source="bench"))


@functools.lru_cache(maxsize=None)
def _policy_for(language: str):
    """The localized policy and template environment of a language, made once for all pages."""
    from helpcenter.l10n.catalogs import load_translations
    from helpcenter.l10n.localize import localize
    from helpcenter.policy.loader import load_policy
    from helpcenter.render.templates import make_environment

    view = localize(load_policy(ROOT / "support.yml"), language)
    return view, make_environment([ROOT / "overrides"], load_translations(ROOT, language))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--stock", action="store_true", help="no hooks, markers rendered beforehand")
    args = parser.parse_args()
    print(make_site(args.folder, args.pages, stock=args.stock))


if __name__ == "__main__":
    main()


def bench_options(description: str, pages: int, runs: int, pages_help: str = "pages per language") -> argparse.Namespace:
    """The options of a benchmark that builds one synthetic size (--pages, --runs), parsed; prints the
    machine's cores and load first, as every benchmark does."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--pages", type=int, default=pages, help=pages_help)
    parser.add_argument("--runs", type=int, default=runs)
    options = parser.parse_args()
    print(f"cores: {len(os.sched_getaffinity(0))}, load before: {os.getloadavg()}")
    return options
