"""The statistics dashboard in a real browser, 360 px wide, in three languages:
axe-core's WCAG 2.1 AA rules pass on each kind of table, the page fits the
screen, and choosing a table and downloading work with JavaScript off."""

from __future__ import annotations

import secrets
from typing import Any

from tests.browser.conftest import LiveServer
from tests.browser.test_staff_browser import _check, _choose_password, _sign_in_with_keyboard, flask

TABLES = ("businesses_by_country_sector", "barriers_by_country", "readiness_by_country_area")
CHAMBER = "demo-us-1"
_PUBLISHED: list[bool] = []


def _published(server: LiveServer) -> None:
    """Demo questionnaires and one published quarter, once per server."""
    if not _PUBLISHED:
        flask(server, "demo", "seed", "--assessments", "120", "--chambers", "2", "--draw-scores")
        flask(server, "stats", "publish", "--period", "2026-Q4")
        _PUBLISHED.append(True)


def _staff(page: Any, server: LiveServer, check: bool = True) -> None:
    email = f"stats-{secrets.token_hex(3)}@example.org"
    _choose_password(page, flask(server, "staff", "create", email, "--role", "chamber_staff", "--chamber", CHAMBER),
                     check=check)
    _sign_in_with_keyboard(page, server, email)


def test_the_dashboard_is_accessible_at_360_px_in_three_languages(page: Any, live_server: LiveServer) -> None:
    _published(live_server)
    _staff(page, live_server)
    for lang in ("en", "es", "fr"):
        for table in TABLES:
            page.goto(f"{live_server.url}/staff/{lang}/statistics/?table={table}")
            assert f'lang="{lang}"' in page.content()
            assert page.locator("svg.stats-chart").count() >= 1 and page.locator("table.data-table").count() >= 1
            _check(page, f"stats-{lang}-{table}")


def test_the_dashboard_works_without_javascript(page_without_js: Any, live_server: LiveServer) -> None:
    page = page_without_js
    _published(live_server)
    _staff(page, live_server, check=False)
    page.goto(f"{live_server.url}/staff/fr/statistics/")
    page.select_option("#table", "financing_needs_by_country")
    with page.expect_navigation():
        page.locator("main form.stats-choose button").click()
    assert "table=financing_needs_by_country" in page.url
    assert page.locator("h2#table-heading").inner_text().startswith("Besoins de financement")
    with page.expect_download() as download:
        page.locator("a[href*='format=csv']").click()
    assert download.value.suggested_filename == f"release-2026-Q4-{CHAMBER}-v1.csv"
