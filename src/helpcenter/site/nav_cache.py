"""The navigation's entries rendered once and reused on every page that shows them alike.

Material renders the whole navigation on every page, entry by entry, through a Jinja macro: on a large
site that was an eighth of the build. An entry that does not hold the page being rendered (neither the
page nor one of its sections) comes out the same on every page except for its links, which MkDocs makes
relative to the page's folder. All the links under an entry share a leading path (`de/guide/`); when the
page's folder leaves that path before its end, every link's relative form depends only on the folder's
depth and on how much of the path it shares. The entry's HTML is kept under those two numbers, so the
pages of one section, or of one depth elsewhere, reuse it. Anything else is rendered as before.

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


@jinja2.pass_context
def nav_item(context: jinja2.runtime.Context, render: Callable[..., str], item: Any, *args: Any) -> str:
    """`render(item, *args)` (Material's macro of one navigation entry), or its HTML kept from a page
    where it came out the same."""
    key = _key(item, args, context.get("page"))
    if key is None:
        return render(item, *args)
    fragments = current().nav_fragments
    if key not in fragments:
        fragments[key] = render(item, *args)
    return fragments[key]


def forget() -> None:
    current().nav_fragments.clear()


def _key(item: Any, args: tuple, page: Any) -> tuple | None:
    if not isinstance(page, Page) or item is page or any(ancestor is item for ancestor in page.ancestors):
        return None
    shared = _shared_path(item)
    if shared is _NOT_REUSABLE:
        return None
    folder = bridge.page_base_parts(page.url)
    common = 0
    for mine, theirs in zip(folder, shared):
        if mine != theirs:
            break
        common += 1
    if common >= len(shared):  # the page sits under the entry's path: its links vary with the page
        return None
    parent = args[2] if len(args) > 2 else None
    return id(item), args[:2], bool(getattr(parent, "active", False)), len(folder), common


def _shared_path(item: Any):
    """The path components every relative link under `item` starts with (computed once per entry)."""
    shared = getattr(item, "_hc_shared_path", None)
    if shared is None:
        shared = _NOT_REUSABLE
        parts = [bridge.url_parts(link.url) if link is not None else None for link in _links(item)]
        if parts and all(part is not None for part in parts):
            shared = parts[0]
            for part in parts[1:]:
                shared = _common_prefix(shared, part)
        item._hc_shared_path = shared
    return shared


def _links(item: Any) -> list:
    if isinstance(item, Section):
        return [link for child in item.children for link in _links(child)]
    if isinstance(item, (Page, Link)):
        return [item]
    return [None]  # an entry of a kind not known here: never reused


def _common_prefix(first: list[str], second: list[str]) -> list[str]:
    length = 0
    for mine, theirs in zip(first, second):
        if mine != theirs:
            break
        length += 1
    return first[:length]
