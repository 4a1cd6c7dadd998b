"""The package's shape: layers import only downward, and MkDocs stays in the site adapter.

The contracts live in pyproject.toml ([tool.importlinter]); import-linter checks them on the real import graph."""

import subprocess
import sys
import textwrap

from conftest import ROOT


def lint_imports(root):
    return subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
                          cwd=root, capture_output=True, text=True)


def test_the_layering_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_fail_when_the_policy_core_imports_the_site_adapter(tmp_path):
    # A copy of the package where the policy core reaches up: the contracts must catch it.
    import shutil
    shutil.copytree(ROOT / "src", tmp_path / "src")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "src" / "helpcenter" / "policy" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + textwrap.dedent("""
        import mkdocs  # noqa
        from helpcenter.site import events  # noqa
        """), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'src'); "
                             "from importlinter.cli import lint_imports_command; lint_imports_command()"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    assert "helpcenter.policy.model -> helpcenter.site.events" in result.stdout
    assert "helpcenter.policy.model -> mkdocs" in result.stdout
