"""AYNI's web app: log in, pick a company, and see the pages your role in it allows.

The entrypoint routes (st.navigation); each page is a file under pages/.
"""

from __future__ import annotations

import logging

import streamlit as st

from streamlit_app import auth, session
from streamlit_app.i18n import t

st.set_page_config(page_title="AYNI", page_icon="📊", layout="wide")

# Pages each role sees in a company; the platform admin and owners see every page.
PAGES = {
    "owner": ("pages/owner.py", "page.owner", ":material/monitoring:", "nav.dashboards"),
    "upload": ("pages/upload.py", "page.upload", ":material/upload_file:", "nav.data"),
}
ROLE_PAGES = {
    "owner": ("owner", "upload"),
    "operations": ("upload",),
    "marketing": ("upload",),
    "finance": ("upload",),
}


def navigation(context: session.Context) -> dict[str, list[st.Page]]:
    allowed = PAGES if context.user.is_admin else ROLE_PAGES[context.role]
    sections: dict[str, list[st.Page]] = {}
    for key in allowed:
        path, title, icon, section = PAGES[key]
        sections.setdefault(t(section), []).append(
            st.Page(path, title=t(title), icon=icon, url_path=key)
        )
    return sections


def main() -> None:
    title = st.empty()  # above the login form, removed once someone is logged in
    authenticator = auth.authenticator()
    user = auth.current_user(authenticator)
    if user is None:
        title.title(t("app.title"))
        st.navigation([st.Page(lambda: None, title=t("login.form"))], position="hidden")
        return
    title.empty()
    st.sidebar.markdown(f"**{user.name}**  \n{user.email}")
    authenticator.logout(t("logout"), location="sidebar", key="logout")
    context = session.choose_company(user)
    if context is None:
        st.info(t("company.none"))
        return
    st.navigation(navigation(context)).run()


try:
    main()
except Exception:  # noqa: BLE001 - no traceback reaches a user; the log keeps it
    logging.getLogger("streamlit_app").exception("page failed")
    st.error(t("error.generic"))
