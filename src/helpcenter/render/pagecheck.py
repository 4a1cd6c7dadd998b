"""The writer's mistakes in the pages of one language, as `file:line: what to do` problems.

One implementation for `helpcenter check` (every language) and the build (the language being built):
unreadable files and front matter, markers, scripts, links and anchors (anchors of headings rendered by
markers included), images and their alt text, oversized pages.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from helpcenter.content import frontmatter, safety
from helpcenter.content.markdown import lines_outside_code
from helpcenter.content.problems import Problem
from helpcenter.errors import PolicyError
from helpcenter.render.templates import PageContext, marker_problems, render_page

# Above this, a page is slow to load and to search; readers are better served by several pages.
MAX_PAGE_BYTES = 100_000
# Problems that keep MkDocs from reading a page as written: the build stops on them at once.
FATAL = ("files", "front matter")

_LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{[^}]*#(?P<id>[\w-]+)[^}]*\})?\s*#*\s*$")
_HTML_ID = re.compile(r"\sid=\"([^\"]+)\"")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_HTML_IMAGE = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
# One attribute of a tag: its name, then an optional value (quoted or bare).
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_SRC = re.compile(r"\ssrc\s*=\s*[\"']?([^\s\"'>]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """A page as MkDocs reads it: front matter apart, the body's first line in the file."""

    text: str
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1


def read_pages(docs: Path, language: str, problems: list[Problem]) -> dict[str, Source]:
    """page -> Source for the language's Markdown pages; unreadable ones add a problem and are left out
    (links to them still resolve)."""
    pages: dict[str, Source] = {}
    for path in sorted((docs / language).rglob("*.md")):
        page = path.relative_to(docs / language).as_posix()
        name = f"{docs.name}/{language}/{page}"
        try:
            text = frontmatter.read_text(path, name)
        except PolicyError as error:
            problems.append(Problem("files", error.file, error.line, error.problem))
            pages[page] = Source("")
            continue
        except OSError as error:
            problems.append(Problem("files", name, None, f"cannot be read ({error.strerror}); fix or remove it"))
            pages[page] = Source("")
            continue
        try:
            parsed = frontmatter.split(text, name)
        except PolicyError as error:
            problems.append(Problem("front matter", error.file, error.line, error.problem))
            pages[page] = Source(text, {}, text, 1)
            continue
        translation = parsed.meta.get("translation")
        if translation is not None and (not isinstance(translation, dict) or set(translation) - {"source", "status"}):
            problems.append(Problem("front matter", name, frontmatter.key_line(text, "translation"),
                                    "translation: expected `source: <hash>` and optionally `status: pending`"))
        pages[page] = Source(text, parsed.meta, parsed.body, parsed.body_line)
    return pages


def language_problems(docs: Path, language: str, default: str, pages: dict[str, dict[str, Source]],
                      view, env, only: list[str] | None = None) -> list[Problem]:
    """Every problem of the pages of `language`; `pages` holds at least `language` and `default`. With
    `only`, every problem of those pages, and of the others those of their links to them (the pages
    named passed their other checks as they are; only the anchors of `only` may have changed)."""
    problems: list[Problem] = []
    own = pages[language]
    rendered: dict = {}  # a marker's HTML, shared by the pages of the language
    anchors: dict[str, set[str]] = {}

    def anchors_of(page: str) -> set[str]:
        """Worked out only for the pages a link names with an anchor: rendering a page's markers was
        most of the time these checks took."""
        if page not in anchors:
            anchors[page] = _anchors(_rendered(own[page].body, view, env, f"{docs.name}/{language}/{page}", rendered))
        return anchors[page]

    # A link to a page names its file: a page whose text names none of `only`'s links to none of them.
    named = {posixpath.basename(page) for page in only or ()}
    for page, source in own.items():
        if only is not None and page not in only:
            if any(name in source.body for name in named):
                problems.extend(_link_problems(docs, language, default, page, source, pages, anchors_of))
            continue
        name = f"{docs.name}/{language}/{page}"
        for error in marker_problems(source.body, view, PageContext(source=name)):
            line = error.line + source.body_line - 1 if error.line else None
            problems.append(Problem("markers", name, line, error.problem))
        problems.extend(_script_problems(name, source))
        problems.extend(_size_problems(name, source))
        problems.extend(_link_problems(docs, language, default, page, source, pages, anchors_of))
        problems.extend(_html_image_problems(name, source))
    return problems


