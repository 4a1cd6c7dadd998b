"""The state one build (all languages) shares, made anew when a build starts, keyed by language.

mkdocs-static-i18n builds every language in the same process and on the same config object, from inside
the default language's build: a build starts at on_config outside those language passes, and the passes
share its state (the policy and its localized views, the templates, what each language found).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from helpcenter.errors import PolicyError
from helpcenter.l10n.catalogs import load_translations
from helpcenter.l10n.localize import LocalizedPolicy, localize
from helpcenter.policy.days_off import exported_years
from helpcenter.policy.loader import check_site_languages
from helpcenter.policy.model import SupportPolicy
from helpcenter.render import bytecode
from helpcenter.render.cache import CACHE_FOLDER, enabled as cache_enabled
from helpcenter.render.brand import Brand, load_brand
from helpcenter.render.templates import make_environment
from helpcenter.site import bridge
from helpcenter.site.config import project_paths
from helpcenter.site.language_names import native_names
from helpcenter.site.navigation import collapse_large_navigation
from helpcenter.site.render_cache import PageConversions
from helpcenter.site.shared_policy import holiday_names_checked, policy_once

log = get_plugin_logger("helpcenter")

ENDPOINT_VARIABLE = "HELPCENTER_HELPDESK_ENDPOINT"
TODAY_VARIABLE = "HELPCENTER_TODAY"


class ProblemCounter(logging.Handler):
    """Counts the warnings and errors MkDocs' loggers report during a build (what --strict counts too):
    build-info.json is written only when there was none, so that a failed build is never deployed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class Build:
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
    page_markers: list[str] = field(default_factory=list)  # the outputs of the last page's markers
    pending_files: dict[str, bool] = field(default_factory=dict)  # source path -> translation pending?
    last_alternates: tuple | None = None  # site.alternates: the last page asked about, and its alternates
    today: date = field(default_factory=date.today)  # in the support team's time zone, see today_of
    default_404: str | None = None
    reported: set[str] = field(default_factory=set)  # writer's mistakes already logged by on_files
    problems: ProblemCounter | None = None
    conversions: PageConversions | None = None  # Markdown conversions kept between builds
    nav_fragments: dict = field(default_factory=dict)  # site.nav_cache: navigation entries' HTML

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


_build: Build | None = None


def begin(config: MkDocsConfig) -> Build:
    """The build `config` belongs to: a new one when a build starts, the same during its language passes."""
    global _build
    if _build is None or _build.config is not config or not bridge.building_other_languages(config):
        if _build is not None and _build.problems is not None:
            logging.getLogger("mkdocs").removeHandler(_build.problems)
        _build = _new_build(config)
        _build.problems = ProblemCounter()
        logging.getLogger("mkdocs").addHandler(_build.problems)
    return _build


def current() -> Build:
    if _build is None:
        raise PluginError("helpcenter: on_config did not run; is hooks/helpcenter_hooks.py listed in mkdocs.yml?")
    return _build


def _new_build(config: MkDocsConfig) -> Build:
    root, overrides, policy_file = project_paths(config)
    try:
        policy = policy_once(policy_file)  # `helpcenter build` loads it once for all languages
        endpoint = os.environ.get(ENDPOINT_VARIABLE)
        if endpoint:  # a preview or a test points the form at another helpdesk
            log.info(f"ticket form posts to {endpoint} ({ENDPOINT_VARIABLE})")
            policy = dataclasses.replace(policy, ticket_form=dataclasses.replace(policy.ticket_form, endpoint=endpoint))
        # All configured languages, built or not (`helpcenter serve --lang de` builds only one).
        check_site_languages(policy, [language.locale for language in bridge.i18n_plugin(config).config.languages])
        today = today_of(policy)
        holiday_names_checked(policy_file, policy, exported_years(today))
        brand = load_brand(config.extra, Path(config.docs_dir))
    except PolicyError as error:
        raise PluginError(str(error)) from None
    # The language switcher shows each language in itself: "Deutsch", "Español".
    codes = [language.locale for language in bridge.i18n_plugin(config).config.languages]
    names = native_names(codes, root / CACHE_FOLDER if cache_enabled() else None)
    bridge.name_languages(config, names.__getitem__)
    config.theme["logo"], config.theme["favicon"] = brand.logo, brand.favicon
    collapse_large_navigation(config, bridge.default_language(config))
    conversions = PageConversions(root, config) if cache_enabled() else None
    # Templates compile once per process, and once per version of the templates with the cache on.
    bytecode.keep_compiled_in(root / CACHE_FOLDER / "templates" if conversions else None)
    bridge.keep_theme_listing(config, root / CACHE_FOLDER / "theme-files.json" if conversions else None)
    return Build(config, root, policy, [overrides], brand, today=today, conversions=conversions)


def today_of(policy: SupportPolicy) -> date:
    """Today in the support team's time zone; HELPCENTER_TODAY=YYYY-MM-DD pins it (reproducible builds)."""
    pinned = os.environ.get(TODAY_VARIABLE)
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise PluginError(f"{TODAY_VARIABLE}={pinned!r} is not a date; write it as YYYY-MM-DD") from None
    return datetime.now(ZoneInfo(policy.business_hours.timezone)).date()
