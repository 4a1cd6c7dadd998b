"""MkDocs event adapter: the only module of the package that imports mkdocs.

hooks/helpcenter_hooks.py imports the `on_*` functions below; MkDocs registers every `on_*` name of a hook
file as an event, so helpers here must not start with `on_`.

mkdocs-static-i18n builds the default language, then rebuilds the whole site once per other language
in the same process and on the same config object: every event below runs once per language. The
policy is read once per build (keyed on the config object, which a new build or `mkdocs serve` reload
replaces), and per-language work reads the language being built from the i18n plugin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from helpcenter.errors import PolicyError
from helpcenter.export import policy_json
from helpcenter.formatting import native_language_name
from helpcenter.loader import check_site_languages, load_policy
from helpcenter.localize import LocalizedPolicy, localize
from helpcenter.model import SupportPolicy
from helpcenter.rendering import PageContext, make_environment, render_page

log = get_plugin_logger("helpcenter")

POLICY_FILE = "support.yml"
POLICY_JSON = "support-policy.json"


@dataclass
class _Build:
    config: MkDocsConfig
    policy: SupportPolicy
    env: object
    views: dict[str, LocalizedPolicy] = field(default_factory=dict)
    ticket_page_url: str | None = None  # URL of the ticket page in the language being built
    rendered_markers: dict = field(default_factory=dict)

    def view(self, language: str) -> LocalizedPolicy:
        if language not in self.views:
            self.views[language] = localize(self.policy, language)
        return self.views[language]


_build: _Build | None = None


def project_dir(config: MkDocsConfig) -> Path:
    """Paths are resolved from mkdocs.yml's folder, never from the working directory."""
    return Path(config.config_file_path).resolve().parent


def _i18n(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("mkdocs.yml: plugins: the 'i18n' plugin (mkdocs-static-i18n) is required")
    return plugin


def current_language(config: MkDocsConfig) -> str:
    return _i18n(config).current_language or _i18n(config).default_language


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Before the i18n plugin: load the policy once per build and name each language from Babel."""
    global _build
    if _build is not None and _build.config is config:
        return config
    root = project_dir(config)
    try:
        policy = load_policy(root / POLICY_FILE)
        languages = [language.locale for language in _i18n(config).config.languages if language.build]
        check_site_languages(policy, languages)
    except PolicyError as error:
        raise PluginError(str(error)) from None
    for language in _i18n(config).config.languages:
        # The language switcher shows each language in itself: "Deutsch", "Español".
        language.name = native_language_name(language.locale)
    template_dirs = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    _build = _Build(config, policy, make_environment(template_dirs + [root / "overrides"]))
    return config


@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """After the i18n plugin has picked this language's files: find the ticket page of this language,
    and add support-policy.json once, at the root."""
    state = _state()
    language = current_language(config)
    prefix = "" if language == _i18n(config).default_language else f"{language}/"
    wanted = prefix + state.policy.contacts.ticket_page
    state.ticket_page_url = next((file.url for file in files.documentation_pages() if file.url == wanted), None)
    if not prefix:
        files.append(File.generated(config, POLICY_JSON, content=policy_json(state.policy)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the policy markers of a page with the policy rendered in the page's own language."""
    # A page not yet translated is served from the default language: render it in that language.
    language = getattr(page.file, "locale", None) or current_language(config)
    source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    ticket_page_url = _state().ticket_page_url
    ticket_url = get_relative_url(ticket_page_url, page.url) if ticket_page_url else None
    context = PageContext(source=source, ticket_url=ticket_url)
    try:
        return render_page(markdown, _state().view(language), _state().env, context, _state().rendered_markers)
    except PolicyError as error:
        raise PluginError(str(error)) from None


def _state() -> _Build:
    if _build is None:
        raise PluginError("helpcenter: on_config did not run; is hooks/helpcenter_hooks.py listed in mkdocs.yml?")
    return _build
