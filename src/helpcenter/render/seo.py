"""hreflang alternates that never claim a fallback page is a translation, with absolute URLs."""

from __future__ import annotations

import re
from html import escape

_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')
_SWITCHER_LINK = re.compile(r'(<a href="[^"]*") hreflang="(?P<language>[a-z-]+)"( lang="[a-z-]+" class="md-select__link)')


def rewrite_head_links(html: str, alternates: dict[str, str], default_language: str,
                       canonical: str | None = None) -> str:
    """Replace Material's hreflang links by one per real translation (absolute URLs) and x-default;
    the language switcher's links keep `hreflang` only for real translations.

    `alternates` maps a language to the absolute URL of a page really written in it. `canonical`,
    when given, replaces the canonical URL (a fallback page points at its original).
    """
    links = [f'<link rel="alternate" href="{escape(url)}" hreflang="{language}">'
             for language, url in alternates.items()]
    if default_language in alternates:
        links.append(f'<link rel="alternate" href="{escape(alternates[default_language])}" hreflang="x-default">')
    block = "".join(f"      {link}\n" for link in links)
    first = _ALTERNATE.search(html)
    if first:
        html = html[: first.start()] + block + _ALTERNATE.sub("", html[first.start():])
    if canonical:
        html = _CANONICAL.sub(f'<link rel="canonical" href="{escape(canonical)}">', html, count=1)
    # The language switcher still offers every language, but only claims the real translations.
    return _SWITCHER_LINK.sub(
        lambda link: link.group(0) if link.group("language") in alternates else link.group(1) + link.group(3), html)
