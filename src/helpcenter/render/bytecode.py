"""Compiled Jinja templates kept for the process and, once given a folder, between builds (in `.cache/`).

MkDocs makes a new theme environment for every build, and mkdocs-static-i18n builds once per language:
kept in memory, a template compiles once per process. Every `helpcenter build` starts new processes,
which compiled Material's templates again (about forty per language build); kept on disk, they compile
once per version of the templates.

Jinja keys compiled code on a template's name and file only, and checks its source's checksum. What else
the code depends on (Jinja's and Python's versions, the environment's syntax, autoescaping, finalize,
extensions and their settings, which filters and tests exist and what they are passed, the compiler's
policies) is part of the key here, so environments that compile differently never share an entry. An
entry that does not read back whole is ignored and compiled again.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from helpcenter.render.cache import digest


class CompiledTemplates(jinja2.BytecodeCache):
    """A bytecode cache in memory, and in `folder` once `keep_in(folder)` was called."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self.folder: Path | None = None

    def keep_in(self, folder: Path | None) -> None:
        """Read and write compiled templates in `folder` too (None: in memory only)."""
        self.folder = folder

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        bucket = Bucket(environment, digest(compile_settings(environment, name), name, filename),
                        self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])
            return
        if self.folder is None:
            return
        try:
            data = (self.folder / bucket.key[:2] / bucket.key).read_bytes()
            bucket.load_bytecode(io.BytesIO(data))  # resets the bucket on another Jinja or source
        except Exception:  # missing, or not what Jinja wrote (unpickling and unmarshalling raise many kinds)
            bucket.reset()
            return
        if bucket.code is not None:
            self._compiled[bucket.key] = data

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self._compiled[bucket.key] = data
        if self.folder is None:
            return
        path = self.folder / bucket.key[:2] / bucket.key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except OSError:  # only the next process compiles again
            pass

    def clear(self) -> None:
        self._compiled.clear()


# One per process for the theme's environments and one for the markers' (helpcenter.render.templates).
THEME = CompiledTemplates()
MARKERS = CompiledTemplates()


def keep_compiled_in(folder: Path | None) -> None:
    """Keep both caches' templates in `folder` too (None: in memory only)."""
    THEME.keep_in(folder)
    MARKERS.keep_in(folder)


def compile_settings(env: jinja2.Environment, name: str) -> list:
    """What the code Jinja compiles for template `name` depends on, besides its name, file and source."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    return [
        jinja2.__version__, sys.version,
        [env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
         env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
         env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline],
        env.optimized, env.is_async, bool(autoescape), _name(env.finalize), _name(env.code_generator_class),
        getattr(env, "newstyle_gettext", None),  # read by the i18n extension as it parses
        sorted(_name(type(extension)) for extension in env.extensions.values()),
        sorted((key, str(value)) for key, value in env.policies.items() if key.startswith("compiler.")),
        # The compiler checks that a filter or test exists, and calls it with what it asks to be passed.
        sorted((key, str(getattr(value, "jinja_pass_arg", None))) for key, value in env.filters.items()),
        sorted((key, str(getattr(value, "jinja_pass_arg", None))) for key, value in env.tests.items()),
    ]


def _name(value: object) -> str | None:
    if value is None:
        return None
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
