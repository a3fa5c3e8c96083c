"""The web app's logic through Streamlit's AppTest: accounts, companies, roles, pages."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import text

from ayni.core import formatting
from ayni.core.db import Role, engine, tenant
from ayni.core.settings import get_settings
from ayni.usecases import accounts, companies
from streamlit_app.i18n import CATALOGUE
from tests.integration.conftest import PASSWORD, app, log_in, processed_shop, texts, user

pytestmark = [pytest.mark.integration, pytest.mark.warehouse(build=processed_shop)]


def test_wrong_password_is_refused(shop):
    at = log_in("admin@ayni.cl", "no-es-la-clave")
    assert [e.value for e in at.error] == ["Correo o contraseña incorrectos"]
    assert "Resumen del negocio" not in texts(at)
    assert user("admin@ayni.cl").failed_logins == 1


def test_admin_sees_the_owner_dashboard_with_the_marts_numbers(shop):
    at = log_in("admin@ayni.cl", "gabe123123")
    assert "Resumen del negocio" in [t.value for t in at.title]
    with tenant(shop.id) as conn:  # the cards open on the last complete month
        whole = conn.execute(text(
            "SELECT net_sales, documents FROM marts.monthly_aggregations "
            "ORDER BY period_start DESC LIMIT 1")).one()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Ventas"] == formatting.money(whole.net_sales)
    assert cards["Documentos"] == formatting.number(whole.documents)
    assert user("admin@ayni.cl").failed_logins == 0  # a good login clears the count


def test_finance_member_gets_no_owner_dashboard(shop):
    at = log_in("finanzas@example.cl", PASSWORD)
    assert [t.value for t in at.title] == ["Finanzas"]
    assert "Resumen del negocio" not in texts(at)
    assert any("Rol: Finanzas" in c.value for c in at.sidebar.caption)


def test_a_page_outside_the_role_is_not_reachable(shop):
    at = log_in("finanzas@example.cl", PASSWORD)
    for page in ("views/owner.py", "views/admin_users.py", "views/members.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_repeated_failures_lock_the_account(shop):
    settings = get_settings()
    at = app()
    for _ in range(settings.max_login_attempts):
        at = log_in("sola@example.cl", "equivocada", at)
    assert any("Cuenta bloqueada" in e.value for e in at.error)
    locked = user("sola@example.cl")
    assert locked.failed_logins == settings.max_login_attempts and locked.locked_until is not None
    again = log_in("sola@example.cl", PASSWORD)  # the right password does not open it now
    assert any("Cuenta bloqueada" in e.value for e in again.error)
    assert "Mis empresas" not in [t.value for t in again.title]
    with engine(Role.OWNER).begin() as conn:
        accounts.record_failed_logins(conn, "sola@example.cl", 0, None)


def test_a_user_without_company_creates_one_and_becomes_its_owner(shop):
    at = log_in("dueno@example.cl", PASSWORD)
    assert any("no perteneces a ninguna empresa" in i.value for i in at.sidebar.info)
    assert [t.value for t in at.title] == ["Mis empresas"]
    at.text_input[0].input("Ferretería Dos")          # name
    at.text_input[1].input("96.790.240-4")            # wrong check digit first
    at.button[0].click()
    at.run()
    assert any("dígito verificador" in e.value for e in at.error)
    at.text_input[1].input("96.790.240-3")
    at.button[0].click()
    at.run()
    with engine(Role.OWNER).connect() as conn:
        created = companies.get_by_rut(conn, "96790240-3")
        owners = companies.members(conn, created.id)
    assert [(m.email, m.role) for m in owners] == [("dueno@example.cl", "owner")]
    # What the new owner sees next is walked through in the browser test.


def test_registration_writes_the_account_to_the_users_table(shop):
    at = app()
    at.run()
    at.switch_page("views/register.py")
    at.run()
    fields = {w.label: w for w in at.text_input}
    fields["Nombre"].input("Nueva")
    fields["Apellido"].input("Persona")
    fields["Correo"].input("nueva@example.cl")
    fields["Contraseña"].input("debil")
    fields["Repite la contraseña"].input("debil")
    at.button[0].click()
    at.run()
    assert any("de 8 a 20 caracteres" in e.value for e in at.error)
    assert user("nueva@example.cl") is None
    fields = {w.label: w for w in at.text_input}
    fields["Contraseña"].input(PASSWORD)
    fields["Repite la contraseña"].input(PASSWORD)
    at.button[0].click()
    at.run()
    created = user("nueva@example.cl")
    assert created is not None and created.name == "Nueva Persona"
    # Registering leads to the login form, which says the account is ready.
    assert [s.value for s in at.success] == [CATALOGUE["register.done"][0]]
    assert {w.label for w in at.text_input} == {"Correo", "Contraseña"}
    assert accounts.check_password(PASSWORD, created.password_hash)
    assert log_in("nueva@example.cl", PASSWORD).title[0].value == "Mis empresas"


def test_password_change_is_saved(shop):
    with engine(Role.OWNER).begin() as conn:
        accounts.create_user(conn, "cambia@example.cl", "Cambia", PASSWORD)
    at = log_in("cambia@example.cl", PASSWORD)
    at.switch_page("views/account.py")
    at.run()
    fields = {w.label: w for w in at.text_input}
    fields["Contraseña actual"].input(PASSWORD)
    fields["Nueva contraseña"].input("Otra-Clave2")
    fields["Repite la contraseña"].input("Otra-Clave2")
    next(b for b in at.button if b.label == "Guardar contraseña").click()
    at.run()
    assert any("Contraseña actualizada" in s.value for s in at.success)
    assert accounts.check_password("Otra-Clave2", user("cambia@example.cl").password_hash)


def test_second_factor_is_asked_after_the_password(shop):
    secret = pyotp.random_base32()
    with engine(Role.OWNER).begin() as conn:
        totp_user = accounts.create_user(conn, "totp@example.cl", "Con Totp", PASSWORD)
        accounts.set_totp(conn, totp_user.id, secret)
    at = log_in("totp@example.cl", PASSWORD)
    assert "Segundo factor" in [s.value for s in at.subheader]
    assert "Mis empresas" not in [t.value for t in at.title]
    at.text_input[0].input("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    at.button[0].click()
    at.run()
    assert any("Código incorrecto" in e.value for e in at.error), (texts(at), at.exception)
    at.text_input[0].input(pyotp.TOTP(secret).now())
    at.button[0].click()
    at.run()
    assert [t.value for t in at.title] == ["Mis empresas"]


def test_the_owner_invites_a_member_with_a_role(shop):
    at = log_in("admin@ayni.cl", "gabe123123")
    at.switch_page("views/members.py")
    at.run()
    at.text_input[0].input("sola@example.cl")
    role = next(s for s in at.selectbox if s.label == "Rol")
    role.select("marketing")
    next(b for b in at.button if b.label == "Agregar al equipo").click()
    at.run()
    with engine(Role.OWNER).connect() as conn:
        team = {m.email: m.role for m in companies.members(conn, shop.id)}
    assert team["sola@example.cl"] == "marketing"


def test_pages_speak_english_when_asked(shop):
    at = log_in("admin@ayni.cl", "gabe123123")
    at.selectbox(key="language_picker").select("en").run()
    assert "Business overview" in [t.value for t in at.title]
    assert {m.label for m in at.metric} >= {"Sales", "Documents", "Average ticket"}
    assert user("admin@ayni.cl").language == "en"  # saved with the account
    # A new session (another tab, another day) opens in the account's language and keeps it:
    # the picker's first value, Spanish before anyone logged in, is not taken for a choice.
    again = log_in("admin@ayni.cl", "gabe123123")
    again.run()
    assert "Business overview" in [t.value for t in again.title]
    assert again.selectbox(key="language_picker").value == "en"
    assert user("admin@ayni.cl").language == "en"
    again.selectbox(key="language_picker").select("es").run()
    assert "Resumen del negocio" in [t.value for t in again.title]
    assert user("admin@ayni.cl").language == "es"
