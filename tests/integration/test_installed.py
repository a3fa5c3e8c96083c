"""AYNI installed as a package (not editable), run from a folder that is not the checkout:
the dbt project, migrations, the app script and its pages are found as package data."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new virtualenv holding AYNI's wheel. Its dependencies are this interpreter's (a
    .pth file points at them): the test is about AYNI's own files, not the download."""
    where = tmp_path_factory.mktemp("installed")
    # Built from a copy: a build in the checkout would leave build/ there, whose stale
    # files the next build would package.
    source = where / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "test-artifacts", "*.egg-info", "__pycache__", "target",
        "logs", ".ayni"))
    wheels = where / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(source)], check=True, capture_output=True, text=True, timeout=600)
    wheel = next(wheels.glob("ayni-*.whl"))
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.check_output(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    (site / "ayni_test_dependencies.pth").write_text(
        "\n".join(sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--no-deps", "-q", str(wheel)], check=True, capture_output=True,
                   text=True, timeout=600)
    return venv


def _env(ayni_db, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in ayni_db.env().items() if k not in ("PYTHONPATH",)}
    env["AYNI_DATA_DIR"] = str(data_dir)
    return env


def test_the_package_holds_its_files_and_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    out = subprocess.run(
        [str(python), "-c",
         "import ayni, ayni.core.dbt as d, ayni.supervisor as s, ayni.core.migrate as m; "
         "print(ayni.__file__); print(d.PROJECT_DIR); print(s.APP_SCRIPT); print(m.MIGRATIONS)"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    paths = [Path(line) for line in out.stdout.split()]
    for path in paths:
        assert str(path).startswith(str(installed)), (path, "is read from the checkout")
        assert path.exists(), path
    project, app = paths[1], paths[2]
    assert (project / "dbt_project.yml").exists()
    assert (project / "models" / "marts").is_dir() and list((project / "models" / "marts").glob("*.sql"))
    assert (app.parent / "views" / "owner.py").exists()
    assert not (project / "target").exists()  # nothing built in the source tree leaks in


def test_the_marts_registry_reads_the_installed_models_before_any_dbt_run(
        installed: Path, tmp_path: Path) -> None:
    """ayni.core.marts reads the model files of the installed project: no manifest needed
    (a fresh installation has none before its first dbt run)."""
    out = subprocess.run(
        [str(installed / "bin" / "python"), "-c",
         "import ayni.core.marts as r; print(r.models_dir()); "
         "print(' '.join(r.MARTS)); print(len(r.MARTS['sales_lines']))"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
        env={**os.environ, "AYNI_DATA_DIR": str(tmp_path / "fresh")})
    folder, names, line_columns = out.stdout.split("\n")[:3]
    assert folder.startswith(str(installed))
    assert {"daily_aggregations", "customer_aggregations", "benchmarks", "sales_lines"} <= set(
        names.split())
    assert int(line_columns) > 20


def test_dbt_parse_runs_from_another_folder(installed: Path, ayni_db, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data = tmp_path / "data"
    result = subprocess.run([str(installed / "bin" / "ayni"), "dbt", "parse"], cwd=elsewhere,
                            env=_env(ayni_db, data), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    manifest = data / "dbt" / "target" / "manifest.json"
    assert manifest.exists()
    assert '"model.ayni.monthly_aggregations"' in manifest.read_text()
    assert list(elsewhere.iterdir()) == []  # nothing written where it was called from


def test_ayni_up_serves_a_healthy_app_from_another_folder(installed: Path, ayni_db,
                                                          tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "up.log"
    env = {**_env(ayni_db, tmp_path / "data"), "AYNI_WORKERS": "1", "AYNI_LANGUAGE": "en"}
    with log.open("w") as out:
        up = subprocess.Popen([str(installed / "bin" / "ayni"), "up", "--port", str(port)],
                              cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        health = f"http://127.0.0.1:{port}/_stcore/health"
        deadline = time.monotonic() + 120
        answer = None
        while time.monotonic() < deadline and up.poll() is None:
            try:
                with urllib.request.urlopen(health, timeout=2) as response:
                    answer = response.read().decode()
                    break
            except OSError:
                time.sleep(0.25)  # poll until the server answers
        assert answer == "ok", log.read_text()[-3000:]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "<title>" in response.read().decode()
        text = log.read_text()
        assert "database at revision" in text
        assert "started streamlit" in text and "started worker-1" in text
    finally:
        os.killpg(up.pid, signal.SIGINT)
        up.wait(timeout=60)
