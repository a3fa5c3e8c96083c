"""The use cases hold the role rules, whoever calls them: a role that may not upload is
refused by the use case itself, and nobody retries another company's upload."""

from __future__ import annotations

import pytest

from ayni.core.db import Role, engine, worker_tx
from ayni.core import uploads
from ayni.usecases import companies, ingest
from ayni.usecases.roles import ROLES, UPLOADERS, Actor, NotAllowed
from loaders.mapping import propose
from loaders.source import open_source
from streamlit_app.menu import ROLE_PAGES
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.integration
SAMPLE = SHARED_DATA / "canonical_in_columns.csv"


@pytest.fixture(scope="module")
def two(ayni_db):
    with engine(Role.OWNER).begin() as conn:
        mine = companies.create_company(conn, "Almacén Mío", "76.086.428-5", "minimarket", "small")
        theirs = companies.create_company(conn, "Almacén Otro", "77.777.777-7", "minimarket", "small")
    return mine, theirs


def _submit(company_id: int, actor: Actor) -> int:
    source = open_source(SAMPLE)
    mapping, _ = propose(source.preview(200).frame)
    return ingest.submit(company_id, SAMPLE.name, SAMPLE, actor=actor, mapping=mapping,
                         source_format=source.format)


def _count(company_id: int) -> int:
    with worker_tx() as conn:
        return len(uploads.for_company(conn, company_id))


@pytest.mark.parametrize("role", ["marketing", "finance"])
def test_a_role_that_may_not_upload_is_refused_and_nothing_is_recorded(two, role):
    mine, _ = two
    before = _count(mine.id)
    with pytest.raises(NotAllowed):
        _submit(mine.id, Actor(user_id=None, role=role))
    assert _count(mine.id) == before


@pytest.mark.parametrize("role", sorted(UPLOADERS))
def test_owner_and_operations_upload(two, role):
    mine, _ = two
    before = _count(mine.id)
    upload_id = _submit(mine.id, Actor(user_id=None, role=role))
    assert ingest.status(mine.id, upload_id).status == "queued"
    assert _count(mine.id) == before + 1


def test_another_companys_upload_is_neither_read_nor_retried(two):
    mine, theirs = two
    upload_id = _submit(theirs.id, Actor.operator())
    assert ingest.status(mine.id, upload_id) is None
    with pytest.raises(LookupError):
        ingest.retry(mine.id, upload_id, actor=Actor(user_id=None, role="owner"))
    with pytest.raises(NotAllowed):
        ingest.retry(theirs.id, upload_id, actor=Actor(user_id=None, role="finance"))


def test_the_menu_offers_the_upload_page_to_exactly_the_roles_that_may_upload():
    assert set(ROLE_PAGES) == set(ROLES)
    assert {role for role, pages in ROLE_PAGES.items() if "upload" in pages} == set(UPLOADERS)
