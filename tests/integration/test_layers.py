"""The import contract of `make lint` (pyproject's [tool.importlinter]) holds, and it would
catch an arrow that points up: a copy of the tree with one planted import breaks it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "app", "migrations", "projections", "store", "domain")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("*.pyc"))
    return tree


def test_the_layers_contract_holds_for_the_tree(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("store/people.py", "import app.access", "Layers"),
        ("projections/stages.py", "import api.deps", "Layers"),
        ("domain/values.py", "import sqlalchemy", "The domain imports no framework"),
        ("api/pages/views.py", "import api.routers.projects", "the JSON routers and the pages"),
        ("api/deps.py", "import api.main", "the shared pieces import neither"),
    ],
)
def test_an_import_against_the_layer_order_breaks_the_contract(
    tmp_path: Path, module: str, planted: str, contract: str
) -> None:
    tree = _copy(tmp_path)
    target = tree / module
    target.write_text(target.read_text() + f"\n{planted}  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken), result.stdout
