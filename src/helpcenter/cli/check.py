"""`helpcenter check`: everything wrong in the sources, as `file:line: problem` lines, before a build.

Checks support.yml, the files of docs/ (encoding, symbolic-link loops), each page's front matter,
policy markers, scripts, internal links and anchors in every language, images (file and alt text),
page sizes, the navigation, the tutorials of every product, missing or stale translations, and the
message catalogs. The pages are checked by helpcenter.render.pagecheck, which the build runs too.
The project's paths and navigation come from mkdocs.yml as helpcenter.site.config reads it; no MkDocs
build is run.
"""

from __future__ import annotations

import re

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
from helpcenter.site.config import Project

__all__ = ["KINDS", "Problem", "check_project", "format_report"]


def check_project(project: Project) -> list[Problem]:
    """Every problem found in the project (see helpcenter.site.config.load_project)."""
    root = project.root
    try:
        policy = load_policy(project.policy_file)
    except PolicyError as error:
        return [Problem("support.yml", error.file, error.line, f"{error.key}: {error.problem}" if error.key else error.problem)]
    docs = project.docs_dir
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
        env = make_environment([project.overrides_dir], translations)
        problems.extend(language_problems(docs, language, languages[0], pages, localize(policy, language), env))
    problems.extend(_navigation_problems(project, pages[languages[0]]))
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


def _navigation_problems(project: Project, default_pages: dict) -> list[Problem]:
    """With a `nav:` in mkdocs.yml, every page is listed in it and every entry has its page."""
    if project.nav is None:
        return []  # no nav: MkDocs lists every page itself
    name = project.config_file.name
    lines = project.config_file.read_text(encoding="utf-8").splitlines()
    nav_line = next((number for number, line in enumerate(lines, 1) if line.startswith("nav:")), None)
    problems = [Problem("navigation", name, nav_line, f"docs/*/{page} is not in nav; add `- {page}` to its section")
                for page in sorted(default_pages) if page not in project.nav]
    problems += [Problem("navigation", name, _line_naming(lines, page), f"nav lists {page}, which does not exist")
                 for page in sorted(set(project.nav)) if page not in default_pages]
    return problems


def _line_naming(lines: list[str], page: str) -> int | None:
    """The line of mkdocs.yml that lists a page (MkDocs' config keeps no line numbers)."""
    entry = re.compile(rf"[\s:-]{re.escape(page)}\s*$")
    return next((number for number, line in enumerate(lines, 1) if entry.search(line)), None)


def format_report(problems: list[Problem]) -> str:
    """Problems grouped by kind, one `file:line: problem` line each."""
    lines = []
    for kind in KINDS:
        group = [problem for problem in problems if problem.kind == kind]
        if group:
            lines.append(f"{kind} ({len(group)}):")
            lines.extend(f"  {problem}" for problem in group)
    return "\n".join(lines)

