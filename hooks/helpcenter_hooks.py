"""MkDocs hook: a thin shim. The logic lives in the installable package `helpcenter`."""

from helpcenter.mkdocs_events import on_config, on_files, on_page_markdown  # noqa: F401
