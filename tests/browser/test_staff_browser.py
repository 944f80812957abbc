"""The staff side in a real browser, 360 px wide, in three languages: every
page passes axe-core's WCAG 2.1 AA rules and fits the screen; signing in
works with the keyboard alone; and everything works with JavaScript off (the
staff pages have no script at all)."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa

from tests.browser.conftest import ROOT, LiveServer, check_accessibility, screenshot
from tests.browser.driver import tab_to
from tests.browser.test_wizard_long_values_and_language import assert_fits

PASSWORD = "harbour lantern copper 77"
EXAMPLE = ROOT / "app" / "answers" / "examples" / "furniture-workshop-mx.json"


def flask(server: LiveServer, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=server.env,
                          check=True, capture_output=True, text=True, timeout=300)  # a release (LP audit per table) takes minutes on a loaded machine
    return done.stdout


def _shared_plan(server: LiveServer) -> None:
    engine = sa.create_engine(server.env["DATABASE_URL"])
    answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    answers.pop("contact")
    now = datetime.now(UTC)
    with engine.begin() as connection:
        chamber_id = connection.execute(sa.text("SELECT id FROM chambers WHERE slug = 'demo'")).scalar_one()
        from app.assessments.models import Assessment  # noqa: PLC0415  (the table, typed: JSON or JSONB)

        assessments = Assessment.__table__
        ident = connection.execute(sa.insert(assessments).values(
            public_id=secrets.token_urlsafe(16), chamber_id=chamber_id, answers=answers, locale="en",
            status="completed", version=1, created_at=now, updated_at=now, completed_at=now,
            consent_aggregate_stats=True, consent_share_with_host=True).returning(assessments.c.id)).scalar_one()
        connection.execute(sa.text("INSERT INTO contacts (assessment_id, business_name, email, created_at) "
                                   "VALUES (:a, 'Carpintería Regiomontana de Exportación SA de CV', "
                                   "'direccion.de.ventas.exportaciones@mueblesregiomontanos.com.mx', :now)"),
                           {"a": ident, "now": now})
    engine.dispose()


def _choose_password(page: Any, output: str, check: bool = True) -> None:
    link = re.search(r"http://\S+/password/reset/\S+", output).group(0)
    page.goto(link)
    if check:
        check_accessibility(page)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button.button").click()


def _sign_in_with_keyboard(page: Any, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/staff/en/sign-in")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda f: f["name"] == "email")
    page.keyboard.type(email)
    tab_to(page, lambda f: f["name"] == "password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _check(page: Any, name: str) -> None:
    assert_fits(page)
    check_accessibility(page)
    screenshot(page, name)


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_chamber_staff_pages_are_accessible_at_360_px(page: Any, live_server: LiveServer, lang: str) -> None:
    email = f"staff-{lang}-{secrets.token_hex(3)}@example.org"
    _choose_password(page, flask(live_server, "staff", "create", email, "--role", "chamber_staff", "--chamber", "demo"))
    if lang == "en":
        _shared_plan(live_server)
    _sign_in_with_keyboard(page, live_server, email)
    assert page.url.endswith("/staff/en/")
    for path in ("/staff/{lang}/", "/staff/{lang}/account", "/staff/{lang}/account/password",
                 "/staff/{lang}/account/two-factor",
                 "/demo/{lang}/staff/members/", "/demo/{lang}/staff/settings/", "/demo/{lang}/staff/settings/resources"):
        page.goto(live_server.url + path.format(lang=lang))
        assert f'lang="{lang}"' in page.content()
        _check(page, f"staff-{lang}-{path.strip('/').replace('/', '-').replace('{lang}', '')}")
    page.goto(f"{live_server.url}/demo/{lang}/staff/members/")
    links = page.locator("table.data-table a")
    if links.count():
        with page.expect_navigation():
            links.first.click()
        _check(page, f"staff-{lang}-member-plan")
    # A refused colour shows its reason, accessibly.
    page.goto(f"{live_server.url}/demo/{lang}/staff/settings/")
    page.fill("#primary_color", "#ffee88")
    with page.expect_navigation():
        page.locator("main form button.button").first.click()
    assert page.locator(".error-summary").count() == 1
    _check(page, f"staff-{lang}-branding-error")


def test_a_site_admin_enrols_a_second_factor_and_uses_the_admin_pages(page: Any, live_server: LiveServer) -> None:
    email = f"root-{secrets.token_hex(3)}@example.org"
    _choose_password(page, flask(live_server, "staff", "create", email, "--role", "site_admin"))
    for lang in ("en", "fr"):
        page.goto(f"{live_server.url}/staff/{lang}/sign-in")
        _check(page, f"staff-{lang}-sign-in")
    _sign_in_with_keyboard(page, live_server, email)
    assert page.url.endswith("/staff/en/account/two-factor")
    _check(page, "staff-en-enrol")
    secret = page.locator("code.totp-key").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.locator("main form button.button").click()
    assert page.locator(".recovery-codes li").count() == 10
    _check(page, "staff-en-recovery-codes")
    for lang in ("en", "es", "fr"):
        for path in ("/staff/{lang}/admin/chambers", "/staff/{lang}/admin/accounts", "/staff/{lang}/admin/audit"):
            page.goto(live_server.url + path.format(lang=lang))
            _check(page, f"admin-{lang}-{path.rsplit('/', 1)[1]}")


def test_signing_in_and_saving_the_branding_work_without_javascript(page_without_js: Any,
                                                                     live_server: LiveServer) -> None:
    page = page_without_js
    email = f"nojs-{secrets.token_hex(3)}@example.org"
    _choose_password(page, flask(live_server, "staff", "create", email, "--role", "chamber_staff", "--chamber", "demo"),
                     check=False)
    _sign_in_with_keyboard(page, live_server, email)
    page.goto(f"{live_server.url}/demo/es/staff/settings/")
    page.fill("#welcome_es", "¡Bienvenidos a la cámara de demostración!")
    with page.expect_navigation():
        page.locator("main form button.button").first.click()
    assert page.locator(".notice-success").count() == 1
    page.goto(f"{live_server.url}/demo/es/")
    assert "¡Bienvenidos a la cámara de demostración!" in page.content()
    page.goto(f"{live_server.url}/staff/es/account")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Cerrar sesión|Sign out")).first.click()
    assert "/sign-in" in page.url
