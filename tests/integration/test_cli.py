"""The `ayni` command against a real database: migrations, companies, dbt pass-through, the
demo of a given day and the line `ayni up --demo` prints when it is processed."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from ayni.core import formatting
from ayni.core.db import Role, engine
from ayni.core.settings import get_settings
from loaders.errors import FileFormatError
from tests.conftest import ayni
from workers import progress

pytestmark = pytest.mark.integration


def _head_revision() -> str:
    """The newest migration (the tests do not change when one is added)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from ayni.core.migrate import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_migrate_is_idempotent_and_creates_the_admin_once(ayni_db):
    head = _head_revision()
    first = ayni(ayni_db, "db", "migrate")
    assert first.returncode == 0, first.stderr
    assert f"base de datos en la revisión {head}; cuenta de administrador admin@ayni.cl creada" in first.stdout
    second = ayni(ayni_db, "db", "migrate")
    assert second.stdout.strip() == f"base de datos en la revisión {head}"


def test_company_create_validates_and_lists(ayni_db):
    ok = ayni(ayni_db, "company", "create", "--name", "Ferretería El Clavo", "--rut",
              "96.790.240-3", "--industry", "ferreteria", "--size", "small")
    assert ok.returncode == 0, ok.stderr
    assert "(RUT 96.790.240-3, ferreteria, small)" in ok.stdout

    again = ayni(ayni_db, "company", "create", "--name", "Otra", "--rut", "96790240-3",
                 "--industry", "ferreteria", "--size", "small")
    assert again.returncode == 1
    assert "ya existe una empresa con RUT 96790240-3" in again.stderr

    bad = ayni(ayni_db, "company", "create", "--name", "Mala", "--rut", "96.790.240-4",
               "--industry", "ferreteria", "--size", "small")
    assert bad.returncode == 1 and "dígito verificador incorrecto" in bad.stderr
    assert "Traceback" not in bad.stderr

    listed = ayni(ayni_db, "company", "list")
    assert "96.790.240-3" in listed.stdout and "Ferretería El Clavo" in listed.stdout
    assert "Mala" not in listed.stdout


def test_dbt_passes_commands_through_with_the_generated_profile(ayni_db):
    result = ayni(ayni_db, "dbt", "ls", "--resource-type", "model", "--output", "name")
    assert result.returncode == 0, result.stdout + result.stderr
    models = set(result.stdout.split())
    assert {"stg_raw__transactions", "daily_aggregations", "monthly_aggregations"} <= models
    profile = ayni_db.data_dir / "dbt" / "profiles.yml"
    assert "user: ayni_worker" in profile.read_text()
    assert oct(profile.stat().st_mode)[-3:] == "600"


@pytest.fixture(scope="module")
def demo_uploads(ayni_db) -> list[int]:
    """`ayni demo` of a fixed day, queued (no worker runs: the tests set the uploads' states)."""
    result = ayni(ayni_db, "demo", "--lines", "2000", "--as-of", "2026-11-30")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "26 cargas de demostración en cola" in result.stdout
    with engine(Role.OWNER).connect() as conn:
        return list(conn.execute(text(
            "SELECT id FROM app.uploads WHERE source = 'demo' ORDER BY id")).scalars())


def test_demo_lines_are_those_of_the_day_given(ayni_db, demo_uploads):
    """`ayni demo --as-of DAY` uploads the 13 full months before DAY (default: today, for a
    real user); a day that is not one is refused in one line."""
    bad = ayni(ayni_db, "demo", "--as-of", "30/11/2026")
    assert bad.returncode == 2 and "--as-of must be a YYYY-MM-DD date" in bad.stderr
    assert len(demo_uploads) == 26
    files = sorted((ayni_db.data_dir / "demo").glob("*.csv"))
    assert len(files) == 26
    days = pd.concat([pd.read_csv(f, usecols=["in_dt"], parse_dates=["in_dt"]) for f in files])
    assert days["in_dt"].min() >= pd.Timestamp("2025-10-01")
    assert days["in_dt"].max() < pd.Timestamp("2026-11-01")
    assert days["in_dt"].dt.to_period("M").nunique() == 13


def test_up_says_when_the_demo_is_processed(demo_uploads):
    """The line `ayni up --demo` prints once every demo upload is done (load, GabeDA, dbt),
    in the configured language with Chilean numbers, or the failures when some failed."""
    from ayni.supervisor import DemoWatch

    ids = demo_uploads
    settings = get_settings()
    said: list[str] = []
    watch = DemoWatch(settings, ids, said.append)
    assert watch.check() is False and said == []  # queued: nothing to say yet
    for n, upload_id in enumerate(ids):
        progress.update(upload_id, "load", 1.0, lines_loaded=1000 + n)
    progress.done(ids[:-1])
    assert watch.check() is False and said == []  # one is still running (its dbt, say)
    progress.done(ids[-1:])
    assert watch.check() is True
    url = f"http://localhost:{settings.streamlit_port}"
    assert said == [f"Demo lista: 26 empresas, {formatting.number(26_325)} líneas procesadas. "
                    f"Abre {url} e inicia sesión como admin@ayni.cl / gabe123123"]
    assert formatting.number(26_325) == "26.325"
    assert watch.check() is True and len(said) == 1  # said once

    english = settings.model_copy(update={"language": "en"})
    progress.failed(ids[:1], FileFormatError("file.empty"))  # stored as its key
    said.clear()
    assert DemoWatch(english, ids, said.append).check() is True
    with engine(Role.OWNER).connect() as conn:
        name = conn.execute(text("SELECT c.name FROM app.uploads u JOIN app.companies c "
                                 "ON c.id = u.company_id WHERE u.id = :i"), {"i": ids[0]}).scalar()
    assert said == [
        f"The demo failed: 1 of 26 uploads were not processed (25 companies, 25,325 lines "
        f"processed). Details on the Uploads page at {url} and in {settings.data_dir / 'logs'}",
        f"  upload {ids[0]} ({name}): the file is empty"]
