"""The writer's mistakes a build reports before it converts a page.

Symbolic-link loops, then the pages and catalogs of every language built (the same checks as
`helpcenter check`) and the tutorials."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from helpcenter.content.coverage import tutorial_problems
from helpcenter.content.tree import symlink_loops
from helpcenter.l10n.catalogs import catalog_problems
from helpcenter.render.pagecheck import FATAL, language_problems, read_pages
from helpcenter.site import bridge, build_state
from helpcenter.site.build_state import Build

log = get_plugin_logger("helpcenter")

# The languages whose pages a build checks when its caller names none (None: every language built).
_checked: list[str] | None = None


@contextmanager
def checking_only(languages: list[str]):
    """Within it, the default language's build checks the pages of `languages` only: `helpcenter build`
    has each language's worker check its own, so that no worker has all the checks to run."""
    global _checked
    before, _checked = _checked, languages
    try:
        yield
    finally:
        _checked = before


def check_symlink_loops(config: MkDocsConfig) -> None:
    """A symbolic-link loop would make MkDocs walk docs/ forever: stop before it does."""
    loops = symlink_loops(Path(config.docs_dir))
    if loops:
        raise PluginError("\n".join(str(problem) for problem in loops))


def check_pages(config: MkDocsConfig, state: Build, languages: list[str] | None = None,
                edited: dict[str, list[str] | None] | None = None) -> None:
    """Once per build, before the first language: log each writer's mistake in the pages and catalogs
    of every language built (or of `languages`) as a warning (--strict stops at the end of the build
    with all of them); a page MkDocs cannot read as written stops the build at once. A language that
    `edited` names pages of had only their text changed since its pages passed: the other pages'
    links alone are checked again."""
    docs, default = Path(config.docs_dir), bridge.default_language(config)
    built = [entry.locale for entry in bridge.i18n_plugin(config).config.languages if entry.build]
    languages = _checked if languages is None else languages
    checked = [language for language in built if languages is None or language in languages]
    problems: list = []
    # A language's checks read its own pages and the default language's (links fall back to them).
    pages = {code: read_pages(docs, code, problems) for code in {*checked, default}}
    fatal = [str(problem) for problem in problems if problem.kind in FATAL]
    if fatal:
        raise PluginError("\n".join(fatal))
    for language in checked:
        problems += language_problems(docs, language, default, pages, state.view(language), state.env(language),
                                      (edited or {}).get(language))
        problems += catalog_problems(state.root, language)
    for problem in problems:
        log.warning(str(problem))
        state.reported.add(str(problem))


def check_without_building(config: MkDocsConfig, languages: list[str],
                           edited: dict[str, list[str] | None] | None = None) -> int:
    """The checks the default language's build runs, of the pages of `languages` only, without building
    anything (`helpcenter build` runs them when only other languages changed); the number of problems
    logged."""
    state = build_state.begin(config)
    counted = state.problems.count
    check_pages(config, state, languages, edited)
    check_tutorials(config, state)
    return state.problems.count - counted


def check_tutorials(config: MkDocsConfig, state: Build) -> None:
    for problem in tutorial_problems(Path(config.docs_dir), state.policy.language_codes,
                                     tuple(product.id for product in state.policy.products)):
        log.warning(problem)
