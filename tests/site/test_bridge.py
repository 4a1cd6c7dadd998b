"""helpcenter.site.bridge: each private behaviour of MkDocs, Material and mkdocs-static-i18n it relies on
is still there in the installed versions (a failure names the bridge function to revisit), and the
Material markup rewriting keeps its promises."""

from __future__ import annotations

import inspect
import logging
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, url_prefix
from helpcenter.site import bridge
from helpcenter.site.config import load_mkdocs_config, load_project, preview_overrides
from helpcenter.site.events import prepare_theme_environment

HEAD = """<head>
      <link rel="canonical" href="https://h/it/page/">
      <link rel="alternate" href="../../page/" hreflang="fr">
      <link rel="alternate" href="./" hreflang="it">
      <link rel="icon" href="x">
</head>
<a href="./" hreflang="it" lang="it" class="md-select__link">Italiano</a>
<a href="../../page/" hreflang="fr" lang="fr" class="md-select__link">Français</a>"""


def test_only_real_translations_with_absolute_urls_and_x_default():
    html = bridge.rewrite_head_links(HEAD, {"fr": "https://h/page/", "en": "https://h/en/page/"}, "fr")
    assert 'hreflang="it"' not in html
    assert '<link rel="alternate" href="https://h/page/" hreflang="fr">' in html
    assert '<link rel="alternate" href="https://h/en/page/" hreflang="en">' in html
    assert '<link rel="alternate" href="https://h/page/" hreflang="x-default">' in html
    assert '<link rel="icon" href="x">' in html
    assert '<a href="./" lang="it" class="md-select__link">Italiano</a>' in html, "switcher still offers it, unclaimed"
    assert '<a href="../../page/" hreflang="fr" lang="fr" class="md-select__link">' in html


def test_fallback_page_points_its_canonical_at_the_original():
    html = bridge.rewrite_head_links(HEAD, {"fr": "https://h/page/"}, "fr", canonical="https://h/page/")
    assert '<link rel="canonical" href="https://h/page/">' in html


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    """The small fixture project's mkdocs.yml, loaded by MkDocs (no build)."""
    return load_mkdocs_config(copy_project(tmp_path_factory.mktemp("bridge")) / "mkdocs.yml")


# --- mkdocs-static-i18n ------------------------------------------------------------------------------

def test_i18n_plugin_exposes_current_and_default_language_and_the_building_flag(config):
    plugin = bridge.i18n_plugin(config)
    assert plugin.current_language is None, "bridge.current_language: `current_language` starts as None"
    assert bridge.current_language(config) == bridge.default_language(config) == "fr"
    assert bridge.building_other_languages(config) is False, "bridge.building_other_languages: `building`"
    source = inspect.getsource(type(plugin).on_post_build)
    assert "self.building = True" in source and "build(config" in source, (
        "bridge.building_other_languages: mkdocs-static-i18n no longer rebuilds each language from "
        "on_post_build on the same config")


def test_i18n_plugin_logs_the_language_each_build_starts(config, caplog):
    plugin = bridge.i18n_plugin(config)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.mkdocs_static_i18n"):
        plugin.on_config(config)
    languages = [bridge.language_from_log_line(record.getMessage()) for record in caplog.records]
    assert "fr" in languages, f"bridge.language_from_log_line: no 'Building ...' line in {caplog.messages}"


def test_switcher_names_are_the_validated_language_entries(config):
    bridge.name_languages(config, str.upper)
    assert [language.name for language in bridge.i18n_plugin(config).config.languages] == [
        "FR", "EN", "ES", "DE", "IT", "PT"]


def test_i18n_files_carry_their_locale_and_alternates(config, tmp_path):
    from mkdocs.structure.files import File
    from mkdocs_static_i18n.folder import create_i18n_file

    languages = ["fr", "de"]
    german = create_i18n_file(File("de/index.md", config.docs_dir, str(tmp_path), True), "de", "fr", languages, config)
    fallback = create_i18n_file(File("fr/index.md", config.docs_dir, str(tmp_path), True), "de", "fr", languages, config)
    assert bridge.file_locale(german) == "de", "bridge.file_locale: File.locale"
    assert bridge.file_locale(fallback) == "fr", "bridge.file_locale: a fallback keeps its own locale"
    assert isinstance(bridge.file_alternates(german), dict), "bridge.file_alternates: File.alternates"


