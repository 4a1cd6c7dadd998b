"""MkDocs event adapter: the only module of the package that imports mkdocs.

hooks/helpcenter_hooks.py imports the `on_*` functions below; MkDocs registers every `on_*` name of a
hook file as an event, so helpers here must not start with `on_`.

mkdocs-static-i18n builds the default language, then rebuilds the whole site once per other language
in the same process and on the same config object, from inside the default build's on_post_build: every
event below runs once per language. The build's state (`_Build`: the policy, its views, caches) is made
anew when a build starts (on_config outside mkdocs-static-i18n's language passes), so two builds never
share it, even on the same config object; per-language state is keyed by language. Private behaviour of
MkDocs, Material and mkdocs-static-i18n is reached only through helpcenter.site.bridge.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, write_file

from helpcenter.l10n import formatting
from helpcenter.content import frontmatter
from helpcenter.render.buildinfo import build_info_json
from helpcenter.l10n.catalogs import load_translations
from helpcenter.content.coverage import product_of, tutorial_problems
from helpcenter.policy.days_off import check_holiday_names, exported_years
from helpcenter.errors import PolicyError
from helpcenter.render.export import policy_json
from helpcenter.policy.loader import check_site_languages
from helpcenter.l10n.localize import LocalizedPolicy, localize
from helpcenter.policy.model import SupportPolicy
from helpcenter.content.navigation import first_heading, plain_text
from helpcenter.render.templates import MemoryBytecodeCache, PageContext, make_environment, render_page
from helpcenter.render.site_search import index_site
from helpcenter.render.a11y import repair_theme_markup
from helpcenter.render.brand import Brand, load_brand, theme_colours
from helpcenter.render.seo import social_metadata
from helpcenter.site import render_cache
from helpcenter.site.navigation import collapse_large_navigation
from helpcenter.site.render_cache import PageConversions
from helpcenter.site.shared_policy import policy_once
from helpcenter.site.bridge import reset_language_links
from helpcenter.content.translations import is_pending
from helpcenter.content.tree import symlink_loops
from helpcenter.l10n.catalogs import catalog_problems
from helpcenter.render.pagecheck import FATAL, language_problems, read_pages
from helpcenter.site import bridge
from helpcenter.site.config import project_paths

log = get_plugin_logger("helpcenter")

POLICY_JSON = "support-policy.json"
BUILD_INFO = "build-info.json"  # which build this is; `helpcenter deploy` verifies each target with it
FALLBACK_NOTICE_TEMPLATE = "helpcenter/fallback-notice.html"
PERMALINK_TEMPLATE = "helpcenter/permalink-title.html"
ENDPOINT_VARIABLE = "HELPCENTER_HELPDESK_ENDPOINT"
TODAY_VARIABLE = "HELPCENTER_TODAY"
# The theme's templates compile once per process instead of once per language and per rebuild. Its own
# cache: Jinja's cache key is the template's name and file, not the environment's settings, and the theme
# compiles without autoescaping while the markers' environment escapes (render.templates has its own).
THEME_BYTECODE_CACHE = MemoryBytecodeCache()


class _ProblemCounter(logging.Handler):
    """Counts the warnings and errors MkDocs' loggers report during a build (what --strict counts too):
    build-info.json is written only when there was none, so that a failed build is never deployed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class _Build:
    """What one build (all languages) shares."""

    config: MkDocsConfig
    root: Path
    policy: SupportPolicy
    template_dirs: list[Path]
    brand: Brand
    views: dict[str, LocalizedPolicy] = field(default_factory=dict)
    envs: dict[str, jinja2.Environment] = field(default_factory=dict)
    ticket_page_url: dict[str, str | None] = field(default_factory=dict)  # per language
    fallback_pages: dict[str, set[str]] = field(default_factory=dict)  # per language: page URLs
    rendered_markers: dict = field(default_factory=dict)
    pending_files: dict[str, bool] = field(default_factory=dict)  # source path -> translation pending?
    today: date = field(default_factory=date.today)  # in the support team's time zone, see _new_build
    default_404: str | None = None
    reported: set[str] = field(default_factory=set)  # writer's mistakes already logged by on_files
    problems: _ProblemCounter | None = None
    conversions: PageConversions | None = None  # Markdown conversions kept between builds

    def view(self, language: str) -> LocalizedPolicy:
        if language not in self.views:
            self.views[language] = localize(self.policy, language, self.today)
        return self.views[language]

    def env(self, language: str) -> jinja2.Environment:
        """Templates of the package (markers, notices) with the language's UI translations."""
        if language not in self.envs:
            self.envs[language] = make_environment(self.template_dirs, self.translations(language))
        return self.envs[language]

    def translations(self, language: str):
        try:
            return load_translations(self.root, language)
        except PolicyError as error:
            raise PluginError(str(error)) from None


