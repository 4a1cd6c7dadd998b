"""The end of a whole build: the site's search index (Pagefind), then build-info.json.

build-info.json is written only when nothing went wrong, so that a failed build is never deployed."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import write_file

from helpcenter.errors import PolicyError
from helpcenter.render.buildinfo import build_info_json
from helpcenter.render.site_search import index_site
from helpcenter.site import bridge
from helpcenter.site.build_state import Build

log = get_plugin_logger("helpcenter")

BUILD_INFO = "build-info.json"  # which build this is; `helpcenter deploy` verifies each target with it


def forget_build_info(config: MkDocsConfig) -> None:
    """A build-info.json left by an earlier build goes: only a build that finishes without a problem writes one."""
    (Path(config.site_dir) / BUILD_INFO).unlink(missing_ok=True)


def index_and_record(config: MkDocsConfig, state: Build) -> None:
    """Index the whole site for search, then write build-info.json if no language had a problem."""
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
