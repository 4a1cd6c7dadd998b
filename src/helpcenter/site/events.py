"""MkDocs event adapter: the events of hooks/helpcenter_hooks.py, each handing off to a module of its own.

hooks/helpcenter_hooks.py imports the `on_*` functions below; MkDocs registers every `on_*` name of a
hook file as an event, so helpers here must not start with `on_`.

mkdocs-static-i18n builds the default language, then rebuilds the whole site once per other language
in the same process and on the same config object, from inside the default build's on_post_build: every
event below runs once per language. The build's state (helpcenter.site.build_state) is made anew when a
build starts, so two builds never share it, even on the same config object; per-language state is keyed
by language. Private behaviour of MkDocs, Material and mkdocs-static-i18n is reached only through
helpcenter.site.bridge. The other modules: page_checks (the writer's mistakes), page_text (a page's
language, source and markers), alternates (real translations), search_step (search index, build-info).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from helpcenter.content.coverage import product_of
from helpcenter.content.navigation import plain_text
from helpcenter.l10n import formatting
from helpcenter.render.a11y import repair_theme_markup
from helpcenter.render.feedback import feedback_widget
from helpcenter.render.brand import theme_colours
from helpcenter.render.export import policy_json
from helpcenter.render.seo import social_metadata
from helpcenter.render import bytecode, marker_blocks, plain_inline
from helpcenter.site import bridge, build_state, nav_cache, page_checks, search_step
from helpcenter.site.alternates import is_pending_file, real_alternates
from helpcenter.site.bridge import reset_language_links
from helpcenter.site.config import project_paths
from helpcenter.site.page_text import body, display, name_sections, render_markers, source_of, written_language
from helpcenter.site.theme_text import ThemeTexts

POLICY_JSON = "support-policy.json"
FALLBACK_NOTICE_TEMPLATE = "helpcenter/fallback-notice.html"
PERMALINK_TEMPLATE = "helpcenter/permalink-title.html"

current_language = bridge.current_language
_state = build_state.current


def language_prefix(config: MkDocsConfig, language: str | None = None) -> str:
    """'' for the default language, 'de/' for German: where the language lives in the site."""
    language = language or current_language(config)
    return "" if language == bridge.default_language(config) else f"{language}/"


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Before the plugins: load the policy once per build, name the languages."""
    state = build_state.begin(config)
    bridge.use_cheaper_file_setup(config)  # every build: serial, one language per worker, preview
    bridge.reuse_markdown_converters(prepare_converter)
    bridge.skip_html_scan_without_anchors()
    # The title of the ¶ link after each heading, in the language being built (MkDocs makes a new
    # Markdown converter per page from these settings).
    toc = config.mdx_configs.setdefault("toc", {})
    if toc.get("permalink"):
        toc["permalink_title"] = state.env(current_language(config)).get_template(PERMALINK_TEMPLATE).render().strip()
    return config


def prepare_converter(md) -> None:
    """Each page's converter stores its markers' HTML elements without parsing them (render.marker_blocks),
    and does not try the inline patterns on text none of them can match (render.plain_inline)."""
    marker_blocks.register(md, lambda: _state().page_markers)
    plain_inline.register(md)


def on_pre_build(config: MkDocsConfig) -> None:
    """Before MkDocs walks docs/: a symbolic-link loop would make it walk forever. A build-info.json
    left by an earlier build goes: only a build that finishes without a problem writes one."""
    if language_prefix(config):
        return  # the other languages are built inside the default language's build
    page_checks.check_symlink_loops(config)
    search_step.forget_build_info(config)


@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """After the i18n plugin has picked this language's files: find the ticket page of this language;
    once, before the first language: check the pages and catalogs of every language built (the same
    checks as `helpcenter check`) and the tutorials, and add support-policy.json at the root."""
    state = _state()
    language, prefix = current_language(config), language_prefix(config)
    wanted = prefix + state.policy.contacts.ticket_page
    state.ticket_page_url[language] = next(
        (file.url for file in files.documentation_pages() if file.url == wanted), None)
    state.fallback_pages[language] = set()
    if not prefix:
        page_checks.check_pages(config, state)
        files.append(File.generated(config, POLICY_JSON, content=policy_json(state.policy, state.today)))
        page_checks.check_tutorials(config, state)
    return files


