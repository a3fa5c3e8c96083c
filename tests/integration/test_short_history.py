"""The marketing and operations pages of companies with little history: two months make two
cohorts of two columns (months as Spanish categories, not a date scale), one month says
that retention needs two; products are still shown by name and in their unit."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ayni.core import formatting
from ayni.core.db import Role, engine
from ayni.usecases import companies, ingest
from streamlit_app.i18n import CATALOGUE
from tests.conftest import SHARED_DATA, assert_page_ok, run_worker
from tests.integration.conftest import log_in, texts

pytestmark = pytest.mark.integration
ADMIN = ("admin@ayni.cl", "gabe123123")


def subset(path, months: tuple[str, ...]) -> None:
    header, *body = (SHARED_DATA / "canonical_in_columns.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    path.write_text(header + "".join(line for line in body if line[:7] in months),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def young(ayni_db):
    """A café with August and September 2025, and one with September only."""
    from ayni.core.settings import get_settings
    from ayni.usecases import accounts

    with engine(Role.OWNER).begin() as conn:
        accounts.ensure_admin(conn, get_settings())
        two = companies.create_company(conn, "Café Dos Meses", "76.086.428-5", "cafeteria",
                                       "micro")
        one = companies.create_company(conn, "Café Un Mes", "76.111.222-8", "cafeteria",
                                       "micro")
    subset(ayni_db.data_dir / "dos.csv", ("2025-08", "2025-09"))
    subset(ayni_db.data_dir / "uno.csv", ("2025-09",))
    ingest.submit_file(two.id, ayni_db.data_dir / "dos.csv")
    ingest.submit_file(one.id, ayni_db.data_dir / "uno.csv")
    run_worker(ayni_db)
    return two, one


def open_page(page: str, company_id: int):
    at = log_in(*ADMIN)
    at.selectbox(key="company_picker").select(company_id).run()
    at.switch_page(f"views/{page}.py").run()
    at.run()
    assert_page_ok(at)
    return at


def chart(at, key: str) -> dict:
    found = [e for e in at.get("plotly_chart") if e.proto.id.endswith(f"-{key}")]
    assert len(found) == 1, [e.proto.id for e in at.get("plotly_chart")]
    return json.loads(found[0].proto.spec)


def test_two_months_make_two_cohorts_of_two_columns(young):
    two, _ = young
    at = open_page("marketing", two.id)
    figure = chart(at, "mkt_cohorts")
    heat = figure["data"][0]
    assert heat["y"] == [formatting.month(date(2025, 8, 1)), formatting.month(date(2025, 9, 1))]
    assert heat["x"] == ["0", "1"]
    assert figure["layout"]["yaxis"]["type"] == "category"
    assert heat["customdata"][0][0] == heat["customdata"][1][0] == "100,0 %"
    assert heat["customdata"][1][1] == "—"  # September's clients have no month after yet
    assert heat["text"] == heat["customdata"]  # a small grid writes its values in the cells


def test_one_month_says_retention_needs_two(young):
    _, one = young
    at = open_page("marketing", one.id)
    assert [e for e in at.get("plotly_chart") if e.proto.id.endswith("-mkt_cohorts")] == []
    assert CATALOGUE["mkt.cohort_short"][0] in texts(at)


def test_a_young_company_sees_its_products_by_name_and_unit(young):
    _, one = young
    at = open_page("operations", one.id)
    listed = next(d.value for d in at.dataframe if "Código" in d.value.columns)
    assert not listed["Producto"].str.fullmatch(r"[A-Z]{3}-\d{4}").any()  # names, not codes
    assert set(listed["Unidad"]) == {"unidades", "kilos"}
    pareto = chart(at, "ops_pareto")
    assert pareto["data"][-1]["customdata"][-1][1] == "100,0 %"
