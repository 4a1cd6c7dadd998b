"""mkdocs.yml read one way, through MkDocs' own config loading: the project facts the CLI and tools need."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from helpcenter.errors import PolicyError
from helpcenter.site import bridge

CONFIG_FILE = "mkdocs.yml"
# The support policy sits next to mkdocs.yml (MkDocs has no option for a hook's own files).
POLICY_FILE = "support.yml"


@dataclass(frozen=True)
class Project:
    """What the rest of helpcenter needs of a project's mkdocs.yml, as plain values."""

    config_file: Path
    root: Path  # the folder of mkdocs.yml: every other path is resolved from it
    docs_dir: Path
    overrides_dir: Path  # the theme's custom_dir (templates of the package, UI strings)
    policy_file: Path
    languages: tuple[str, ...]  # in the switcher's order
    default_language: str
    site_url: str | None
    nav: tuple[str, ...] | None  # the pages `nav` lists, in order (paths inside a language folder); None: no nav


def project_paths(config: MkDocsConfig) -> tuple[Path, Path, Path]:
    """(root, overrides dir, policy file) of a loaded config, for the build and the CLI alike."""
    root = Path(config.config_file_path).resolve().parent
    overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else root / "overrides"
    return root, overrides, root / POLICY_FILE


def project_from_config(config: MkDocsConfig) -> Project:
    root, overrides, policy = project_paths(config)
    plugin = bridge.i18n_plugin(config)
    return Project(
        config_file=Path(config.config_file_path).resolve(),
        root=root,
        docs_dir=Path(config.docs_dir),
        overrides_dir=overrides,
        policy_file=policy,
        languages=tuple(language.locale for language in plugin.config.languages),
        default_language=bridge.default_language(config),
        site_url=config.site_url or None,
        nav=None if config.nav is None else tuple(nav_pages(config.nav)),
    )


def load_project(config_file: Path, **overrides: Any) -> Project:
    """Load mkdocs.yml as `mkdocs build` does; a mistake raises PolicyError naming the file and key."""
    return project_from_config(load_mkdocs_config(config_file, **overrides))


def load_mkdocs_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    """MkDocs' validated config; its error messages (logged, then Abort) become one PolicyError."""
    errors = LoggedMessages(logging.ERROR)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(errors)
    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as error:
        problem = "; ".join(errors.lines) or str(error)
        raise PolicyError(Path(config_file).name, None, "", problem) from None
    finally:
        logger.removeHandler(errors)


class LoggedMessages(logging.Handler):
    """The messages logged at `level` or above while this handler is attached (to MkDocs' logger)."""

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def nav_pages(nav: Any) -> list[str]:
    """The Markdown pages of a validated `nav`, in order (links and external URLs left out)."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") and "://" not in nav else []
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    return []


def preview_overrides(config_file: Path, language: str) -> dict[str, Any]:
    """Config overrides that build only the default language and `language`, for a fast preview.

    The default language is built too because pages of other languages fall back to it, and so do the
    images stored once next to the default language's pages. An unknown language raises PolicyError.
    """
    plugins = bridge.raw_config(str(config_file)).get("plugins") or []
    for entry in plugins:
        if isinstance(entry, dict) and "i18n" in entry:
            languages = entry["i18n"]["languages"]
            known = [item["locale"] for item in languages]
            if language not in known:
                raise PolicyError(CONFIG_FILE, None, "plugins.i18n.languages",
                                  f"unknown language {language!r}; choose one of {', '.join(known)}")
            for item in languages:
                item["build"] = bool(item.get("default")) or item["locale"] == language
    return {"plugins": plugins}
