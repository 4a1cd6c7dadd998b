"""What helpcenter relies on in MkDocs' serve command and config loading (checked against 1.6.1)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from mkdocs import utils as mkdocs_utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError


@contextmanager
def live_preview(server: Callable[..., Any], overrides: dict[str, Any]) -> Iterator[None]:
    """While inside, `mkdocs.commands.serve.serve` runs `server` (a LiveReloadServer subclass or partial,
    e.g. with a shorter `polling_interval`) and loads mkdocs.yml with `overrides` (top-level keys
    replaced) for its first build and every rebuild.

    MkDocs 1.6.1: `serve` builds its server from the module attribute `LiveReloadServer` (keyword
    arguments builder, host, port, root, mount_path), and reloads the config for every rebuild through
    the module attribute `load_config`. Overrides cannot go through serve's own keyword arguments: it
    passes the same objects to every load, and validation consumes plugin entries
    (`Plugins._parse_configs` pops them), so the second load would fail; each load gets a fresh copy.
    """
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.config import load_config

    def load_with_overrides(*args: Any, **kwargs: Any):
        return load_config(*args, **kwargs, **copy.deepcopy(overrides))

    saved = mkdocs_serve.LiveReloadServer, mkdocs_serve.load_config
    mkdocs_serve.LiveReloadServer = server
    mkdocs_serve.load_config = load_with_overrides
    try:
        yield
    finally:
        mkdocs_serve.LiveReloadServer, mkdocs_serve.load_config = saved


def raw_config(config_file: str) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it before validation (INHERIT, !ENV and `!!python/name:` tags
    understood). MkDocs 1.6.1: `mkdocs.utils.yaml.yaml_load`, the loader of `load_config`."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as stream:
        return yaml_load(stream) or {}


_parsed_configs: dict[str, dict] = {}  # SHA-256 of an mkdocs.yml -> what MkDocs' YAML loader made of it
_kept_config: Path | None = None  # where parse_config_once keeps the last one between runs


def parse_config_once(kept: Path | None = None) -> None:
    """From now on in this process and the workers it forks, each mkdocs.yml text is parsed once:
    `helpcenter build` loads mkdocs.yml in its process and again in every worker (the YAML alone costs
    0.3-0.6 s at 400 pages per language). With `kept` (a file), the result is also kept there between
    runs, when it is plain data (equal after a round trip through JSON). A file with a tag bound to its
    config (`!relative`), read from the environment (`!ENV`) or inheriting another (`INHERIT`) is
    parsed each time. MkDocs 1.6.1: `MkDocsConfig.load_file(fd)` is
    `load_dict(yaml_load(fd, get_yaml_loader(config=self)))`."""
    global _kept_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    _kept_config = kept
    original = MkDocsConfig.load_file
    if getattr(original, "parses_once", False):
        return

    def load_file(self, config_file) -> None:
        data = config_file.read()
        if any(word in data for word in (b"!relative", b"!ENV", b"INHERIT")):
            config_file.seek(0)
            return original(self, config_file)
        key = hashlib.sha256(data).hexdigest()
        if key not in _parsed_configs:
            parsed = _read_kept_config(key)
            if parsed is None:
                try:
                    parsed = yaml_load(data, get_yaml_loader(config=self))
                except ConfigurationError:  # parsed again from the file, for a message that names it
                    config_file.seek(0)
                    return original(self, config_file)
                _keep_config(key, parsed)
            _parsed_configs[key] = parsed
        self.load_dict(copy.deepcopy(_parsed_configs[key]))

    load_file.parses_once = True
    MkDocsConfig.load_file = load_file


def _read_kept_config(key: str) -> dict | None:
    try:
        kept = json.loads(_kept_config.read_text(encoding="utf-8"))
        return kept["parsed"] if kept["key"] == f"{key}/{_yaml_version()}" else None
    except (AttributeError, OSError, ValueError, KeyError, TypeError):  # none, unreadable, another
        return None


def _keep_config(key: str, parsed: dict) -> None:
    if _kept_config is None:
        return
    try:
        text = json.dumps({"key": f"{key}/{_yaml_version()}", "parsed": parsed})
        if json.loads(text)["parsed"] != parsed:
            return
        _kept_config.parent.mkdir(parents=True, exist_ok=True)
        temporary = _kept_config.with_name(f".{_kept_config.name}.new")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, _kept_config)
    except (OSError, TypeError, ValueError):  # not plain data, or not written: parsed next time
        pass


def _yaml_version() -> str:
    """The versions of what parses mkdocs.yml."""
    from importlib import metadata

    import yaml

    return f"mkdocs {metadata.version('mkdocs')}, PyYAML {yaml.__version__}"


def url_parts(url: str) -> list[str] | None:
    """The path components MkDocs 1.6.1 relativizes a navigation link's URL by (`normalize_url`:
    `_get_norm_url`, then `get_relative_url`'s `_norm_parts`); None when its result does not depend on
    the page (an absolute URL) or is not a plain relative path."""
    path, level = mkdocs_utils._get_norm_url(url)
    return mkdocs_utils._norm_parts(path) if level == 0 and path == url else None


def page_base_parts(page_url: str) -> list[str]:
    """The path components of the folder `get_relative_url` (1.6.1) makes links relative to, for a page."""
    folder, _, name = page_url.rpartition("/")
    return mkdocs_utils._norm_parts(folder if "." in name else page_url)
