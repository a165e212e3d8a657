"""The architecture as a rule: the import-linter contracts of pyproject.toml hold.

Imports run one way (readers -> Dataset -> analyses -> plots -> report/CLI), the synthetic
writers import no reader, measure or analysis, and no part imports itself in a circle.
``lint-imports`` checks it; the second test shows it fails when someone breaks a layer.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _lint_imports() -> str:
    """The ``lint-imports`` command of this interpreter's environment."""
    if importlib.util.find_spec("importlinter") is None:
        if os.environ.get("CI"):
            pytest.fail("CI: import-linter is not installed (it is in the 'test' extra)")
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    beside = Path(sys.executable).with_name("lint-imports")
    found = str(beside) if beside.is_file() else shutil.which("lint-imports")
    if found is None:
        pytest.fail("import-linter is importable but its lint-imports command is not found")
    return found


def _run(cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(src), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run(
        [_lint_imports(), str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )


def test_the_import_contracts_hold():
    result = _run(ROOT, SRC)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("dataset.py", "import groepsinzicht.plot", "Layers"),
        ("synth/_rules.py", "import groepsinzicht.io._json", "independent oracle"),
        ("reach/_model.py", "import groepsinzicht.reach._core", "No import cycles"),
    ],
    ids=["core-imports-plot", "synth-imports-a-reader", "cycle-in-reach"],
)
def test_an_import_against_the_layers_is_reported(tmp_path, module, line, contract):
    copy = tmp_path / "src" / "groepsinzicht"
    shutil.copytree(SRC / "groepsinzicht", copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = copy / module
    text = target.read_text(encoding="utf-8")
    anchor = "from __future__ import annotations\n"
    assert anchor in text
    target.write_text(text.replace(anchor, anchor + line + "\n", 1), encoding="utf-8")
    result = _run(tmp_path, tmp_path / "src")
    assert result.returncode != 0, result.stdout
    broken = [ln for ln in result.stdout.splitlines() if ln.rstrip().endswith("BROKEN")]
    assert broken, result.stdout
    assert contract in result.stdout.split("BROKEN")[0], result.stdout
