"""The navigation's entries rendered once and reused on every page that shows them alike.

Material renders the whole navigation on every page, entry by entry, through a Jinja macro: on a large
site that was an eighth of the build. An entry that does not hold the page being rendered (neither the
page nor one of its sections) comes out the same on every page except for its links, which MkDocs makes
relative to the page's folder. All the links under an entry share a leading path (`de/guide/`); when the
page's folder leaves that path before its end, every link's relative form depends only on the folder's
depth and on how much of the path it shares. The entry's HTML is kept under those two numbers, so the
pages of one section, or of one depth elsewhere, reuse it. An entry of one link (a page) depends on these
two numbers wherever the page's folder is.

A section that holds the page is rendered for each page, but its own HTML (without its entries') is the
same for the pages of one depth that see its own links alike (see bridge.NAV_CALLS): the first
render of it is kept as a skeleton, its own HTML between the calls it made for its entries, and the
other pages only make these calls again (most of them reuse kept HTML; one holds the page).

The kept HTML is dropped whenever a page is converted again (its title may change) and with each new
navigation (site.events calls `forget`).
"""

from __future__ import annotations

from typing import Any, Callable

import jinja2
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

from helpcenter.site import bridge
from helpcenter.site.build_state import current

_NOT_REUSABLE = object()
# What a section's entry is rendered as while its skeleton is recorded; no HTML holds it.
_ENTRY = "\x00hc-nav-entry\x00"
# One list per entry being rendered, innermost last: the calls made for its own entries, when its
# skeleton is recorded (else None).
_rendering: list[list | None] = []


@jinja2.pass_context
def nav_item(context: jinja2.runtime.Context, render: Callable[..., str], item: Any, *args: Any) -> str:
    """`render(item, *args)` (Material's macro of one navigation entry), or its HTML kept from a page
    where it came out the same."""
    html = _entry(context.get("page"), render, item, args)
    recording = _rendering[-1] if _rendering else None
    if recording is None:
        return html
    recording.append((item, args, html))
    return _ENTRY


def forget() -> None:
    current().nav_fragments.clear()


def _entry(page: Any, render: Callable[..., str], item: Any, args: tuple) -> str:
    key = _key(item, args, page)
    if key is not None:
        fragments = current().nav_fragments
        if key not in fragments:
            fragments[key] = _rendered(render, item, args, None)
        return fragments[key]
    key = _holding_key(item, args, page)
    if key is None:
        return _rendered(render, item, args, None)
    fragments = current().nav_fragments
    skeleton = fragments.get(key)
    if skeleton is None:
        calls: list = []
        html = _rendered(render, item, args, calls)
        own = html.split(_ENTRY)
        if len(own) != len(calls) + 1:  # an entry's HTML was not written as it came: not kept
            return _rendered(render, item, args, None)
        fragments[key] = own, [(entry, entry_args) for entry, entry_args, _ in calls]
        return _joined(own, [entry_html for _, _, entry_html in calls])
    own, calls = skeleton
    return _joined(own, [_entry(page, render, entry, entry_args) for entry, entry_args in calls])


def _rendered(render: Callable[..., str], item: Any, args: tuple, calls: list | None) -> str:
    _rendering.append(calls)
    try:
        return render(item, *args)
    finally:
        _rendering.pop()


def _joined(own: list[str], entries: list[str]) -> str:
    parts = [own[0]]
    for entry, after in zip(entries, own[1:]):
        parts += (entry, after)
    return "".join(parts)


def _key(item: Any, args: tuple, page: Any) -> tuple | None:
    if not isinstance(page, Page) or item is page or any(ancestor is item for ancestor in page.ancestors):
        return None
    shared = _shared_path(item)
    if shared is _NOT_REUSABLE:
        return None
    folder = bridge.page_base_parts(page.url)
    common = _common_length(folder, shared)
    # The page sits under the entry's path: the links of a section's pages vary with the page; one
    # link's relative form still depends only on the two numbers.
    if common >= len(shared) and not isinstance(item, (Page, Link)):
        return None
    parent = args[2] if len(args) > 2 else None
    return id(item), args[:2], bool(getattr(parent, "active", False)), len(folder), common


def _holding_key(item: Any, args: tuple, page: Any) -> tuple | None:
    """Under what a section holding `page` keeps its skeleton (None: not kept): its own links, those
    to its pages, each as the page's folder sees it, and whether the page is its index
    (see bridge.NAV_CALLS)."""
    if not isinstance(page, Page) or not isinstance(item, Section):
        return None
    folder = bridge.page_base_parts(page.url)
    links = []
    for child in item.children:
        if child is page or not isinstance(child, (Page, Link)):
            continue
        shared = _shared_path(child)
        if shared is _NOT_REUSABLE:
            return None
        links.append(_common_length(folder, shared))
    parent = args[2] if len(args) > 2 else None
    is_index = bool(getattr(page, "is_index", False)) and page.parent is item
    return "holding", id(item), args[:2], bool(getattr(parent, "active", False)), len(folder), tuple(links), is_index


def _shared_path(item: Any):
    """The path components every relative link under `item` starts with (computed once per entry)."""
    shared = getattr(item, "_hc_shared_path", None)
    if shared is None:
        shared = _NOT_REUSABLE
        parts = [bridge.url_parts(link.url) if link is not None else None for link in _links(item)]
        if parts and all(part is not None for part in parts):
            shared = parts[0]
            for part in parts[1:]:
                shared = shared[:_common_length(shared, part)]
        item._hc_shared_path = shared
    return shared


def _links(item: Any) -> list:
    if isinstance(item, Section):
        return [link for child in item.children for link in _links(child)]
    if isinstance(item, (Page, Link)):
        return [item]
    return [None]  # an entry of a kind not known here: never reused


def _common_length(first: list[str], second: list[str]) -> int:
    length = 0
    for mine, theirs in zip(first, second):
        if mine != theirs:
            break
        length += 1
    return length
