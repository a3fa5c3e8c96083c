"""Logging out in one tab logs the browser out: the remember-me cookie is gone, so every
tab that loads the app again gets the login form, and stays there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_generic_error,
    log_in,
    new_page,
    screenshot,
    screenshot_if_failed,
    serve,
    wait_for_session_cookie,
    wait_idle,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
EMAIL, NAME, PASSWORD = "lucia@example.cl", "Lucía Rojas", "Clave-Segura1"
FIRST, SECOND = "Almacén Dos", "Almacén Uno"  # her companies, in the picker's (name) order
OTHER = "Abarrotes Central"  # not hers; first of all for the admin, who sees every company
COOKIE = "ayni_session"


@pytest.fixture(scope="module")
def web(ayni_db):
    from ayni.core.db import Role, engine
    from ayni.core.settings import get_settings
    from ayni.usecases import accounts, companies

    with engine(Role.OWNER).begin() as conn:
        accounts.ensure_admin(conn, get_settings())
        lucia = accounts.create_user(conn, EMAIL, NAME, PASSWORD)
        for name, rut in ((SECOND, "76.086.428-5"), (FIRST, "96.790.240-3")):
            companies.create_company(conn, name, rut, "minimarket", "micro",
                                     owner_user_id=lucia.id)
        companies.create_company(conn, OTHER, "77.123.456-9", "minimarket", "micro")
    with serve(ayni_db, "logout-streamlit") as url:
        yield url


@pytest.fixture
def tab_a(browser, request):
    pg = new_page(browser)
    yield pg
    screenshot_if_failed(pg, request)
    pg.context.close()


def session_cookie(page) -> list[dict]:
    return [c for c in page.context.cookies() if c["name"] == COOKIE]


def logged_in(page) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    expect(sidebar.get_by_text(EMAIL)).to_be_visible()


def logged_out(page) -> None:
    """The login form, settled (a remembered login would replace it within a run or two),
    and nothing of the user in the sidebar."""
    expect(page.get_by_label("Correo")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_label("Correo")).to_be_visible()
    expect(page.get_by_label("Contraseña")).to_be_visible()
    expect(page.get_by_role("button", name="Entrar")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name="Cerrar sesión")).to_have_count(0)
    expect(sidebar.get_by_text(EMAIL)).to_have_count(0)
    expect(sidebar.get_by_text(NAME)).to_have_count(0)
    assert_no_generic_error(page)


def test_logging_out_in_one_tab_logs_out_every_tab(web, tab_a, request):
    log_in(tab_a, web, EMAIL, PASSWORD)
    logged_in(tab_a)
    assert len(session_cookie(tab_a)) == 1

    tab_b = tab_a.context.new_page()  # same context: the same cookies, another session
    tab_b.set_default_timeout(30_000)
    try:
        tab_b.goto(web)
        logged_in(tab_b)  # by the remember-me cookie alone
        wait_idle(tab_b)

        tab_a.get_by_test_id("stSidebar").get_by_role("button", name="Cerrar sesión").click()
        logged_out(tab_a)
        # The cookie component deletes it in the browser, then answers: wait for the answer.
        tab_a.wait_for_function(f"() => !document.cookie.split('; ').some("
                                f"c => c.startsWith('{COOKIE}='))")
        assert session_cookie(tab_a) == []
        screenshot(tab_a, "logout_tab_a")

        for tab in (tab_a, tab_b):
            tab.reload()
            logged_out(tab)
        screenshot(tab_b, "logout_tab_b_reloaded")
        for tab in (tab_a, tab_b):  # and it stays so
            tab.reload()
            logged_out(tab)
        assert session_cookie(tab_a) == []
    finally:
        screenshot_if_failed(tab_b, request)
        tab_b.close()


def test_the_next_user_on_the_tab_starts_afresh(web, tab_a):
    """Lucía picks her second company and logs out; the admin, who sees every company,
    logs in on the same tab (the same session) with one submit and gets the first of
    all, not one of hers remembered; a reload keeps the admin in by the new cookie."""
    from ayni.core.settings import get_settings

    log_in(tab_a, web, EMAIL, PASSWORD)
    sidebar = tab_a.get_by_test_id("stSidebar")
    picker = sidebar.get_by_role("combobox", name="Empresa", exact=True)
    expect(picker).to_have_value(re.compile(FIRST))
    picker.click()
    tab_a.get_by_role("option", name=re.compile(SECOND)).click()
    expect(picker).to_have_value(re.compile(SECOND))
    wait_idle(tab_a)
    sidebar.get_by_role("button", name="Cerrar sesión").click()
    logged_out(tab_a)
    tab_a.wait_for_function(f"() => !document.cookie.includes('{COOKIE}=')")

    settings = get_settings()
    tab_a.get_by_label("Correo").fill(settings.admin_email)
    tab_a.get_by_label("Contraseña").fill(settings.admin_password.get_secret_value())
    tab_a.get_by_role("button", name="Entrar").click()
    expect(sidebar.get_by_text(settings.admin_email)).to_be_visible()
    wait_for_session_cookie(tab_a)
    expect(picker).to_have_value(re.compile(OTHER))
    expect(sidebar).not_to_contain_text(EMAIL)
    tab_a.reload()
    expect(sidebar.get_by_text(settings.admin_email)).to_be_visible()


def slow_cookie_component(page, delay_ms: int) -> None:
    """The cookie component's code starts `delay_ms` late in this page, as on a slow
    machine or network: its first answer to the app comes after the form is up."""
    def slow(route):
        body = route.fetch().text()
        route.fulfill(body=f"setTimeout(function () {{ {body}\n}}, {delay_ms});",
                      content_type="application/javascript")

    page.route("**/*cookie_manager*/static/js/main*.js", slow)


def test_a_login_submitted_before_the_cookie_component_answered_is_not_dropped(web, tab_a):
    """A person who logs in as soon as the form shows gets in with one click. The widget's
    cookie manager used to read the cookies through a component whose answer reruns the
    script: a submit made before it interrupted the login run, and was lost."""
    slow_cookie_component(tab_a, 2000)
    log_in(tab_a, web, EMAIL, PASSWORD)  # one submit, no retry
    logged_in(tab_a)


def test_a_page_that_shows_the_generic_error_fails_the_check(ayni_db, tab_a):
    """The browser tests' check (wait_idle, the page fixture) catches a page that failed:
    an app whose database is gone shows the generic error on its login page."""
    from dataclasses import replace

    from sqlalchemy.engine import make_url

    from tests.conftest import generic_error_texts

    gone = make_url(ayni_db.url).set(database=f"{ayni_db.name}_gone")
    broken = replace(ayni_db, url=gone.render_as_string(hide_password=False))
    with serve(broken, "generic-error-streamlit") as url:
        tab_a.goto(url)
        tab_a.get_by_text(generic_error_texts()[0]).wait_for()
        with pytest.raises(AssertionError, match="failed"):
            wait_idle(tab_a)
        with pytest.raises(AssertionError, match="failed"):
            assert_no_generic_error(tab_a)
