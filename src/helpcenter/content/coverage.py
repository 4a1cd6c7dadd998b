"""The policy promises tutorials in every language for every product: check the docs folder keeps it."""

from __future__ import annotations

from pathlib import Path

TUTORIALS = "tutorials"


def tutorial_problems(docs_dir: Path, languages: tuple[str, ...], product_ids: tuple[str, ...]) -> list[str]:
    """One `path: problem` line per missing tutorial; paths are shown under the docs folder's name."""
    label = docs_dir.name
    problems = []
    for product in product_ids:
        tutorials_by_language = {
            language: {page.name for page in (docs_dir / language / TUTORIALS / product).glob("*.md")
                       if page.name != "index.md"}
            for language in languages
        }
        every_tutorial = sorted(set().union(*tutorials_by_language.values()))
        if not every_tutorial:
            problems.append(
                f"{label}/{languages[0]}/{TUTORIALS}/{product}/: product '{product}' has no tutorial; "
                f"every product of support.yml needs at least one tutorial page in this folder")
            continue
        for name in every_tutorial:
            for language in languages:
                if name not in tutorials_by_language[language]:
                    problems.append(
                        f"{label}/{language}/{TUTORIALS}/{product}/{name}: missing; the '{product}' tutorial "
                        f"'{name}' has no '{language}' translation (every product has its tutorials in every language)")
    return problems


def product_of(page_path: str, product_ids: tuple[str, ...]) -> str | None:
    """The product a page is about, from its place in the site: 'tutorials/<product>/...' (paths inside
    a language, without its prefix); None for a page about no single product."""
    parts = page_path.split("/")
    if len(parts) > 1 and parts[0] == TUTORIALS and parts[1] in product_ids:
        return parts[1]
    return None