_build: _Build | None = None


current_language = bridge.current_language


def language_prefix(config: MkDocsConfig, language: str | None = None) -> str:
    """'' for the default language, 'de/' for German: where the language lives in the site."""
    language = language or current_language(config)
    return "" if language == bridge.default_language(config) else f"{language}/"


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Before the plugins: load the policy once per build, name the languages."""
    global _build
    # A build starts outside the language passes; the passes share that build's state.
    if _build is None or _build.config is not config or not bridge.building_other_languages(config):
        if _build is not None and _build.problems is not None:
            logging.getLogger("mkdocs").removeHandler(_build.problems)
        _build = _new_build(config)
        _build.problems = _ProblemCounter()
        logging.getLogger("mkdocs").addHandler(_build.problems)
    # The title of the ¶ link after each heading, in the language being built (MkDocs makes a new
    # Markdown converter per page from these settings).
    toc = config.mdx_configs.setdefault("toc", {})
    if toc.get("permalink"):
        toc["permalink_title"] = _build.env(current_language(config)).get_template(PERMALINK_TEMPLATE).render().strip()
    return config


def _new_build(config: MkDocsConfig) -> _Build:
    root, overrides, policy_file = project_paths(config)
    try:
        policy = policy_once(policy_file)  # `helpcenter build` loads it once for all languages
        endpoint = os.environ.get(ENDPOINT_VARIABLE)
        if endpoint:  # a preview or a test points the form at another helpdesk
            log.info(f"ticket form posts to {endpoint} ({ENDPOINT_VARIABLE})")
            policy = dataclasses.replace(policy, ticket_form=dataclasses.replace(policy.ticket_form, endpoint=endpoint))
        # All configured languages, built or not (`helpcenter serve --lang de` builds only one).
        check_site_languages(policy, [language.locale for language in bridge.i18n_plugin(config).config.languages])
        today = _today(policy)
        check_holiday_names(policy, exported_years(today))
        brand = load_brand(config.extra, Path(config.docs_dir))
    except PolicyError as error:
        raise PluginError(str(error)) from None
    # The language switcher shows each language in itself: "Deutsch", "Español".
    bridge.name_languages(config, formatting.native_language_name)
    config.theme["logo"], config.theme["favicon"] = brand.logo, brand.favicon
    collapse_large_navigation(config, bridge.default_language(config))
    conversions = PageConversions(root, config) if render_cache.enabled() else None
    return _Build(config, root, policy, [overrides], brand, today=today, conversions=conversions)


def on_pre_build(config: MkDocsConfig) -> None:
    """Before MkDocs walks docs/: a symbolic-link loop would make it walk forever. A build-info.json
    left by an earlier build goes: only a build that finishes without a problem writes one."""
    if language_prefix(config):
        return  # the other languages are built inside the default language's build
    loops = symlink_loops(Path(config.docs_dir))
    if loops:
        raise PluginError("\n".join(str(problem) for problem in loops))
    (Path(config.site_dir) / BUILD_INFO).unlink(missing_ok=True)


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
        _check_pages(config)
        files.append(File.generated(config, POLICY_JSON, content=policy_json(state.policy, state.today)))
        for problem in tutorial_problems(Path(config.docs_dir), state.policy.language_codes,
                                         tuple(product.id for product in state.policy.products)):
            log.warning(problem)
    return files


def _check_pages(config: MkDocsConfig) -> None:
    """Once per build, before the first language: log each writer's mistake in the pages and catalogs
    of every language built as a warning (--strict stops at the end of the build with all of them); a
    page MkDocs cannot read as written stops the build at once."""
    state = _state()
    docs, default = Path(config.docs_dir), bridge.default_language(config)
    built = [entry.locale for entry in bridge.i18n_plugin(config).config.languages if entry.build]
    problems: list = []
    pages = {code: read_pages(docs, code, problems) for code in {*built, default}}
    fatal = [str(problem) for problem in problems if problem.kind in FATAL]
    if fatal:
        raise PluginError("\n".join(fatal))
    for language in built:
        problems += language_problems(docs, language, default, pages, state.view(language), state.env(language))
        problems += catalog_problems(state.root, language)
    for problem in problems:
        log.warning(str(problem))
        state.reported.add(str(problem))


@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Name each section after the title of its index page, in that page's language."""
    _name_sections(nav.items, config)
    return nav


