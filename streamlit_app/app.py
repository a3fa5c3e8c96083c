"""AYNI's web app: log in, pick a company, and see the pages your role in it allows.

The entrypoint routes (st.navigation); each page is a file under views/ (not pages/: Streamlit
would also read a pages/ folder as old-style pages and 404 the routed paths). The page list
is built from who is logged in and their role in the company they picked.
"""

from __future__ import annotations

import logging

import streamlit as st

from streamlit_app import auth, chrome, session
from streamlit_app.i18n import language_switch, t

st.set_page_config(page_title="AYNI", page_icon="📊", layout="wide")

# key: (file, title, icon, section)
PAGES = {
    "owner": ("views/owner.py", "page.owner", ":material/monitoring:", "nav.dashboards"),
    "operations": ("views/operations.py", "page.operations", ":material/inventory_2:",
                   "nav.dashboards"),
    "marketing": ("views/marketing.py", "page.marketing", ":material/campaign:",
                  "nav.dashboards"),
    "finance": ("views/finance.py", "page.finance", ":material/payments:", "nav.dashboards"),
    "benchmarks": ("views/benchmarks.py", "page.benchmarks", ":material/leaderboard:",
                   "nav.dashboards"),
    "upload": ("views/upload.py", "page.upload", ":material/upload_file:", "nav.data"),
    "monitor": ("views/monitor.py", "page.monitor", ":material/pending_actions:", "nav.data"),
    "downloads": ("views/downloads.py", "page.downloads", ":material/download:", "nav.data"),
    "companies": ("views/companies.py", "page.companies", ":material/store:", "nav.company"),
    "members": ("views/members.py", "page.members", ":material/group:", "nav.company"),
    "account": ("views/account.py", "page.account", ":material/person:", "nav.account"),
    "admin_users": ("views/admin_users.py", "page.admin_users", ":material/manage_accounts:",
                    "nav.admin"),
    "admin_companies": ("views/admin_companies.py", "page.admin_companies",
                        ":material/domain:", "nav.admin"),
    "admin_queue": ("views/admin_queue.py", "page.admin_queue", ":material/queue:", "nav.admin"),
    "admin_audit": ("views/admin_audit.py", "page.admin_audit", ":material/history:",
                    "nav.admin"),
}
# What each role sees in a company, first page first; everyone has these after them.
ROLE_PAGES = {
    "owner": ("owner", "operations", "marketing", "finance", "benchmarks", "upload", "monitor",
              "downloads", "members"),
    "operations": ("operations", "upload", "monitor", "downloads"),
    "marketing": ("marketing", "benchmarks", "downloads"),
    "finance": ("finance", "benchmarks", "monitor", "downloads"),
}
EVERYONE = ("companies", "account")
ADMIN = ("admin_users", "admin_companies", "admin_queue", "admin_audit")


def page_keys(context: session.Context | None, is_admin: bool) -> list[str]:
    """The pages of this user in this company, in menu order."""
    keys = list(ROLE_PAGES["owner" if is_admin else context.role]) if context else []
    keys += [k for k in EVERYONE if k not in keys]
    if is_admin:
        keys += list(ADMIN)
    return keys


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
