"""Errors meant for people: each names the file, the line and the key to change."""

from __future__ import annotations


class PolicyError(Exception):
    """A mistake in a source file (support.yml, a Markdown page, mkdocs.yml) that stops the build."""

    def __init__(self, file: str, line: int | None, key: str, problem: str) -> None:
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.problem}" if self.key else f"{where}: {self.problem}"
