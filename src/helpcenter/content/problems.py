"""A writer's mistake found in the sources: kind, file, line and what to do, printed as `file:line: message`."""

from __future__ import annotations

from dataclasses import dataclass

# The kinds, in the order `helpcenter check` reports them.
KINDS = ("support.yml", "files", "front matter", "markers", "scripts", "links", "anchors", "images", "pages",
         "navigation", "tutorials", "translations", "catalogs")


@dataclass(frozen=True)
class Problem:
    kind: str
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"
