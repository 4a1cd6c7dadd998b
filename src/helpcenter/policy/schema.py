"""support.schema.json: the shape of support.yml, checked once per load, each mistake told as one line.

The JSON Schema (draft 2020-12, at the root of the project, published for writers' editors) declares
the keys, the types and the allowed values; it is also the one list of the file's fixed vocabulary
(window ids, week days, ticket fields, placeholders). Values with their own grammar (durations, times
of day, dates, sizes) are checked by the parsers of `helpcenter.policy.values`, registered here as formats,
so the editor and the build agree on what the key holds and the build keeps one grammar. The loader
checks what a schema cannot say (cross-references, translations per language).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any, Callable, Iterable

from helpcenter.errors import PolicyError
from helpcenter.policy.values import parse_date, parse_duration, parse_size, parse_time_of_day



def _inline_references(schema: dict) -> dict:
    """Replace each `{"$ref": "#/$defs/name"}` by the `$defs` entry itself (the same object), dropping the
    reference's own description: validation then never resolves a reference (several times faster), and
    `error.schema is DEFS[name]` tells which definition a value broke."""
    defs = schema["$defs"]

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return defs[node["$ref"].removeprefix("#/$defs/")]
            for key, value in node.items():
                node[key] = inline(value)
        elif isinstance(node, list):
            node[:] = [inline(value) for value in node]
        return node

    for value in defs.values():
        inline(value)
    return inline(schema)


SCHEMA: dict = _inline_references(
    json.loads(files("helpcenter.policy").joinpath("support.schema.json").read_text(encoding="utf-8")))
DEFS: dict = SCHEMA["$defs"]

# Formats of the schema -> the parser that checks and converts such a value (raises ValueError).
FORMATS: dict[str, Callable[[Any], Any]] = {
    "helpcenter-duration": parse_duration,
    "helpcenter-time-of-day": parse_time_of_day,
    "helpcenter-date": parse_date,
    "helpcenter-size": parse_size,
}


def vocabulary(name: str) -> tuple[str, ...]:
    """The allowed values of the schema's `$defs/<name>` enumeration, in order."""
    return tuple(DEFS[name]["enum"])


@cache
def _validator():
    # Imported and compiled on first use, once per process.
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    for name, parse in FORMATS.items():
        checker.checks(name, raises=ValueError)(lambda value, parse=parse: parse(value) is not None)
    return Draft202012Validator(SCHEMA, format_checker=checker)


def check_shape(root: Any, file: str, languages: Iterable[str] = ()) -> None:
    """Raise a PolicyError for the first mistake (in file order) the schema finds in the YAML tree
    `root` (LocatedDict/LocatedList from `helpcenter.policy.yamlsource`)."""
    errors = list(_validator().iter_errors(root))
    if errors:
        where = [(_locate(root, error), error) for error in errors]
        # The first line wins; on one line, a parser's message (format) says more than "expected a text".
        (key, line, value), error = min(where, key=lambda pair: (pair[0][1], pair[1].validator != "format"))
        raise PolicyError(file, line, key, _problem(error, value, tuple(languages)))


def _locate(root: Any, error) -> tuple[str, int, Any]:
    """Dotted key, line and the value the error is about (the key itself when a key name is wrong)."""
    node, key, line = root, "", getattr(root, "line", 1) or 1
    for part in error.absolute_path:
        if isinstance(part, int):
            key, line = f"{key}[{part}]", node.item_lines[part]
        else:
            key, line = join_key(key, part), node.key_lines[part]
        node = node[part]
    if "propertyNames" in error.schema_path:  # the error is about a key of `node`
        name = error.instance
        return join_key(key, name), node.key_lines[name], name
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in node)
        return join_key(key, missing), node.line, None
    if error.validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = next(name for name in node if name not in allowed)
        return join_key(key, extra), node.key_lines[extra], extra
    if error.validator == "uniqueItems":
        index = next(index for index, item in enumerate(node) if item in node[:index])
        return f"{key}[{index}]", node.item_lines[index], node[index]
    return key, line, node


def _problem(error, value: Any, languages: tuple[str, ...]) -> str:
    """What is wrong and what to do, in the words of the rest of the loader's messages."""
    schema = error.schema
    if error.validator == "required":
        problem = "missing; add this key"
    elif error.validator == "additionalProperties":
        problem = f"unknown key; expected one of: {', '.join(schema['properties'])} (check the spelling)"
    elif "propertyNames" in error.schema_path and "enum" in schema:
        problem = f"unknown key; expected one of: {', '.join(schema['enum'])} (check the spelling)"
    elif error.validator == "uniqueItems":
        problem = f"{_show(value)} is listed twice"
    elif error.validator == "format":
        problem = str(error.cause)
    elif error.validator in ("enum", "anyOf"):
        allowed = [name for option in schema.get("anyOf", [schema]) for name in option["enum"]]
        problem = f"{_show(value)} is {schema.get('errorMessage', 'not allowed')}; use {', '.join(allowed)}"
    elif "errorMessage" in schema:
        problem = f"{_show(value)} is {schema['errorMessage']}"
    elif error.validator == "pattern" and "patternErrorMessage" in schema:
        problem = f"{_show(value)} is {schema['patternErrorMessage']}"
    elif schema is DEFS["text"]:
        got = "a single text" if isinstance(value, str) else _describe(value)
        problem = f"expected one translation per language ({', '.join(languages)}), got {got}"
    else:
        problem = f"expected {_expected(schema)}, got {_describe(value)}"
    return problem


def _expected(schema: dict) -> str:
    kind = schema.get("type")
    if kind == "integer":
        return f"a whole number of at least {schema.get('minimum', 0)}"
    if kind == "number":
        return "a number"
    if kind == "string":
        return "a non-empty text"
    if kind == "array":
        return "a non-empty list" if schema.get("minItems") else "a list"
    if kind == "object":
        return "a mapping of keys" if "properties" in schema else "a non-empty mapping"
    return "another value"


def join_key(parent: str, child: str) -> str:
    """The dotted key of `child` under `parent` ("" at the top)."""
    return f"{parent}.{child}" if parent else child


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return repr(value)