@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Name each section after the title of its index page, in that page's language."""
    name_sections(nav.items, config)
    nav_cache.forget()
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the policy markers of a page with the policy rendered in the page's own language.

    A translation still pending shows its current source (the default language's page), not the copy
    `helpcenter new` made of it. Front-matter title and description are escaped: they end up in HTML
    (page title, navigation, meta tags, search index) through templates that do not escape."""
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
            page.meta[key] = escape(page.meta[key])
    language = written_language(page, config)
    source = source_of(page, config)
    if language != current_language(config):
        _state().fallback_pages[current_language(config)].add(page.url)
    if source != Path(page.file.abs_src_path):
        markdown = body(source, display(source, config))
    nav_cache.forget()  # its title may change: navigation entries rendered before may hold it
    if _state().conversions is not None:
        _state().conversions.use_for(page, files, current_language(config))
    return render_markers(markdown, page, config, language, source)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A fallback page says so in the reader's language, and marks its text with its real language."""
    reader, shown = current_language(config), written_language(page, config)
    if shown == reader:
        return html
    reader_locale = _state().policy.language(reader).locale
    notice = _state().env(reader).get_template(FALLBACK_NOTICE_TEMPLATE).render(
        reader_language=formatting.language_name(reader, reader_locale),
        shown_language=formatting.language_name(shown, reader_locale),
    )
    return f'{notice}\n<div lang="{shown}" data-hc="fallback-content">\n{html}\n</div>'


@event_priority(-110)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """What the search index learns of a page (overrides/main.html): whether it is indexed at all (a
    fallback page is not, in the language it is missing from), its section and its product; and the
    page's social preview (OpenGraph) in its language, with its real translations as alternates; and, under
    an article, the "Was this page helpful?" widget."""
    language, prefix = current_language(config), language_prefix(config)
    path = page.url[len(prefix):] if page.url.startswith(prefix) else page.url
    sections = [ancestor.title for ancestor in reversed(page.ancestors) if ancestor.title != page.title]
    context["hc_search"] = {
        "indexed": page.url not in _state().fallback_pages.get(language, set()),
        "section": " › ".join(sections),
        "product": product_of(path, tuple(product.id for product in _state().policy.products)),
    }
    context["hc_feedback"] = feedback_widget(path, language, _state().policy)  # articles only
    state, written = _state(), written_language(page, config)
    title = config.site_name if page.is_homepage else f"{plain_text(page.title or '')} – {config.site_name}"
    context["hc_social"] = social_metadata(
        title=title, site_name=config.site_name,
        description=(page.meta or {}).get("description") or config.site_description or "",
        url=page.canonical_url, locale=state.policy.language(written).locale,
        alternate_locales=[state.policy.language(code).locale for code in real_alternates(page, config)],
        image=urljoin(config.site_url, state.brand.logo) if config.site_url else None,
    )
    return context


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Theme templates get the language's UI translations ({% trans %} in overrides/), and compile once
    per process instead of once per language and per rebuild. The language's Markdown conversions,
    all made by now, are kept."""
    if _state().conversions is not None:  # every page of the language is converted by now
        _state().conversions.keep(current_language(config), files)
    prepare_theme_environment(env)
    env.globals["hc_is_pending"] = is_pending_file  # sitemap.xml leaves pending translations out
    env.globals["hc_brand_colours"] = theme_colours(_state().brand)  # overrides/main.html
    env.globals["hc_nav_item"] = nav_cache.nav_item  # Material's navigation, through bridge.NAV_CALLS
    env.install_gettext_translations(_state().translations(current_language(config)), newstyle=True)
    return env


def prepare_theme_environment(env: jinja2.Environment) -> None:
    """What decides how the theme's templates compile: the shared bytecode cache, the navigation's
    reusable entries and Material's kept texts, the i18n extension, new-style gettext."""
    env.bytecode_cache = bytecode.THEME
    env.loader = bridge.theme_loader(env.loader)
    # A page looks its templates up about fifty times: Jinja's LRU cache locks and reorders its queue on
    # each lookup, a dict (what Jinja keeps with cache_size=-1) does not; a theme has far fewer
    # templates than the LRU's 400, so none was ever dropped.
    if env.cache is not None and type(env.cache) is not dict:
        env.cache = dict(env.cache.items())
    env.globals["hc_translation"] = ThemeTexts()  # Material's texts, through bridge.TRANSLATION_MACRO
    env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    if template_name == "404.html":
        reset_language_links(config)  # the same in a whole-site build as in a one-language build
        context["hc_language_home"] = urljoin(_site_path(config), language_prefix(config))
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Each language gets its own 404 page; the root one stays in the default language."""
    if template_name != "404.html":
        return output
    output = repair_theme_markup(output)
    state, prefix = _state(), language_prefix(config)
    if not prefix:
        state.default_404 = output
        return output
    write_file(output.encode("utf-8"), str(Path(config.site_dir) / prefix / "404.html"))
    return state.default_404 if state.default_404 is not None else output


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """hreflang links only for real translations, with absolute URLs; a fallback points at its original.
    Material's markup gets the accessible names it lacks (see helpcenter.render.a11y)."""
    output = repair_theme_markup(output)
    alternates = real_alternates(page, config)
    if not alternates or not config.site_url:
        return output
    reader, shown = current_language(config), written_language(page, config)
    canonical = alternates.get(shown) if shown != reader else None
    return bridge.rewrite_head_links(output, alternates, bridge.default_language(config), canonical)


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """Once every language is written (the default language's on_post_build ends last, after
    mkdocs-static-i18n built the others from inside it): index the whole site for search, then write
    build-info.json, only when nothing went wrong."""
    if bridge.building_other_languages(config):
        return
    search_step.index_and_record(config, _state())


def on_serve(server, config: MkDocsConfig, builder):
    """The preview also rebuilds when the policy, the message catalogs or the templates change."""
    root, _, policy_file = project_paths(config)
    for path in (policy_file, root / "locales", *_state().template_dirs):
        if path.exists():
            server.watch(str(path))
    return server


def _site_path(config: MkDocsConfig) -> str:
    """The site's path on its host, from site_url: '/' for https://help.example.com/."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"