# --- Material ----------------------------------------------------------------------------------------

def test_material_templates_we_override_or_patch_are_still_there():
    import material

    folder = Path(material.__file__).parent / "templates"
    assert (folder / "partials" / "alternate.html").exists(), "overrides/partials/alternate.html overrides nothing"
    base = (folder / "base.html").read_text(encoding="utf-8")
    assert "{% block scripts %}" in base and "{% block content %}" in base, "overrides/main.html: its blocks"
    assert '<link rel="alternate" href="{{ alt.link | url }}" hreflang=' in base, (
        "bridge.rewrite_head_links: Material's hreflang markup changed")
    (bundle,) = (folder / "assets" / "javascripts").glob("bundle.*.min.js")
    source = bundle.read_text(encoding="utf-8")
    assert "sitemap.xml" in source, (
        "overrides/helpcenter/after-paint.html hides hreflang links from a sitemap.xml fetch Material's bundle "
        "no longer makes")
    assert 'h(document,"DOMContentLoaded",{once:!0})' in source, (
        "overrides/helpcenter/after-paint.html starts Material's bundle with a DOMContentLoaded event: the "
        "bundle no longer starts on it")
    assert '{{ script | script_tag }}' in base and "<script src=\"{{ 'assets/javascripts/bundle." in base, (
        "overrides/main.html turns Material's <script src=...> tags into after-paint placeholders")


