"""`helpcenter check`: everything wrong in the sources, as `file:line: problem` lines, before a build.

Checks support.yml, each page's front matter, policy markers, internal links and anchors in every
language, images (file and alt text), the tutorials of every product, and missing or stale
translations. Pure functions over the project folder; no MkDocs build is run.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from helpcenter.content import frontmatter
from helpcenter.l10n.catalogs import load_translations
from helpcenter.content.coverage import tutorial_problems
from helpcenter.errors import PolicyError
from helpcenter.policy.loader import load_policy
from helpcenter.content.markdown import lines_outside_code
from helpcenter.l10n.localize import localize
from helpcenter.render.templates import PageContext, make_environment, marker_problems, render_page
from helpcenter.content.translations import MISSING, STALE, translation_matrix

KINDS = ("support.yml", "front matter", "markers", "links", "anchors", "images", "navigation", "tutorials",
         "translations")
_LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{[^}]*#(?P<id>[\w-]+)[^}]*\})?\s*#*\s*$")
_HTML_ID = re.compile(r"\sid=\"([^\"]+)\"")


@dataclass(frozen=True)
class Problem:
    kind: str
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def check_project(root: Path) -> list[Problem]:
    """Every problem found in the project at `root` (the folder of mkdocs.yml)."""
    problems: list[Problem] = []
    try:
        policy = load_policy(root / "support.yml")
    except PolicyError as error:
        return [Problem("support.yml", error.file, error.line, f"{error.key}: {error.problem}" if error.key else error.problem)]
    docs = root / "docs"
    languages = policy.language_codes
    pages = {language: _read_pages(docs, language, problems) for language in languages}
    for language in languages:
        view = localize(policy, language)
        env = make_environment([root / "overrides"], load_translations(root, language))
        for page, (text, body, body_line) in pages[language].items():
            source = f"docs/{language}/{page}"
            for error in marker_problems(body, view, PageContext(source=source)):
                problems.append(Problem("markers", source, error.line + body_line - 1 if error.line else None,
                                        error.problem))
        anchors = {page: _anchors(_rendered(body, view, env, f"docs/{language}/{page}"))
                   for page, (_, body, _) in pages[language].items()}
        for page, (_, body, body_line) in pages[language].items():
            problems.extend(_link_problems(docs, language, languages[0], page, body, body_line, pages, anchors))
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


def _read_pages(docs: Path, language: str, problems: list[Problem]) -> dict[str, tuple[str, str, int]]:
    """page -> (text, body, line of the body's first line), for the language's Markdown pages."""
    pages = {}
    for path in sorted((docs / language).rglob("*.md")):
        page = path.relative_to(docs / language).as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            parsed = frontmatter.split(text, f"docs/{language}/{page}")
        except PolicyError as error:
            problems.append(Problem("front matter", error.file, error.line, error.problem))
            pages[page] = (text, text, 1)
            continue
        translation = parsed.meta.get("translation")
        if translation is not None and (not isinstance(translation, dict)
                                        or set(translation) - {"source", "status"}):
            problems.append(Problem("front matter", f"docs/{language}/{page}", frontmatter.key_line(text, "translation"),
                                    "translation: expected `source: <hash>` and optionally `status: pending`"))
        pages[page] = (text, parsed.body, parsed.body_line)
    return pages


def _rendered(body: str, view, env, source: str) -> str:
    try:
        return render_page(body, view, env, PageContext(source=source))
    except PolicyError:
        return body  # reported as a marker problem


def _anchors(markdown: str) -> set[str]:
    """The ids a page offers: its headings' slugs (as MkDocs makes them), {#id} and HTML ids."""
    found: set[str] = set()
    for _, line in lines_outside_code(markdown):
        heading = _HEADING.match(line)
        if heading:
            title = re.sub(r"<[^>]+>|[*_`]", "", heading.group(2))
            found.add(heading.group("id") or unique(slugify(title, "-"), found))
        found.update(_HTML_ID.findall(line))
    return found


def _link_problems(docs, language, default, page, body, body_line, pages, anchors) -> list[Problem]:
    problems = []
    source = f"docs/{language}/{page}"
    for number, line in lines_outside_code(body):
        line_number = body_line + number - 1
        for link in _LINK.finditer(re.sub(r"`[^`]*`", "", line)):
            target = link.group("target").strip("<>")
            if link.group("image") and not link.group("text").strip():
                problems.append(Problem("images", source, line_number,
                                        f"image {target} has no alt text; describe it between the brackets: ![...]"))
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # https:, mailto:, tel: ...
            path, _, anchor = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            if link.group("image"):
                if not ((docs / language / resolved).exists() or (docs / default / resolved).exists()):
                    problems.append(Problem("images", source, line_number,
                                            f"image {target} not found (looked for docs/{language}/{resolved} "
                                            f"and docs/{default}/{resolved})"))
                continue
            if path and not path.endswith(".md"):
                if not ((docs / language / resolved).exists() or (docs / default / resolved).exists()):
                    problems.append(Problem("links", source, line_number, f"link to {target}: file not found"))
                continue
            # A page missing in this language is served from the default language.
            target_language = language if resolved in pages[language] else default
            if resolved not in pages[target_language]:
                problems.append(Problem("links", source, line_number,
                                        f"link to {target}: no page docs/{language}/{resolved}"))
            elif anchor and anchor not in anchors.get(resolved, set()) and target_language == language:
                problems.append(Problem("anchors", source, line_number,
                                        f"link to {target}: {resolved} has no heading with the anchor #{anchor}"))
    return problems


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

