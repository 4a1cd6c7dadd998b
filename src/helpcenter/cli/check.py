"""`helpcenter check`: everything wrong in the sources, as `file:line: problem` lines, before a build.

Checks support.yml, the files of docs/ (encoding, symbolic-link loops), each page's front matter,
policy markers, scripts, internal links and anchors in every language, images (file and alt text),
page sizes, the navigation, the tutorials of every product, missing or stale translations, and the
message catalogs. The pages are checked by helpcenter.render.pagecheck, which the build runs too.
No MkDocs build is run.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpcenter.content.coverage import tutorial_problems
from helpcenter.content.problems import KINDS, Problem
from helpcenter.content.translations import MISSING, STALE, translation_matrix
from helpcenter.content.tree import symlink_loops
from helpcenter.errors import PolicyError
from helpcenter.l10n.catalogs import catalog_problems, load_translations
from helpcenter.l10n.localize import localize
from helpcenter.policy.loader import load_policy
from helpcenter.render.pagecheck import language_problems, read_pages
from helpcenter.render.templates import make_environment

__all__ = ["KINDS", "Problem", "check_project", "format_report"]


def check_project(root: Path) -> list[Problem]:
    """Every problem found in the project at `root` (the folder of mkdocs.yml)."""
    try:
        policy = load_policy(root / "support.yml")
    except PolicyError as error:
        return [Problem("support.yml", error.file, error.line, f"{error.key}: {error.problem}" if error.key else error.problem)]
    docs = root / "docs"
    languages = policy.language_codes
    problems = symlink_loops(docs)
    if problems:  # the other checks would walk the loop too
        return problems
    pages = {language: read_pages(docs, language, problems) for language in languages}
    for language in languages:
        try:
            problems.extend(Problem("catalogs", item.file, item.line, item.message)
                            for item in catalog_problems(root, language))
        except PolicyError as error:  # a missing or unreadable catalog
            problems.append(Problem("catalogs", error.file, error.line, error.problem))
            continue
        try:
            translations = load_translations(root, language)
        except PolicyError:
            continue  # a placeholder problem, listed just above
        env = make_environment([root / "overrides"], translations)
        problems.extend(language_problems(docs, language, languages[0], pages, localize(policy, language), env))
    problems.extend(_navigation_problems(root, pages[languages[0]]))
    for problem in tutorial_problems(docs, languages, tuple(product.id for product in policy.products)):
        path, _, message = problem.partition(": ")
        problems.append(Problem("tutorials", path, None, message))
    for page, states in translation_matrix(docs, languages).items():
        for language, state in states.items():
            path = f"docs/{language}/{page}"
            if state.status == MISSING:
                problems.append(Problem("translations", path, None,
                                        f"missing: docs/{languages[0]}/{page} has no '{language}' translation; "
                                        f"translate it into docs/{language}/{page}, or copy the source there "
                                        "with `translation: {status: pending}` in its front matter"))
            elif state.status == STALE:
                problems.append(Problem("translations", path, state.line,
                                        f"stale: this translation {state.detail} (docs/{languages[0]}/{page}); "
                                        f"update it, then run `helpcenter translated {page} --lang {language}`"))
    return sorted(problems, key=lambda problem: (KINDS.index(problem.kind), problem.file, problem.line or 0))


def _navigation_problems(root: Path, default_pages: dict) -> list[Problem]:
    """With a `nav:` in mkdocs.yml, every page is listed in it and every entry has its page."""
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    start = next((index for index, line in enumerate(lines) if line.startswith("nav:")), None)
    if start is None:
        return []  # no nav: MkDocs lists every page itself
    listed: dict[str, int] = {}
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line and not line[0].isspace() and not line.startswith("#"):
            break  # the next top-level key
        entry = re.match(r"^\s*-\s+(?:[^:\n]+:\s+)?([\w./-]+\.md)\s*$", line)
        if entry:
            listed[entry.group(1)] = index + 1
    problems = [Problem("navigation", "mkdocs.yml", start + 1, f"docs/*/{page} is not in nav; add `- {page}` to its section")
                for page in sorted(default_pages) if page not in listed]
    problems += [Problem("navigation", "mkdocs.yml", line, f"nav lists {page}, which does not exist")
                 for page, line in sorted(listed.items()) if page not in default_pages]
    return problems


def format_report(problems: list[Problem]) -> str:
    """Problems grouped by kind, one `file:line: problem` line each."""
    lines = []
    for kind in KINDS:
        group = [problem for problem in problems if problem.kind == kind]
        if group:
            lines.append(f"{kind} ({len(group)}):")
            lines.extend(f"  {problem}" for problem in group)
    return "\n".join(lines)

