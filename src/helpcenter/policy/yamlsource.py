"""Read YAML safely while remembering the line of every key, so errors can point at it.

The loader is PyYAML's SafeLoader with three changes that protect writers from YAML 1.1 surprises:
- `17:00` stays the string "17:00" (YAML 1.1 reads it as the base-60 integer 1020);
- only `true`/`false` are booleans (YAML 1.1 turns `no`, `off`, `yes`, `on` into booleans);
- a key written twice in the same mapping is an error instead of silently keeping the last one;
- `2026-12-24` stays the string "2026-12-24" (YAML 1.1 makes it a date): whoever reads the file says
  what a value is (support.schema.json for support.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpcenter.errors import PolicyError


class LocatedDict(dict):
    """A mapping that knows its own line and the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list):
    """A sequence that knows its own line and the line of each of its items (1-based)."""

    line: int = 0
    item_lines: list[int]


# The C parser when PyYAML has it (several times faster); resolving and constructing stay in Python.
class _StrictSafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# Start from SafeLoader's resolvers, minus the YAML 1.1 ones that surprise people.
_StrictSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:bool",
                                                                      "tag:yaml.org,2002:int",
                                                                      "tag:yaml.org,2002:float",
                                                                      "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictSafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictSafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_StrictSafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


@dataclass(frozen=True)
class _DuplicateKey(Exception):
    key: str
    line: int
    first_line: int


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key)
        line = key_node.start_mark.line + 1
        if key in result:
            raise _DuplicateKey(key, line, result.key_lines[key])
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _StrictSafeLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_StrictSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_located_yaml(text: str, file_name: str) -> Any:
    """Parse YAML text into LocatedDict/LocatedList/scalars, or raise PolicyError naming the line."""
    try:
        return yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as duplicate:
        raise PolicyError(
            file_name, duplicate.line, duplicate.key,
            f"this key is written twice (first on line {duplicate.first_line}); keep only one",
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or "invalid YAML"
        context = error.context_mark
        if error.context and context and mark and context.line != mark.line:
            # e.g. an unclosed [ list: the problem shows up a line later than the mistake
            problem += f" ({error.context.removeprefix('while ')} that starts on line {context.line + 1})"
        raise PolicyError(
            file_name, line, "",
            f"YAML syntax error: {problem}; check the indentation and quoting around this line",
        ) from None
    except yaml.YAMLError as error:
        raise PolicyError(file_name, None, "", f"YAML syntax error: {error}") from None


def read_located_yaml(path: Path, display_name: str | None = None) -> Any:
    """Read and parse a YAML file; the error names the file as `display_name` (default: its name)."""
    name = display_name or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(name, None, "", "file not found") from None
    except UnicodeDecodeError as error:
        raise PolicyError(name, None, "", f"not valid UTF-8 text ({error.reason}); save it as UTF-8") from None
    return load_located_yaml(text, name)
