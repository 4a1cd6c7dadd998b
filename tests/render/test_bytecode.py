"""Compiled templates kept on disk are reused only by environments that compile them the same way."""

from __future__ import annotations

import jinja2

from helpcenter.render.bytecode import CompiledTemplates


def environment(folder, templates: CompiledTemplates, **settings) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=templates, **settings)


def compiled_by(env: jinja2.Environment, name: str) -> int:
    """How many times `env` compiled while loading `name`."""
    count = 0
    compile_source = env.compile

    def counting(*args, **kwargs):
        nonlocal count
        count += 1
        return compile_source(*args, **kwargs)

    env.compile = counting
    env.get_template(name)
    return count


def test_a_template_compiles_once_for_every_process_and_settings_keep_apart(tmp_path):
    (tmp_path / "page.html").write_text("{{ value }}", encoding="utf-8")
    kept = tmp_path / "kept"
    first = CompiledTemplates()
    first.keep_in(kept)
    assert compiled_by(environment(tmp_path, first), "page.html") == 1

    later = CompiledTemplates()  # another process: nothing in memory
    later.keep_in(kept)
    plain = environment(tmp_path, later)
    assert compiled_by(plain, "page.html") == 0
    assert plain.get_template("page.html").render(value="<b>") == "<b>"
    # The same file, compiled with escaping by another environment, is not taken from the plain one.
    escaping = environment(tmp_path, later, autoescape=True)
    assert compiled_by(escaping, "page.html") == 1
    assert escaping.get_template("page.html").render(value="<b>") == "&lt;b&gt;"

    # An edited template, or an entry that does not read back, compiles again.
    (tmp_path / "page.html").write_text("[{{ value }}]", encoding="utf-8")
    fresh = CompiledTemplates()
    fresh.keep_in(kept)
    assert environment(tmp_path, fresh).get_template("page.html").render(value="x") == "[x]"
    for entry in kept.rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:20])
    broken = CompiledTemplates()
    broken.keep_in(kept)
    env = environment(tmp_path, broken)
    assert compiled_by(env, "page.html") == 1
    assert env.get_template("page.html").render(value="x") == "[x]"