def test_materials_bundle_finds_the_classes_of_html_already_set_by_the_head():
    """overrides/helpcenter/head.html gives <html> the classes Material's bundle would set as it starts (a
    class change on <html> restyles every element of the page, in the bundle's start-up task)."""
    import material

    (bundle,) = (Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js")
    changes = re.findall(r'document\.documentElement\.classList\.(add|remove)\("([^"]+)"\)',
                         bundle.read_text(encoding="utf-8"))
    added = {name for change, name in changes if change == "add"}
    removed = {name for change, name in changes if change == "remove"}
    head = (ROOT / "overrides" / "helpcenter" / "head.html").read_text(encoding="utf-8")
    (preset,) = re.findall(r'document\.documentElement\.className = "([^"]+)"', head)
    assert set(preset.split()) == added and removed == {"no-js"}, (
        f"head.html sets <html class=\"{preset}\">, Material's bundle adds {sorted(added)}, removes {sorted(removed)}")


def test_built_pages_carry_the_markup_the_bridge_and_templates_rely_on(built_site):
    html = (built_site / url_prefix("de") / "support" / "policy" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" href="https://help.meteorage.com/support/policy/" hreflang="x-default">' in html
    assert 'class="md-select__link hc-current-language"' in html, "alternate.html override applied"
    assert 'link.rel = "hc-alternate"' in html, "after-paint.html: hreflang links hidden from Material's bundle"
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="de" href="https://help.meteorage.com/de/support/policy/"' in sitemap, "i18n_alternates"


# --- MkDocs ------------------------------------------------------------------------------------------

def test_mkdocs_serve_takes_its_server_and_config_loader_from_module_attributes(tmp_path):
    from mkdocs import livereload
    from mkdocs.commands import serve as mkdocs_serve

    assert "polling_interval" in inspect.signature(livereload.LiveReloadServer).parameters
    source = inspect.getsource(mkdocs_serve.serve)
    assert "server = LiveReloadServer(" in source and "config = load_config(" in source, (
        "bridge.live_preview: mkdocs serve no longer reads LiveReloadServer and load_config from its module")
    project = copy_project(tmp_path)
    with bridge.live_preview(livereload.LiveReloadServer, preview_overrides(project / "mkdocs.yml", "de")):
        for _ in range(2):  # the first build, then a rebuild
            loaded = mkdocs_serve.load_config(config_file=str(project / "mkdocs.yml"))
            assert [language.locale for language in bridge.i18n_plugin(loaded).config.languages
                    if language.build] == ["fr", "de"]
    assert mkdocs_serve.load_config.__module__ == "mkdocs.config.base", "restored afterwards"


EMOJI = """
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def test_mkdocs_yml_with_python_name_tags_loads_and_previews(tmp_path):
    project = copy_project(tmp_path)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as stream:
        stream.write(EMOJI)
    loaded = load_project(project / "mkdocs.yml")
    assert (loaded.default_language, loaded.languages) == ("fr", ("fr", "en", "es", "de", "it", "pt"))
    overrides = preview_overrides(project / "mkdocs.yml", "de")
    previewed = load_mkdocs_config(project / "mkdocs.yml", **overrides)
    assert [language.locale for language in bridge.i18n_plugin(previewed).config.languages if language.build] == [
        "fr", "de"]


def test_mkdocs_yml_is_parsed_once_per_text_and_a_yaml_mistake_still_names_the_file(tmp_path, monkeypatch):
    import yaml
    from mkdocs.config.defaults import MkDocsConfig
    from helpcenter.errors import PolicyError

    monkeypatch.setattr(MkDocsConfig, "load_file", MkDocsConfig.load_file)  # as it was, after this test
    monkeypatch.setattr(bridge.mkdocs_setup, "_kept_config", None)
    bridge.parse_config_once(tmp_path / "kept.json")
    project = copy_project(tmp_path)
    broken = tmp_path / "broken.yml"
    broken.write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "\nnav: [\n", encoding="utf-8")
    with pytest.raises(PolicyError, match='broken.yml", line'):
        load_mkdocs_config(broken)
    first = load_mkdocs_config(project / "mkdocs.yml")
    parse = yaml.load

    def load(stream, *arguments, **options):  # the theme's own YAML is read at each load
        assert isinstance(stream, str) or not getattr(stream, "name", "").endswith("mkdocs.yml"), "parsed again"
        assert not isinstance(stream, bytes), "parsed again"
        return parse(stream, *arguments, **options)

    monkeypatch.setattr(yaml, "load", load)
    again = load_mkdocs_config(project / "mkdocs.yml", site_dir=str(tmp_path / "elsewhere"))
    assert again.site_dir == str(tmp_path / "elsewhere") and again.docs_dir == first.docs_dir
    assert [language.locale for language in bridge.i18n_plugin(again).config.languages] == [
        language.locale for language in bridge.i18n_plugin(first).config.languages]
    monkeypatch.setattr(bridge.mkdocs_setup, "_parsed_configs", {})  # a new process: from the file kept
    assert load_mkdocs_config(project / "mkdocs.yml").nav == first.nav
    (tmp_path / "kept.json").write_text("{", encoding="utf-8")  # corrupt: parsed again
    monkeypatch.setattr(bridge.mkdocs_setup, "_parsed_configs", {})
    with pytest.raises(AssertionError, match="parsed again"):
        load_mkdocs_config(project / "mkdocs.yml")


# --- MkDocs internals of the build cache and the live preview -----------------------------------------

def test_mkdocs_still_builds_single_pages_the_way_the_cache_and_the_preview_reuse(config):
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.pages import Page

    populate = inspect.signature(mkdocs_build._populate_page)
    assert list(populate.parameters)[:3] == ["page", "config", "files"], "bridge.convert_page: _populate_page"
    build_page = inspect.signature(mkdocs_build._build_page)
    assert list(build_page.parameters)[:5] == ["page", "config", "doc_files", "nav", "env"], \
        "bridge.write_page, bridge.pages_written_only: _build_page"
    building = inspect.getsource(mkdocs_build.build)
    assert building.index("_populate_page(") < building.index("on_env(") < building.index("copy_static_files("), \
        "bridge.pages_converted_only: build() no longer converts every page before any output"
    for output in ("copy_static_files(", "_build_theme_template(", "_build_extra_template("):
        assert output in building and building.index(output) < building.index("_build_page("), \
            f"bridge.pages_written_only: build() no longer writes {output[:-1]} before the pages"
    render = inspect.getsource(Page.render)
    for attribute in ("_title_from_render", "present_anchor_ids", "links_to_anchors", "self.toc", "self.content"):
        assert attribute in render, f"bridge.rendered/restore_rendered: Page.render no longer sets {attribute}"
    assert callable(getattr(config.plugins, "_register_event", None)), "bridge.keep_build_state: _register_event"
    populating = inspect.getsource(mkdocs_build._populate_page)
    assert all(f"on_{event}" in populating or f"on_{event}" in inspect.getsource(Page.read_source)
               for event in bridge.PAGE_EVENTS), "bridge.PAGE_EVENTS: _populate_page runs other page events"
    assert bridge.page_events_known(config), "bridge.page_events_known: a page event of the i18n plugin or hooks moved"


def test_a_kept_page_state_restores_the_table_of_contents_mkdocs_would_make():
    """bridge.restore_page_state makes a page's table of contents only when it is read: then the one
    MkDocs' get_toc makes of the kept tokens; page_state gives the same tokens back either way."""
    from types import SimpleNamespace

    from mkdocs.structure.files import Files
    from mkdocs.structure.toc import get_toc

    leaf = {"name": "Étape 2", "id": "etape-2", "level": 3, "children": []}
    tokens = [{"name": "Étape 1", "id": "etape-1", "level": 2, "children": [leaf]},
              {"name": "Fin", "id": "fin", "level": 2, "children": []}]
    state = {"title": "Titre", "meta": {"title": "Titre"}, "toc": tokens, "anchors": ["etape-1", "etape-2", "fin"],
             "links_to_anchors": {}}
    page = SimpleNamespace()
    assert bridge.restore_page_state(page, state, Files([]))
    assert bridge.page_state(page) == state
    made = get_toc(tokens)

    def shown(toc) -> list:
        return [(item.title, item.id, item.level, shown(item.children)) for item in toc]

    assert shown(page.toc) == shown(made) and len(page.toc) == len(made) and str(page.toc) == str(made)
    assert bridge.page_state(page) == state


def test_materials_navigation_still_renders_each_entry_through_the_calls_the_nav_cache_takes_over(config):
    env = config.theme.get_env()
    for name, (call, _) in bridge.NAV_CALLS.items():
        source, _, _ = env.loader.get_source(env, name)
        assert source.count(call) == 1, f"bridge.NAV_CALLS: Material's {name} no longer holds {call} once"


def test_materials_texts_come_from_the_macro_theme_text_keeps_and_are_what_it_gives(config):
    name, macro, _ = bridge.TRANSLATION_MACRO
    plain = config.theme.get_env()
    source, _, _ = plain.loader.get_source(plain, name)
    assert source.count(macro) == 1, f"bridge.TRANSLATION_MACRO: Material's {name} no longer defines {macro}"
    kept = config.theme.get_env()
    prepare_theme_environment(kept)
    page = '{% import "partials/language.html" as lang with context %}' + "|".join(
        f"{{{{ lang.t('{key}') }}}}" for key in ("search", "search.placeholder", "clipboard.copy", "no.such.key"))
    for language in ("de", "fr", "de"):  # the second German page is answered from what the first one asked
        theme = {"config": {"theme": {"language": language}}}
        assert kept.from_string(page).render(theme) == plain.from_string(page).render(theme)
    assert len(kept.globals["hc_translation"]._known) == 8


def test_i18n_plugin_starts_from_the_language_it_is_told_and_can_skip_the_others(config):
    plugin = bridge.i18n_plugin(config)
    source = inspect.getsource(type(plugin))
    assert "self.current_language" in source and "self.building" in source, (
        "bridge.build_only: mkdocs-static-i18n no longer keys its language pass on current_language/building")
    default, languages = bridge.i18n_languages(config)
    assert default == "fr" and languages[0] == "fr" and set(languages) >= {"fr", "en", "de"}


def _i18n_setup(config_file: Path, language: str, cheaper: bool) -> list:
    """Every file the i18n plugin keeps for `language`, in order, each with all its attributes and its
    alternates' (the plugin's own set-up, or the bridge's cheaper one)."""
    from mkdocs.structure.files import File, get_files

    config = load_mkdocs_config(config_file)
    bridge.build_only(config, language)
    plugin = bridge.i18n_plugin(config)
    plugin.on_config(config)
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    if cheaper:
        made = bridge.i18n_files(plugin, files, config)
        assert made is not None, "bridge.i18n_files left this site to the plugin"
    else:
        made = type(plugin).reconfigure_files(plugin, files, config)

    def attributes(file: File) -> dict:
        return {name: ("itself" if value is file else value) for name, value in vars(file).items()
                if name != "alternates"}

    # What the navigation and the links find (I18nFiles.get_file_from_path) for each of these paths.
    norms = sorted({getattr(file, "norm_src_uri", file.src_uri) for file in made})
    looked_up = [*ODD_PATHS, *norms, *(f"{code}/{norm}" for code in ("fr", "de", "en", "xx") for norm in norms)]
    asked = [(path, None if found is None else attributes(found))
             for path in looked_up for found in [made.get_file_from_path(path)]]
    return asked + [(type(made).__name__, attributes(file),
                     [(code, attributes(other), list(other.alternates) if hasattr(other, "alternates") else None)
                      for code, other in getattr(file, "alternates", {}).items()])
                    for file in made]


ODD_PATHS = ["index.md", "guide", "de", "fr", ".", "", "./index.md", "faq//index.md", "faq/index.md/",
             "/faq/index.md", "missing.md", "de/missing.md", "../index.md", "faq/../index.md"]


def test_the_cheaper_i18n_file_set_up_keeps_the_plugins_files_and_alternates(tmp_path):
    from mkdocs_static_i18n import folder, plugin as i18n_module

    source = inspect.getsource(i18n_module.I18n.__mro__[1].reconfigure_files)
    assert "create_i18n_file = folder.create_i18n_file" in source and "self.reconfigure_files_alternates(" in source, (
        "bridge.i18n_files: mkdocs-static-i18n's reconfigure_files changed; compare it with bridge.i18n_files")
    assert "maybe_file_locale = PurePath(file.src_path).parts[0]" in inspect.getsource(folder.create_i18n_file), (
        "bridge.i18n_files: create_i18n_file no longer takes a file's locale from its first folder")
    project = copy_project(tmp_path)
    docs = project / "docs"
    pages = {"fr/only-in-french.md": "# Seulement en français\n",  # a fallback in every other language
             "de/nur-deutsch.md": "# Nur auf Deutsch\n",  # in no other language
             "en/guide/README.md": "# Guide\n", "fr/guide/README.md": "# Guide\n",
             "xx/unknown-locale.md": "# ?\n", "top-level.md": "# Top\n"}
    for page, text in pages.items():
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(text, encoding="utf-8")
    for asset in ("fr/schema.svg", "de/schema.svg", "fr/only-fr.svg", "logo-at-root.svg"):
        (docs / asset).write_text("<svg/>", encoding="utf-8")
    for language in ("fr", "de", "en"):
        expected = _i18n_setup(project / "mkdocs.yml", language, cheaper=False)
        assert _i18n_setup(project / "mkdocs.yml", language, cheaper=True) == expected, language


def test_the_theme_files_are_listed_from_a_record_only_while_no_theme_folder_changed(tmp_path, monkeypatch):
    """bridge.keep_theme_listing: the files MkDocs adds from the theme are those it lists itself; a file
    added to a theme folder, or a record that does not read back, lists them again."""
    import os
    import time

    import jinja2
    from mkdocs.structure.files import Files

    copy_project(tmp_path)
    config = load_mkdocs_config(tmp_path / "mkdocs.yml")

    def theme_files() -> list[str]:
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted(file.src_uri for file in files)

    expected = theme_files()
    record = tmp_path / ".cache" / "theme-files.json"
    bridge.keep_theme_listing(config, record)
    old = time.time() - 60  # the folders' times are then old enough to tell a change
    for folder, _, _ in os.walk(tmp_path / "overrides"):
        os.utime(folder, (old, old))
    assert theme_files() == expected and record.is_file()
    with monkeypatch.context() as patched:
        patched.setattr(jinja2.Environment, "list_templates", lambda *arguments, **options: pytest.fail("listed again"))
        assert theme_files() == expected
    (tmp_path / "overrides" / "assets" / "extra.svg").write_text("<svg/>", encoding="utf-8")
    assert theme_files() == sorted([*expected, "assets/extra.svg"])
    record.write_text(record.read_text(encoding="utf-8")[:40], encoding="utf-8")
    assert theme_files() == sorted([*expected, "assets/extra.svg"])
    bridge.keep_theme_listing(config, None)  # as MkDocs does
    assert theme_files() == sorted([*expected, "assets/extra.svg"])
