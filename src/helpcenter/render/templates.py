"""Render policy markers through the Jinja macros of overrides/helpcenter/markers.html.

Each marker is a macro of the same name (hyphens become underscores). Block markers produce HTML (or,
for the whole policy page, Markdown with headings so that the table of contents lists them) and must
stand alone on their line; inline markers produce a short text that can sit inside a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from helpcenter.errors import PolicyError
from helpcenter.render import bytecode
from helpcenter.l10n.localize import LocalizedPolicy
from helpcenter.render.markers import MalformedMarker, Marker, find_markers, replace_markers

MARKERS_TEMPLATE = "helpcenter/markers.html"


@dataclass(frozen=True)
class MarkerSpec:
    block: bool
    args: tuple[str, ...] = ()  # kinds of id each argument names: priority, window, category
    summary: str = ""


# The markers writers can use, with what they show. README.md documents the same list.
MARKERS: dict[str, MarkerSpec] = {
    "policy": MarkerSpec(True, summary="the whole support policy, with its headings"),
    "sla-table": MarkerSpec(True, summary="the first-response table: priorities × business hours / outside"),
    "priorities": MarkerSpec(True, summary="the priority levels and their definitions"),
    "categories": MarkerSpec(True, summary="the request categories and their descriptions"),
    "technical-means": MarkerSpec(True, summary="the list of technical means"),
    "exclusions": MarkerSpec(True, summary="the limits and exclusions"),
    "contacts": MarkerSpec(True, summary="how to reach support: help center, e-mail, phone"),
    "products": MarkerSpec(True, summary="the product catalogue: names and descriptions"),
    "ticket-form": MarkerSpec(True, summary="the ticket form, posting to the helpdesk API"),
    "sla-clock": MarkerSpec(True, summary="live: business hours or not, and the deadline of a ticket sent now"),
    "days-off": MarkerSpec(True, summary="the public holidays and closure days of the next twelve months"),
    "first-response": MarkerSpec(False, ("priority", "window"), "a response time, e.g. “1 hour”"),
    "priority": MarkerSpec(False, ("priority",), "the name of a priority, e.g. “High”"),
    "category": MarkerSpec(False, ("category",), "the name of a request category"),
    "window": MarkerSpec(False, ("window",), "the name of a response window"),
    "product": MarkerSpec(False, ("product",), "the name of a product"),
    "business-hours": MarkerSpec(False, summary="the business hours, e.g. “Mon–Fri, 08:00–17:00 (Paris time)”"),
    "availability": MarkerSpec(False, summary="the availability commitment, e.g. “99%”"),
    "coverage": MarkerSpec(False, summary="when the help center is open, e.g. “24/7”"),
    "ticket-languages": MarkerSpec(False, summary="the languages tickets are handled in"),
    "email": MarkerSpec(False, summary="the helpdesk e-mail address, as a link"),
    "phone": MarkerSpec(False, summary="the support phone number, as a link"),
    "commercial-email": MarkerSpec(False, summary="the address for commercial requests, as a link"),
}


def make_environment(template_dirs: list[Path], translations=None) -> jinja2.Environment:
    """A Jinja environment for the marker macros, autoescaping on, failing on undefined names, with
    the UI strings of one language (`translations` from helpcenter.l10n.catalogs; English without)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=bytecode.MARKERS,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if translations is None:
        env.install_null_translations(newstyle=True)
    else:
        env.install_gettext_translations(translations, newstyle=True)
    return env


@dataclass(frozen=True)
class PageContext:
    """What a marker may need to know about the page it sits in."""

    source: str  # the page's path, for error messages: docs/fr/faq/index.md
    # URL of the ticket page relative to this page, or None when the site has no ticket page yet.
    ticket_url: str | None = None
    # URL of the site's root relative to this page ("../../"), for theme assets such as scripts.
    root_url: str = ""


