"""The web app's logic through Streamlit's AppTest: login, company choice, pages by role."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from ayni import accounts, companies
from ayni.db import Role, engine, tenant
from ayni.settings import get_settings
from streamlit_app import formatting
from tests.conftest import SHARED_DATA, run_worker
from workers import pipeline

pytestmark = pytest.mark.integration
APP = Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"


@pytest.fixture(scope="module")
def shop(ayni_db):
    """A company with the canonical sample processed, its finance user, and a user with no company."""
    settings = get_settings()
    with engine(Role.OWNER).begin() as conn:
        accounts.ensure_admin(conn, settings)
        company = companies.create_company(conn, "Almacén Prueba", "76.086.428-5", "minimarket",
                                           "small")
        finance = accounts.create_user(conn, "finanzas@example.cl", "Fina Nzas", "clave-segura-1")
        companies.set_member(conn, company.id, finance.id, "finance")
        accounts.create_user(conn, "sola@example.cl", "Sola", "clave-segura-2")
    pipeline.submit_file(company.id, SHARED_DATA / "canonical_in_columns.csv")
    run_worker(ayni_db)
    return company


def log_in(email: str, password: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.text_input[0].input(email)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption,
                                *at.info, *at.error, *at.success)]
    return "\n".join(str(p) for p in parts)


def test_wrong_password_is_refused(shop):
    at = log_in("admin@ayni.cl", "no-es-la-clave")
    assert [e.value for e in at.error] == ["Correo o contraseña incorrectos"]
    assert "Resumen del negocio" not in texts(at)


def test_admin_sees_the_owner_dashboard_with_the_marts_numbers(shop):
    at = log_in("admin@ayni.cl", "gabe123123")
    assert "Resumen del negocio" in [t.value for t in at.title]
    with tenant(shop.id) as conn:
        last = conn.execute(text(
            "SELECT net_sales, documents FROM marts.monthly_aggregations "
            "ORDER BY period_start DESC LIMIT 1")).one()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Ventas"] == formatting.money(last.net_sales)
    assert cards["Documentos"] == formatting.number(last.documents)


def test_finance_member_gets_no_owner_dashboard(shop):
    at = log_in("finanzas@example.cl", "clave-segura-1")
    assert "Subir ventas" in [t.value for t in at.title]
    assert "Resumen del negocio" not in texts(at)
    assert any("Rol: Finanzas" in c.value for c in at.sidebar.caption)


def test_user_without_company_is_told_how_to_get_one(shop):
    at = log_in("sola@example.cl", "clave-segura-2")
    assert any("no perteneces a ninguna empresa" in i.value for i in at.info)
