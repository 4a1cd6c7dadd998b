"""Python-Markdown's inline patterns not tried on text that none of them can match.

Python-Markdown's InlineProcessor tries each of its inline patterns (code spans, escapes, links,
images, autolinks, line breaks, raw HTML, entities, emphasis...) on every text of the document, one
regular expression search and several Python calls each; a paragraph of plain words goes through all
fourteen of them to come out as it went in. Each pattern's expression needs some text to match: `[`
for a link, `<` for raw HTML, `*` or `_` for emphasis, two spaces and a line break for a line break.
`needed` reads these from the expression itself (Python's own parse of it), so the patterns an
extension adds are covered, and a pattern whose needs it cannot tell (case-insensitive, or an
expression that may match any text) is always tried. A text that holds none of the needs of the
patterns left to try is returned as it is, as the InlineProcessor would return it after trying them
all: a pattern acts only on a match of its expression. For the synthetic site's articles, inline
processing took a third of their conversion, and nine texts in ten hold no inline syntax.

Checked against Python-Markdown 3.11.3: `InlineProcessor.run` hands each text to its private
`__handleInline(data, patternIndex)`, which tries the patterns from `patternIndex` on, each through
its compiled expression (`finditer` from a start index, or `match` for old-style patterns).
"""

from __future__ import annotations

import re
from typing import Callable

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor

try:  # Python 3.11+: the regular expression parser and its opcodes
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover (older Pythons)
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

NAME = "inline"  # Python-Markdown's InlineProcessor in `md.treeprocessors`
_HANDLE = "_InlineProcessor__handleInline"  # its private per-text method, name-mangled
_REPEATS = tuple(op for op in (getattr(_sre, name, None) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"))
                 if op is not None)
_LARGEST_RANGE = 64  # a character class with more characters is not worth telling


def needed(expression: object) -> frozenset[str] | None:
    """Strings of which every match of the compiled `expression` contains at least one, or None when
    that cannot be told (then any text may match)."""
    if not isinstance(expression, re.Pattern) or not isinstance(expression.pattern, str) \
            or expression.flags & re.IGNORECASE:
        return None
    try:
        return _sequence(_sre_parse.parse(expression.pattern, expression.flags))
    except Exception:  # an expression Python compiled but this parse does not read: not known
        return None


def _weight(text: str) -> int:
    """How often a needed string is expected in prose: letters and spaces are, punctuation is not."""
    return 1 if len(text) > 1 or not (text.isalnum() or text.isspace()) else 100


def _sequence(items) -> frozenset[str] | None:
    """Of the items a sequence must match in turn, the needs least likely in prose (a run of literal
    characters is needed whole)."""
    candidates: list[frozenset[str]] = []
    literal = ""
    for op, value in items:
        if op is _sre.LITERAL:
            literal += chr(value)
            continue
        if literal:
            candidates.append(frozenset({literal}))
            literal = ""
        found = _item(op, value)
        if found:
            candidates.append(found)
    if literal:
        candidates.append(frozenset({literal}))
    return min(candidates, key=lambda needs: sum(map(_weight, needs)), default=None)


def _item(op, value) -> frozenset[str] | None:
    """What one item needs; None for items that may match nothing (assertions, optional repeats...)."""
    if op is _sre.SUBPATTERN:
        _, added, _, items = value
        return None if added & re.IGNORECASE else _sequence(items)
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(value)
    if op in _REPEATS:
        smallest, _, items = value
        return _sequence(items) if smallest >= 1 else None
    if op is _sre.BRANCH:
        union: set[str] = set()
        for branch in value[1]:
            found = _sequence(branch)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op is _sre.IN:
        characters: set[str] = set()
        for kind, member in value:
            if kind is _sre.LITERAL:
                characters.add(chr(member))
            elif kind is _sre.RANGE and member[1] - member[0] < _LARGEST_RANGE:
                characters.update(map(chr, range(member[0], member[1] + 1)))
            else:  # a negated class, a category (\s, \w...), a wide range
                return None
        return frozenset(characters)
    return None


class SkipsPlainText(InlineProcessor):
    """Python-Markdown's InlineProcessor, returning at once a text that no pattern left to try can match."""

    _expressions: tuple = ()
    _may_match: list[Callable[[str], object] | None] = []

    def run(self, tree, ancestors=None):
        expressions = tuple(pattern.getCompiledRegExp() for pattern in self.inlinePatterns)
        if expressions != self._expressions:  # patterns registered since the last document
            self._expressions, self._may_match = expressions, _searches([needed(found) for found in expressions])
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        may_match = self._may_match[patternIndex] if patternIndex < len(self._may_match) else None
        if may_match is not None and may_match(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def _searches(needs: list[frozenset[str] | None]) -> list[Callable[[str], object] | None]:
    """For each pattern index, a search for anything the patterns from there on need (None: one of them
    may match any text)."""
    searches: list[Callable[[str], object] | None] = []
    for start in range(len(needs)):
        rest = needs[start:]
        if any(found is None for found in rest):
            searches.append(None)
            continue
        union = sorted(set().union(*rest), key=lambda text: (-len(text), text))  # type: ignore[arg-type]
        searches.append(re.compile("|".join(map(re.escape, union))).search)
    return searches


def register(md: Markdown) -> bool:
    """Make `md`'s InlineProcessor skip plain text; False (left as it is) if it is not Python-Markdown's
    own, or that one no longer handles each text as this module knows."""
    processor = md.treeprocessors[NAME] if NAME in md.treeprocessors else None
    if type(processor) is not InlineProcessor or not callable(getattr(InlineProcessor, _HANDLE, None)):
        return False
    processor.__class__ = SkipsPlainText  # same state, same place in the registry
    return True
