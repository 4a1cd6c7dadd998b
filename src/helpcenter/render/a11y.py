"""Accessible names Material for MkDocs (checked against 9.7.x and 9.8.x) leaves out of its markup.

A pure text-to-text repair of a rendered page, a no-op when the theme's markup changes: a navigation
section whose index page is a link (`navigation.indexes`) is labelled by its empty expand button, so
every section landmark is nameless and alike (axe: landmark-unique); it gets its own title instead.
"""

from __future__ import annotations

import re

_SECTION_NAV = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+" aria-labelledby=")(?P<id>[^"]+)_label("[^>]*>\s*'
    r'<label class="md-nav__title" for=")(?P=id)(")')


def repair_theme_markup(html: str) -> str:
    return _SECTION_NAV.sub(r'\1\g<id>_title\3\g<id>\4 id="\g<id>_title"', html)
