"""The company's brand from mkdocs.yml's `extra.brand`: logo, favicon, two theme colours, checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from helpcenter.errors import PolicyError

CONFIG_FILE = "mkdocs.yml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FILES = ("logo", "favicon")
_COLOURS = ("primary", "accent")


@dataclass(frozen=True)
class Brand:
    logo: str  # paths inside docs/, shared by every language
    favicon: str
    primary: str  # "#0b3d6e": header, links, buttons
    accent: str  # hover and focus


def load_brand(extra: Mapping | None, docs_dir: Path) -> Brand:
    """Read and check `extra.brand`; a mistake names the key and what to write instead."""
    brand = (extra or {}).get("brand")
    if not isinstance(brand, Mapping):
        raise PolicyError(CONFIG_FILE, None, "extra.brand", "missing; give logo, favicon, primary and accent "
                          "(see the README's Brand section)")
    values = {}
    for key in (*_FILES, *_COLOURS):
        value = brand.get(key)
        if not isinstance(value, str) or not value:
            raise PolicyError(CONFIG_FILE, None, f"extra.brand.{key}", "missing")
        if key in _COLOURS and not _COLOUR.match(value):
            raise PolicyError(CONFIG_FILE, None, f"extra.brand.{key}",
                              f"{value!r} is not a colour; write it as \"#rrggbb\", such as \"#0b3d6e\"")
        if key in _FILES and not (docs_dir / value).is_file():
            raise PolicyError(CONFIG_FILE, None, f"extra.brand.{key}",
                              f"{value!r} not found in {docs_dir.name}/; give a path inside it")
        values[key] = value
    return Brand(**values)


def theme_colours(brand: Brand) -> dict[str, str]:
    """Material's colour variables set from the two brand colours (light and dark shades mixed in CSS)."""
    return {
        "--md-primary-fg-color": brand.primary,
        "--md-primary-fg-color--light": f"color-mix(in srgb, {brand.primary} 80%, white)",
        "--md-primary-fg-color--dark": f"color-mix(in srgb, {brand.primary} 80%, black)",
        "--md-accent-fg-color": brand.accent,
        "--md-accent-fg-color--transparent": f"color-mix(in srgb, {brand.accent} 10%, transparent)",
        "--md-typeset-a-color": brand.primary,
    }
