"""The one place that touches private attributes or behaviour of mkdocs-static-i18n, Material and MkDocs.

Every function of this package relies on something upstream does not promise. Each names the version it was
checked against (CHECKED_AGAINST); tests/site/test_bridge.py fails loudly, naming the function,
when an upgrade changes one of them. Public APIs (config options, event names, `File.generated`,
`get_relative_url`, ...) are used directly elsewhere in helpcenter.site.

Template-level dependencies (overrides/), covered by tests/site/test_bridge.py and the build tests:
- overrides/partials/alternate.html replaces Material's `partials/alternate.html` (the language
  switcher), iterating `config.extra.alternate` as mkdocs-static-i18n's `reconfigure_material` fills it,
  and reads `i18n_page_locale`, set by mkdocs-static-i18n's on_page_context.
- overrides/sitemap.xml reads `i18n_alternates` (mkdocs-static-i18n's on_template_context) and each
  file's `locale` and `alternates` (see `file_locale`, `file_alternates`).
- overrides/main.html wraps Material's `{% block content %}` (what Pagefind indexes) and, in
  `{% block scripts %}`, hides the `<link rel="alternate" hreflang>` links from Material 9.8.2's
  bundle while it starts: on DOMContentLoaded it fetches `sitemap.xml` next to each of them.
"""

from __future__ import annotations

from helpcenter.site.bridge.i18n import (  # noqa: F401 - the bridge's interface
    i18n_plugin, current_language, default_language, building_other_languages, name_languages, file_locale,
    file_alternates, language_from_log_line, i18n_languages, build_only, reset_language_links,
)
from helpcenter.site.bridge.i18n_files import i18n_files, use_cheaper_file_setup  # noqa: F401 - the bridge's interface
from helpcenter.site.bridge.material import (  # noqa: F401 - the bridge's interface
    rewrite_head_links, NAV_CALLS, TRANSLATION_MACRO, theme_loader,
)
from helpcenter.site.bridge.mkdocs_setup import (  # noqa: F401 - the bridge's interface
    live_preview, raw_config, parse_config_once, url_parts, page_base_parts,
)
from helpcenter.site.bridge.theme_files import keep_theme_listing  # noqa: F401 - the bridge's interface
from helpcenter.site.bridge.conversion import (  # noqa: F401 - the bridge's interface
    RESETTABLE_EXTENSIONS, _ReusedConverters, reuse_markdown_converters, _may_hold_anchor_attribute,
    skip_html_scan_without_anchors,
)
from helpcenter.site.bridge.pages import (  # noqa: F401 - the bridge's interface
    rendered, restore_rendered, replace_render, pages_written_only, BuildState, keep_build_state,
    convert_page, write_page, page_state, restore_page_state, PAGE_EVENTS, page_events_known, pages_converted_only,
)

CHECKED_AGAINST = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2", "mkdocs-static-i18n": "1.3.1",
                   "markdown": "3.11.3", "pymdown-extensions": "13.1.2"}