def render_page(markdown: str, view: LocalizedPolicy, env: jinja2.Environment, page: PageContext,
                cache: dict | None = None, used: list[str] | None = None) -> str:
    """Replace every marker of a page; an unknown or misused marker raises PolicyError (file:line).

    `cache`, kept for one build, reuses a marker's HTML: it depends only on the language, the marker
    and the ticket page's relative URL, and hundreds of pages repeat the same few markers. Each
    marker's output is added to `used`.
    """
    if "<!--" not in markdown:  # most pages: nothing to do
        return markdown
    markers = list(find_markers(markdown))
    problems = marker_problems(markdown, view, page, markers)
    if problems:
        raise problems[0]
    macros = env.get_template(MARKERS_TEMPLATE).module
    cache = {} if cache is None else cache

    def replacement_for(marker: Marker) -> str:
        key = (view.language, marker.name, marker.args, page.ticket_url, page.root_url)
        if key not in cache:
            cache[key] = render_marker(marker, view, macros, page)
        if used is not None:
            used.append(cache[key])
        return cache[key]

    return replace_markers(markdown, markers, replacement_for)


def render_marker(marker: Marker, view: LocalizedPolicy, macros, page: PageContext) -> str:
    spec = MARKERS[marker.name]
    resolved = [_RESOLVERS[kind](view, value) for kind, value in zip(spec.args, marker.args)]
    macro: Callable[..., str] = getattr(macros, marker.name.replace("-", "_"))
    return str(macro(view, *resolved, page=page))


def marker_problems(markdown: str, view: LocalizedPolicy, page: PageContext, markers=None) -> list[PolicyError]:
    """Every unknown or misused marker of a page, each as a PolicyError naming the page and line."""
    problems = []
    for marker in markers if markers is not None else find_markers(markdown):
        try:
            _check(marker, view, page)
        except PolicyError as error:
            problems.append(error)
    return problems


def _check(marker: Marker | MalformedMarker, view: LocalizedPolicy, page: PageContext) -> None:
    if isinstance(marker, MalformedMarker):
        raise PolicyError(page.source, marker.line, "", marker.problem or
                          f"malformed marker {marker.text}; write it like <!-- support:sla-table -->")
    spec = MARKERS.get(marker.name)
    if spec is None:
        raise PolicyError(page.source, marker.line, "",
                          f"unknown marker {marker.source}; known markers: {', '.join(MARKERS)}")
    if len(marker.args) != len(spec.args):
        usage = " ".join(("<!-- support:" + marker.name, *(kind.upper() for kind in spec.args), "-->"))
        raise PolicyError(page.source, marker.line, "",
                          f"{marker.source} takes {len(spec.args)} argument(s); write it like {usage}")
    if spec.block and not marker.alone_on_line:
        raise PolicyError(page.source, marker.line, "",
                          f"{marker.source} shows a block; put it on a line of its own")
    if spec.block and marker.indented:
        # Python-Markdown does not read an indented HTML block as HTML: the page would show broken markup.
        raise PolicyError(page.source, marker.line, "",
                          f"{marker.source} shows a block and cannot be indented (inside an admonition or a "
                          "list); put it at the start of a line")
    for kind, value in zip(spec.args, marker.args):
        try:
            _RESOLVERS[kind](view, value)
        except KeyError:
            known = ", ".join(entry.id for entry in _CHOICES[kind](view))
            raise PolicyError(page.source, marker.line, "",
                              f"{marker.source}: unknown {kind} {value!r}; defined in support.yml: {known}") from None


_RESOLVERS = {
    "priority": LocalizedPolicy.priority,
    "window": LocalizedPolicy.window,
    "category": LocalizedPolicy.category,
    "product": LocalizedPolicy.product,
}
_CHOICES = {
    "priority": lambda view: view.priorities,
    "window": lambda view: view.sla_windows,
    "category": lambda view: view.categories,
    "product": lambda view: view.products,
}
