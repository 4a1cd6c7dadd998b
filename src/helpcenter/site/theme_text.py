"""Material's interface texts (its `t` macro), each looked up once per theme environment, language and key.

Material's page template asks its translation macro for about forty texts on every page (button labels,
the search box's messages, ...); each call built the language's whole table of texts again. A text depends
only on the theme's language and its key (bridge.TRANSLATION_MACRO), so the first answer is kept for the
environment's later pages. A new environment (each build, each rebuild of the preview) starts empty.
"""

from __future__ import annotations

from typing import Callable


class ThemeTexts:
    """The `hc_translation` global of one theme environment (see bridge.TRANSLATION_MACRO)."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], object] = {}

    def __call__(self, language: str, macro: Callable[[str], object]) -> Callable[[str], object]:
        """Material's `t` macro of one page, answering each key as it first did in `language`."""
        def text(key: str) -> object:
            found = self._known.get((language, key), self)
            if found is self:
                found = self._known[(language, key)] = macro(key)
            return found
        return text
