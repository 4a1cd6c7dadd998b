"""What helpcenter relies on in Material for MkDocs' markup and templates (checked against 9.8.2)."""

from __future__ import annotations

import re
from html import escape

import jinja2


# Material 9.8.2's markup in base.html and partials/alternate.html (ours keeps its attribute order).
# A link and the spaces before it go; the pattern starts with the tag so that the search skips ahead to
# it (a leading `[ \t]*` made each search retry at every space of the page's indentation).
_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')
_SWITCHER_LINK = re.compile(r'(<a href="[^"]*") hreflang="(?P<language>[a-z-]+)"( lang="[a-z-]+" class="md-select__link)')


def rewrite_head_links(html: str, alternates: dict[str, str], default_language: str,
                       canonical: str | None = None) -> str:
    """Replace Material's hreflang links by one per real translation (absolute URLs) and x-default;
    the language switcher's links keep `hreflang` only for real translations.

    `alternates` maps a language to the absolute URL of a page really written in it. `canonical`,
    when given, replaces the canonical URL (a fallback page points at its original).
    Material 9.8.2 writes one `<link rel="alternate" href hreflang>` per language in the head.
    """
    links = [f'<link rel="alternate" href="{escape(url)}" hreflang="{language}">'
             for language, url in alternates.items()]
    if default_language in alternates:
        links.append(f'<link rel="alternate" href="{escape(alternates[default_language])}" hreflang="x-default">')
    block = "".join(f"      {link}\n" for link in links)
    spans = _alternate_spans(html)
    if spans:
        kept = [html[end:start] for (_, end), (start, _) in zip([(0, 0), *spans], spans)]
        html = kept[0] + block + "".join(kept[1:]) + html[spans[-1][1]:]
    if canonical:
        html = _CANONICAL.sub(f'<link rel="canonical" href="{escape(canonical)}">', html, count=1)
    # The language switcher still offers every language, but only claims the real translations.
    return _SWITCHER_LINK.sub(
        lambda link: link.group(0) if link.group("language") in alternates else link.group(1) + link.group(3), html)


def _alternate_spans(html: str) -> list[tuple[int, int]]:
    """Where Material's hreflang links are, each with the spaces and tabs just before it."""
    spans: list[tuple[int, int]] = []
    for match in _ALTERNATE.finditer(html):
        start, previous_end = match.start(), spans[-1][1] if spans else 0
        while start > previous_end and html[start - 1] in " \t":
            start -= 1
        spans.append((start, match.end()))
    return spans


# Material 9.8.2's navigation renders each top-level entry in partials/nav.html and each child entry in
# partials/nav-item.html with the calls below; `theme_loader` routes both through the template global
# `hc_nav_item` (site.nav_cache), which reuses an entry's HTML where it would come out the same.
# A section holding the page (active) is rendered as its own markup around these calls for its entries;
# of the page, that markup shows only whether the page is the section's index, and its links go only to
# the section's own pages (its index): nav_cache keeps it under these and replays the calls.
NAV_CALLS = {
    "partials/nav.html": ("{{ item.render(nav_item, path, 1) }}",
                          "{{ hc_nav_item(item.render, nav_item, path, 1) }}"),
    "partials/nav-item.html": ('{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
                               '{{ hc_nav_item(render, item, path ~ "_" ~ loop.index, level + 1, nav_item) }}'),
}


# Material 9.8.2's partials/language.html, imported `with context` by base.html on every page, defines the
# translation macro below, which reads only the key and the theme language's text tables; `theme_loader`
# follows it with the line after it, so that the module's `t` answers each key of a language as the macro
# first did (the template global `hc_translation`, site.theme_text).
TRANSLATION_MACRO = ("partials/language.html",
                     "{% macro t(key) %}{{ lang.t(key) or fallback.t(key) or key }}{% endmacro %}",
                     "\n{% set t = hc_translation(config.theme.language, t) %}")


class _ThemeLoader(jinja2.BaseLoader):
    """The theme's loader, with the navigation's render calls of NAV_CALLS replaced and Material's
    translation macro kept (TRANSLATION_MACRO). A template that does not hold the call or the macro once
    (a project's own override) is left as it is: its entries or texts are not reused."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = self.loader.get_source(environment, template)
        call = NAV_CALLS.get(template)
        if call is not None and source.count(call[0]) == 1:
            source = source.replace(*call)
        name, macro, kept = TRANSLATION_MACRO
        if template == name and source.count(macro) == 1:
            source = source.replace(macro, macro + kept)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def theme_loader(loader: jinja2.BaseLoader) -> jinja2.BaseLoader:
    return loader if isinstance(loader, _ThemeLoader) else _ThemeLoader(loader)
