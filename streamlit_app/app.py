"""AYNI's web app: log in, pick a company, and see the pages your role in it allows.

The entrypoint routes (st.navigation); each page is a file under views/ (not pages/: Streamlit
would also read a pages/ folder as old-style pages and 404 the routed paths). The page list
is built from who is logged in and their role in the company they picked.
"""

from __future__ import annotations

import logging

import streamlit as st

from streamlit_app import auth, chrome, session
from streamlit_app.menu import PAGES, page_keys
from streamlit_app.i18n import language_switch, t

st.set_page_config(page_title="AYNI", page_icon="📊", layout="wide")

def navigation(keys: list[str]) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for key in keys:
        path, title, icon, section = PAGES[key]
        sections.setdefault(t(section), []).append(
            st.Page(path, title=t(title), icon=icon, url_path=key))
    return sections


def login_page() -> None:
    st.title(t("app.title"))
    session.show_flash()  # "Cuenta creada…" after registering
    auth.current_user(session.authenticator())
    if st.session_state.get("authentication_status"):
        auth.remember_login_pending()
        st.rerun()  # the password was right: the logged-in pages (or the second factor) follow


def deep_link_stand_ins() -> list[st.Page]:
    """Hidden login pages at every page's path, so a bookmarked link logs in and then
    opens that page: a page is known by its path, so after login the real one runs."""
    return [st.Page(login_page, title=t(title), url_path=key, visibility="hidden")
            for key, (_, title, _, _) in PAGES.items()]


def main() -> None:
    language_switch()
    chrome.apply()
    authenticator = auth.authenticator()
    session.remember_authenticator(authenticator)
    if not st.session_state.get("authentication_status"):
        login = st.Page(login_page, title=t("login.form"), icon=":material/login:",
                        url_path="login", default=True)
        st.session_state["_login_page"] = login  # registration ends there
        st.navigation([
            login,
            st.Page("views/register.py", title=t("register.title"),
                    icon=":material/person_add:", url_path="registro"),
            *deep_link_stand_ins(),
        ]).run()
        return
    user = auth.current_user(authenticator)
    if user is None:  # locked, or gone from the users table
        return
    if auth.needs_second_factor(user):
        auth.remember_login(authenticator)
        st.navigation([st.Page(lambda: auth.second_factor(user), title=t("totp.title"),
                               icon=":material/key:", url_path="verificacion")]).run()
        return
    st.sidebar.markdown(f"**{user.name}**  \n{user.email}")
    auth.logout_button(authenticator)
    context = session.choose_company(user)
    if context is None:
        st.sidebar.info(t("company.none"))
    session.set_user(user)
    auth.remember_login(authenticator)
    st.navigation(navigation(page_keys(context, user.is_admin)), expanded=True).run()


try:
    main()
except Exception:  # noqa: BLE001 - no traceback reaches a user; the log keeps it
    logging.getLogger("streamlit_app").exception("page failed")
    st.error(t("error.generic"))
