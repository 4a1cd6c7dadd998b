"""Accessible names Material for MkDocs (9.7, checked against 9.7.x) leaves out of its markup.

Pure text-to-text repairs of a rendered page, each a no-op when the theme's markup changes:
- a navigation section whose index page is a link (`navigation.indexes`) is labelled by its empty
  expand button, so every section landmark is nameless and alike; it gets its own title instead;
- the search overlay is a dialog without a name; it takes the name of its search landmark.
"""

from __future__ import annotations

import re

_SECTION_NAV = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+" aria-labelledby=")(?P<id>[^"]+)_label("[^>]*>\s*'
    r'<label class="md-nav__title" for=")(?P=id)(")')
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')
_SEARCH_NAME = re.compile(r'<nav class="md-search__options" aria-label="(?P<name>[^"]+)"')


def repair_theme_markup(html: str) -> str:
    html = _SECTION_NAV.sub(r'\1\g<id>_title\3\g<id>\4 id="\g<id>_title"', html)
    name = _SEARCH_NAME.search(html)
    if name:
        html = _SEARCH_DIALOG.sub(rf'\1 aria-label="{name.group("name")}">', html, count=1)
    return html
