"""The menu: every page, and which pages each role in a company sees.

Plain data, read by the entrypoint (app.py) and by the tests that hold it to the use
cases' role rules (ayni/usecases/roles.py): a page hidden here is also refused there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit_app import session

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
