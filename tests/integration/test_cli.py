"""The `ayni` command against a real database: migrations, companies, dbt pass-through."""

from __future__ import annotations

import pytest

from tests.conftest import ayni

pytestmark = pytest.mark.integration


def test_migrate_is_idempotent_and_creates_the_admin_once(ayni_db):
    first = ayni(ayni_db, "db", "migrate")
    assert first.returncode == 0, first.stderr
    assert "database at revision 0001; admin account admin@ayni.cl created" in first.stdout
    second = ayni(ayni_db, "db", "migrate")
    assert second.stdout.strip() == "database at revision 0001"


def test_company_create_validates_and_lists(ayni_db):
    ok = ayni(ayni_db, "company", "create", "--name", "Ferretería El Clavo", "--rut",
              "96.790.240-3", "--industry", "ferreteria", "--size", "small")
    assert ok.returncode == 0, ok.stderr
    assert "(RUT 96790240-3, ferreteria, small)" in ok.stdout

    again = ayni(ayni_db, "company", "create", "--name", "Otra", "--rut", "96790240-3",
                 "--industry", "ferreteria", "--size", "small")
    assert again.returncode == 1
    assert "ya existe una empresa con RUT 96790240-3" in again.stderr

    bad = ayni(ayni_db, "company", "create", "--name", "Mala", "--rut", "96.790.240-4",
               "--industry", "ferreteria", "--size", "small")
    assert bad.returncode == 1 and "dígito verificador incorrecto" in bad.stderr
    assert "Traceback" not in bad.stderr

    listed = ayni(ayni_db, "company", "list")
    assert "96790240-3" in listed.stdout and "Ferretería El Clavo" in listed.stdout
    assert "Mala" not in listed.stdout


def test_dbt_passes_commands_through_with_the_generated_profile(ayni_db):
    result = ayni(ayni_db, "dbt", "ls", "--resource-type", "model", "--output", "name")
    assert result.returncode == 0, result.stdout + result.stderr
    models = set(result.stdout.split())
    assert {"stg_raw__transactions", "daily_aggregations", "monthly_aggregations"} <= models
    profile = ayni_db.data_dir / "dbt" / "profiles.yml"
    assert "user: ayni_worker" in profile.read_text()
    assert oct(profile.stat().st_mode)[-3:] == "600"
