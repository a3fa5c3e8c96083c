"""A page that fails fails its test: app.py catches every exception and shows the generic
error, so the tests check for that message (tests/conftest.py assert_page_ok), not only
for AppTest's `exception`, which stays empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from streamlit_app import chrome
from tests.conftest import assert_page_ok, generic_error_texts
from tests.integration.conftest import CheckedAppTest

APP = Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"


@pytest.fixture
def broken_page(monkeypatch):
    """Every run of the app raises (before it needs a database)."""
    def broken() -> None:
        raise RuntimeError("a page that breaks")

    monkeypatch.setattr(chrome, "apply", broken)


def test_a_page_that_raises_shows_the_generic_error_and_no_exception(broken_page):
    at = AppTest(APP, default_timeout=30).run()
    assert not at.exception  # what the tests used to check passes on a failed page…
    assert [e.value for e in at.error] == [generic_error_texts()[0]]  # …which shows this


def test_the_check_fails_on_a_page_that_raised_and_names_the_cause(broken_page):
    at = AppTest(APP, default_timeout=30).run()
    with pytest.raises(AssertionError, match="a page that breaks"):
        assert_page_ok(at)


def test_every_run_of_the_tests_app_is_checked(broken_page):
    with pytest.raises(AssertionError, match="the page failed"):
        CheckedAppTest(APP, default_timeout=30).run()