def _html_image_problems(name: str, source: Source) -> list[Problem]:
    """An <img> written in HTML needs its alt text as much as a Markdown image."""
    text = safety.prose(source.body)
    problems = []
    for image in _HTML_IMAGE.finditer(text):
        if "alt" not in _attribute_names(image.group(0)):
            src = _SRC.search(image.group(0))
            line = source.body_line + text.count("\n", 0, image.start())
            problems.append(Problem("images", name, line, f"image {src.group(1) if src else '<img>'} has no alt text; "
                                                          'describe it in alt="...", or write alt="" if it is '
                                                          'only decoration'))
    return problems


def _attribute_names(tag: str) -> set[str]:
    """The attribute names of an HTML tag (`<img src="a.png" alt="">` -> {"src", "alt"}): an empty alt,
    or a bare `alt`, marks a decorative image (WCAG H67), which screen readers skip on purpose."""
    return {match.group(1).lower() for match in _ATTRIBUTE.finditer(tag, len("<img"))}


def _script_problems(name: str, source: Source) -> list[Problem]:
    problems = [Problem("scripts", name, line + source.body_line - 1, message)
                for line, message in safety.script_problems(source.body)]
    for key, value in source.meta.items():
        for text in _strings(value):
            for message in safety.value_problems(text):
                problems.append(Problem("scripts", name, frontmatter.key_line(source.text, str(key)),
                                        f"front matter {key}: {message}"))
    return problems


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _size_problems(name: str, source: Source) -> list[Problem]:
    size = len(source.text.encode("utf-8"))
    if size <= MAX_PAGE_BYTES:
        return []
    return [Problem("pages", name, None, f"this page is {size // 1000} kB, above the limit of "
                                         f"{MAX_PAGE_BYTES // 1000} kB: split it into several pages")]


def _rendered(body: str, view, env, source: str, cache: dict) -> str:
    try:
        return render_page(body, view, env, PageContext(source=source), cache)
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


def _link_problems(docs, language, default, page, source: Source, pages, anchors_of) -> list[Problem]:
    problems = []
    name = f"{docs.name}/{language}/{page}"
    for number, line in lines_outside_code(source.body):
        line_number = source.body_line + number - 1
        for link in _LINK.finditer(re.sub(r"`[^`]*`", "", line)):
            target = link.group("target").strip("<>")
            if link.group("image") and not link.group("text").strip():
                problems.append(Problem("images", name, line_number,
                                        f"image {target} has no alt text; describe it between the brackets: ![...]"))
            if _SCHEME.match(target):
                continue  # https:, mailto:, tel: ... (javascript: is a script problem)
            path, _, anchor = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            if link.group("image"):
                if not ((docs / language / resolved).exists() or (docs / default / resolved).exists()):
                    problems.append(Problem("images", name, line_number,
                                            f"image {target} not found (looked for {docs.name}/{language}/{resolved} "
                                            f"and {docs.name}/{default}/{resolved})"))
                continue
            if path and not path.endswith(".md"):
                if not ((docs / language / resolved).exists() or (docs / default / resolved).exists()):
                    problems.append(Problem("links", name, line_number, f"link to {target}: file not found"))
                continue
            # A page missing in this language is served from the default language.
            target_language = language if resolved in pages[language] else default
            if resolved not in pages[target_language]:
                problems.append(Problem("links", name, line_number,
                                        f"link to {target}: no page {docs.name}/{language}/{resolved}"))
            elif anchor and target_language == language and anchor not in anchors_of(resolved):
                problems.append(Problem("anchors", name, line_number,
                                        f"link to {target}: {resolved} has no heading with the anchor #{anchor}"))
    return problems
