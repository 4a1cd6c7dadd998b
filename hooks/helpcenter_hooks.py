"""MkDocs hook: a thin shim. The logic lives in the installable package `helpcenter`."""

from helpcenter.site.events import (  # noqa: F401
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_post_template,
    on_pre_build,
    on_serve,
    on_template_context,
)
