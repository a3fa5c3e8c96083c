"""What the AppTest modules share: a processed company and the helpers that drive the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ayni.core.db import Role, engine
from ayni.core.settings import get_settings
from ayni.usecases import accounts, companies, ingest
from tests.conftest import SHARED_DATA, assert_page_ok, run_worker

APP = Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"
PASSWORD = "Clave-Segura1"


def submit_shop() -> companies.Company:
    """The admin, a company with the canonical sample submitted (not processed yet), its
    finance user, and users with no company."""
    settings = get_settings()
    with engine(Role.OWNER).begin() as conn:
        accounts.ensure_admin(conn, settings)
        company = companies.create_company(conn, "Almacén Prueba", SHOP_RUT, "minimarket",
                                           "small")
        finance = accounts.create_user(conn, "finanzas@example.cl", "Fina Nzas", PASSWORD)
        companies.set_member(conn, company.id, finance.id, "finance")
        accounts.create_user(conn, "sola@example.cl", "Sola", PASSWORD)
        accounts.create_user(conn, "dueno@example.cl", "Dueño Dos", PASSWORD)
    ingest.submit_file(company.id, SHARED_DATA / "canonical_in_columns.csv")
    return company


SHOP_RUT = "76.086.428-5"


def processed_shop(db) -> None:
    """The shop of submit_shop(), processed: a `warehouse` builder (tests/conftest.py
    ayni_db), so the modules that start from it (`pytest.mark.warehouse(build=processed_shop)`)
    share one worker run."""
    submit_shop()
    run_worker(db)


def the_shop() -> companies.Company:
    with engine(Role.OWNER).connect() as conn:
        return companies.get_by_rut(conn, SHOP_RUT)


@pytest.fixture(scope="module")
def shop(request, ayni_db):
    """The shop of submit_shop(), processed (in the module's copy of processed_shop's
    database when the module is marked so, else built here)."""
    marker = request.node.get_closest_marker("warehouse")
    if marker is None or marker.kwargs.get("build") is not processed_shop:
        processed_shop(ayni_db)
    return the_shop()


class CheckedAppTest(AppTest):
    """An AppTest whose every run fails the test when the page failed: app.py catches
    every exception and shows the generic error, so `at.exception` alone never fires."""

    def _run(self, *args, **kwargs) -> AppTest:
        result = super()._run(*args, **kwargs)
        assert_page_ok(self)
        return result


def app() -> AppTest:
    return CheckedAppTest(APP, default_timeout=30)


def log_in(email: str, password: str, at: AppTest | None = None) -> AppTest:
    at = at or app()
    at.run()
    at.text_input[0].input(email)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    assert_page_ok(at)
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption,
                                *at.info, *at.error, *at.success, *at.warning)]
    return "\n".join(str(p) for p in parts)


def user(email: str) -> accounts.User:
    with engine(Role.OWNER).connect() as conn:
        return accounts.get_by_email(conn, email)
