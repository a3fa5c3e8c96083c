"""The import contracts of .importlinter hold: layers point one way (README, "Layout")."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency (pyproject.toml)"
    out = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout
    # Every contract of the file ran (a contract with a typo would not be listed).
    kept = out.stdout.count(" KEPT")
    assert kept == (ROOT / ".importlinter").read_text().count("[importlinter:contract:")


def test_a_forbidden_import_breaks_the_contracts(tmp_path: Path) -> None:
    """The contracts can fail: the ground importing a worker module is reported."""
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "test-artifacts", "dbt_project", "tests", "*.egg-info", "__pycache__"))
    (copy / "ayni" / "core" / "clock_breaker.py").write_text("import workers.queue\n")
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    out = subprocess.run([lint, "--no-cache"], cwd=copy, capture_output=True, text=True,
                         env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    assert out.returncode != 0
    assert "ayni.core.clock_breaker -> workers.queue" in out.stdout