def _name_sections(items, config: MkDocsConfig) -> None:
    for item in items:
        if not isinstance(item, Section):
            continue
        index = next((child for child in item.children if isinstance(child, Page) and child.file.name == "index"), None)
        if index is not None and index.file.abs_src_path:
            text = frontmatter.read_text(Path(index.file.abs_src_path), index.file.src_uri)
            heading = first_heading(frontmatter.split(text, index.file.src_uri).body)
            if heading:
                language = bridge.file_locale(index.file) or current_language(config)
                item.title = plain_text(_render(heading, index, config, language))
        _name_sections(item.children, config)


def written_language(page: Page, config: MkDocsConfig) -> str:
    """The language a page's text is in: a missing translation is served from the default language,
    and a translation still marked `translation: {status: pending}` holds the default language's text."""
    if is_pending(page.meta):
        return bridge.default_language(config)
    return bridge.file_locale(page.file) or current_language(config)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the policy markers of a page with the policy rendered in the page's own language.

    A translation still pending shows its current source (the default language's page), not the copy
    `helpcenter new` made of it. Front-matter title and description are escaped: they end up in HTML
    (page title, navigation, meta tags, search index) through templates that do not escape."""
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
            page.meta[key] = escape(page.meta[key])
    language = written_language(page, config)
    source = _source_of(page, config)
    if language != current_language(config):
        _state().fallback_pages[current_language(config)].add(page.url)
    if source != Path(page.file.abs_src_path):
        markdown = _body(source, _display(source, config))
    if _state().conversions is not None:
        _state().conversions.use_for(page, files)
    return _render(markdown, page, config, language, source)


def _source_of(page: Page, config: MkDocsConfig) -> Path:
    """The file a page's text comes from: itself, or the default language's page for a pending one."""
    own = Path(page.file.abs_src_path)
    default = bridge.default_language(config)
    locale = bridge.file_locale(page.file) or default
    if not is_pending(page.meta) or locale == default:
        return own
    docs = Path(config.docs_dir)
    relative = own.relative_to(docs / locale)
    source = docs / default / relative
    return source if source.exists() else own


def _display(path: Path, config: MkDocsConfig) -> str:
    """docs/fr/faq/index.md: a source file as the writer's messages name it."""
    return Path(config.docs_dir).name + "/" + path.relative_to(Path(config.docs_dir)).as_posix()


def _body(path: Path, display: str) -> str:
    return frontmatter.split(frontmatter.read_text(path, display), display).body


def _body_line(path: Path, display: str) -> int:
    """Line of the body's first line in the file: MkDocs hands the body over without the front matter."""
    try:
        return frontmatter.split(frontmatter.read_text(path, display), display).body_line
    except (PolicyError, OSError):
        return 1


def _render(markdown: str, page: Page, config: MkDocsConfig, language: str, source_file: Path | None = None) -> str:
    state = _state()
    source_file = source_file or Path(page.file.abs_src_path)
    source = _display(source_file, config)
    ticket_page_url = state.ticket_page_url.get(current_language(config))
    ticket_url = get_relative_url(ticket_page_url, page.url) if ticket_page_url else None
    context = PageContext(source=source, ticket_url=ticket_url, root_url=_site_root_from(page.url))
    try:
        return render_page(markdown, state.view(language), state.env(language), context, state.rendered_markers)
    except PolicyError as error:
        if error.line:  # count the front matter, as `helpcenter check` does
            error = PolicyError(error.file, error.line + _body_line(source_file, source) - 1, error.key, error.problem)
        if str(error) in state.reported:
            return markdown  # already logged by on_files; --strict stops the build at the end
        raise PluginError(str(error)) from None


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
    page's social preview (OpenGraph) in its language, with its real translations as alternates."""
    language, prefix = current_language(config), language_prefix(config)
    path = page.url[len(prefix):] if page.url.startswith(prefix) else page.url
    sections = [ancestor.title for ancestor in reversed(page.ancestors) if ancestor.title != page.title]
    context["hc_search"] = {
        "indexed": page.url not in _state().fallback_pages.get(language, set()),
        "section": " › ".join(sections),
        "product": product_of(path, tuple(product.id for product in _state().policy.products)),
    }
    state, written = _state(), written_language(page, config)
    title = config.site_name if page.is_homepage else f"{plain_text(page.title or '')} – {config.site_name}"
    context["hc_social"] = social_metadata(
        title=title, site_name=config.site_name,
        description=(page.meta or {}).get("description") or config.site_description or "",
        url=page.canonical_url, locale=state.policy.language(written).locale,
        alternate_locales=[state.policy.language(code).locale for code in _real_alternates(page, config)],
        image=urljoin(config.site_url, state.brand.logo) if config.site_url else None,
    )
    return context


def _site_root_from(page_url: str) -> str:
    """The site's root relative to a page, ending with '/': '../../' from 'de/faq/'; '' from the home."""
    root = get_relative_url(".", page_url)
    return "" if root == "." else root.rstrip("/") + "/"


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Theme templates get the language's UI translations ({% trans %} in overrides/), and compile once
    per process instead of once per language and per rebuild."""
    env.bytecode_cache = THEME_BYTECODE_CACHE
    env.globals["hc_is_pending"] = _is_pending  # sitemap.xml leaves pending translations out
    env.globals["hc_brand_colours"] = theme_colours(_state().brand)  # overrides/main.html
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(_state().translations(current_language(config)), newstyle=True)
    return env


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
    alternates = _real_alternates(page, config)
    if not alternates or not config.site_url:
        return output
    reader, shown = current_language(config), written_language(page, config)
    canonical = alternates.get(shown) if shown != reader else None
    return bridge.rewrite_head_links(output, alternates, bridge.default_language(config), canonical)


def _real_alternates(page: Page, config: MkDocsConfig) -> dict[str, str]:
    """Language -> absolute URL of the page really written in it (no fallback, no pending translation),
    in the switcher's language order; empty without site_url."""
    alternates_files = bridge.file_alternates(page.file)
    if not alternates_files or not config.site_url:
        return {}
    alternates = {language: urljoin(config.site_url, file.url) for language, file in alternates_files.items()
                  if (bridge.file_locale(file) or language) == language and not _is_pending(file)}
    return {code: alternates[code] for code in _state().policy.language_codes if code in alternates}


def _is_pending(file: File) -> bool:
    """A translation still marked pending in its front matter (read once per file and build)."""
    if file.abs_src_path is None or not file.src_uri.endswith(".md"):
        return False
    known = _state().pending_files
    if file.abs_src_path not in known:
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        try:
            known[file.abs_src_path] = is_pending(frontmatter.split(text, file.src_uri).meta)
        except PolicyError:
            known[file.abs_src_path] = False  # MkDocs reports the broken front matter itself
    return known[file.abs_src_path]


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """Once every language is written (the default language's on_post_build ends last, after
    mkdocs-static-i18n built the others from inside it): index the whole site for search, then write
    build-info.json, only when nothing went wrong."""
    if bridge.building_other_languages(config):
        return
    state = _state()
    if config.strict and state.problems is not None and state.problems.count:
        return  # --strict aborts this build right after: no search index, no build-info.json
    try:
        report = index_site(Path(config.site_dir))
    except PolicyError as error:
        raise PluginError(str(error)) from None
    counts = ", ".join(f"{language} {count}" for language, count in report.pages.items())
    log.info(f"search: pages indexed in {report.seconds:.1f} s ({counts})")
    if state.problems is not None and state.problems.count == 0:  # no warning or error in any language
        built = [entry.locale for entry in bridge.i18n_plugin(config).config.languages if entry.build]
        write_file(build_info_json(state.root, built).encode("utf-8"), str(Path(config.site_dir) / BUILD_INFO))


def on_serve(server, config: MkDocsConfig, builder):
    """The preview also rebuilds when the policy, the message catalogs or the templates change."""
    root, _, policy_file = project_paths(config)
    for path in (policy_file, root / "locales", *_state().template_dirs):
        if path.exists():
            server.watch(str(path))
    return server


def _today(policy: SupportPolicy) -> date:
    """Today in the support team's time zone; HELPCENTER_TODAY=YYYY-MM-DD pins it (reproducible builds)."""
    pinned = os.environ.get(TODAY_VARIABLE)
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise PluginError(f"{TODAY_VARIABLE}={pinned!r} is not a date; write it as YYYY-MM-DD") from None
    return datetime.now(ZoneInfo(policy.business_hours.timezone)).date()


def _site_path(config: MkDocsConfig) -> str:
    """The site's path on its host, from site_url: '/' for https://help.example.com/."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def _state() -> _Build:
    if _build is None:
        raise PluginError("helpcenter: on_config did not run; is hooks/helpcenter_hooks.py listed in mkdocs.yml?")
    return _build
