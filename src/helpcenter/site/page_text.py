"""A page's text: its language, the file it comes from, and its policy markers rendered.

A pending translation shows its source (the default language's page); a marker's mistake names the file
and the line counted with the front matter."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from helpcenter.content import frontmatter
from helpcenter.content.navigation import first_heading, plain_text
from helpcenter.content.translations import is_pending
from helpcenter.errors import PolicyError
from helpcenter.render.templates import PageContext, render_page
from helpcenter.site import bridge
from helpcenter.site.build_state import current


def written_language(page: Page, config: MkDocsConfig) -> str:
    """The language a page's text is in: a missing translation is served from the default language,
    and a translation still marked `translation: {status: pending}` holds the default language's text."""
    if is_pending(page.meta):
        return bridge.default_language(config)
    return bridge.file_locale(page.file) or bridge.current_language(config)


def source_of(page: Page, config: MkDocsConfig) -> Path:
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


def display(path: Path, config: MkDocsConfig) -> str:
    """docs/fr/faq/index.md: a source file as the writer's messages name it."""
    return Path(config.docs_dir).name + "/" + path.relative_to(Path(config.docs_dir)).as_posix()


def body(path: Path, display: str) -> str:
    return frontmatter.split(frontmatter.read_text(path, display), display).body


def _body_line(path: Path, display: str) -> int:
    """Line of the body's first line in the file: MkDocs hands the body over without the front matter."""
    try:
        return frontmatter.split(frontmatter.read_text(path, display), display).body_line
    except (PolicyError, OSError):
        return 1


def render_markers(markdown: str, page: Page, config: MkDocsConfig, language: str,
                   source_file: Path | None = None) -> str:
    """`markdown` with its policy markers rendered in `language`."""
    state = current()
    source_file = source_file or Path(page.file.abs_src_path)
    source = display(source_file, config)
    ticket_page_url = state.ticket_page_url.get(bridge.current_language(config))
    ticket_url = get_relative_url(ticket_page_url, page.url) if ticket_page_url else None
    context = PageContext(source=source, ticket_url=ticket_url, root_url=site_root_from(page.url))
    state.page_markers = []  # read by render.marker_blocks as the page converts
    try:
        return render_page(markdown, state.view(language), state.env(language), context, state.rendered_markers,
                           state.page_markers)
    except PolicyError as error:
        if error.line:  # count the front matter, as `helpcenter check` does
            error = PolicyError(error.file, error.line + _body_line(source_file, source) - 1, error.key, error.problem)
        if str(error) in state.reported:
            return markdown  # already logged by on_files; --strict stops the build at the end
        raise PluginError(str(error)) from None


def name_sections(items, config: MkDocsConfig) -> None:
    """Name each section after the title of its index page, in that page's language."""
    for item in items:
        if not isinstance(item, Section):
            continue
        index = next((child for child in item.children if isinstance(child, Page) and child.file.name == "index"), None)
        if index is not None and index.file.abs_src_path:
            text = frontmatter.read_text(Path(index.file.abs_src_path), index.file.src_uri)
            heading = first_heading(frontmatter.split(text, index.file.src_uri).body)
            if heading:
                language = bridge.file_locale(index.file) or bridge.current_language(config)
                item.title = plain_text(render_markers(heading, index, config, language))
        name_sections(item.children, config)


def site_root_from(page_url: str) -> str:
    """The site's root relative to a page, ending with '/': '../../' from 'de/faq/'; '' from the home."""
    root = get_relative_url(".", page_url)
    return "" if root == "." else root.rstrip("/") + "/"
