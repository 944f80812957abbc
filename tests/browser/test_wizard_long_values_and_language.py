"""In a real browser: long unbroken values (e-mail addresses, business names)
wrap on a 360 px screen, and switching language on a step keeps what was
typed, with or without JavaScript, by keyboard too."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveServer, check_accessibility, screenshot
from tests.browser.driver import current_step, fill_step, tab_to
from tests.browser.test_wizard_browser import start
from tests.wizard.conftest import WORKSHOP

LONG_EMAIL = "direccion.de.ventas.exportaciones1@mueblesregiomontanos.com.mx"  # 62 characters
LONG_NAME = "MueblesRegiomontanosDeExportaciónYDiseñoContemporáneoSociedadAnónima"


def assert_fits(page: Any, width: int = 360) -> None:
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide}px wide"


def answer_until_consent(page: Any) -> None:
    for step, fields in WORKSHOP.items():
        if step == "consent":
            break
        fill_step(page, fields)
    assert current_step(page) == "consent"


@pytest.mark.parametrize("address", ["ventas@mueblesregiomontanos.com.mx", LONG_EMAIL])
def test_a_long_e_mail_address_wraps_on_the_review_and_results_pages_at_360_px(page: Any, live_server: LiveServer,
                                                                               address: str) -> None:
    start(page, live_server, "es")
    answer_until_consent(page)
    fill_step(page, {**WORKSHOP["consent"], "contact-business_name": LONG_NAME, "contact-email": address})
    assert current_step(page) == "review"
    assert page.locator(".summary-value", has_text=address).count() == 1
    assert_fits(page)
    check_accessibility(page)
    screenshot(page, f"es-review-long-email-{len(address)}")
    page.locator("main form button.button").last.click()
    page.wait_for_url("**/results")
    assert_fits(page)
    page.goto(page.url.replace("/results", "/save"))
    page.fill("#email", address)
    with page.expect_navigation():
        page.locator("main form button.button").first.click()
    assert page.locator(".notice-success", has_text=address).count() == 1
    assert_fits(page)


def test_a_long_address_typed_in_the_e_mail_field_does_not_widen_the_page(page: Any, live_server: LiveServer) -> None:
    start(page, live_server, "en")
    answer_until_consent(page)
    page.fill('input[name="contact-email"]', LONG_EMAIL * 3)
    page.fill('input[name="contact-business_name"]', LONG_NAME * 2)
    assert_fits(page)


def type_on_export(page: Any) -> None:
    """Answers typed on the export step, not saved."""
    page.check('input[name="export-stage"][value="occasional"]')
    page.fill('input[name="export-share_pct"]', "35")
    page.check('input[name="export-markets"][value="CA"]')


def assert_export_kept(page: Any, lang: str) -> None:
    page.wait_for_url(f"**/{lang}/questionnaire/**/step/export")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.is_checked('input[name="export-stage"][value="occasional"]')
    assert page.input_value('input[name="export-share_pct"]') == "35"
    assert page.is_checked('input[name="export-markets"][value="CA"]')
    assert page.locator("#error-summary").count() == 0


def test_without_javascript_switching_language_keeps_what_was_typed_on_the_same_step(page_without_js: Any,
                                                                                     live_server: LiveServer) -> None:
    page = page_without_js
    start(page, live_server, "en")
    fill_step(page, WORKSHOP["profile"])
    type_on_export(page)
    with page.expect_navigation():
        page.locator('.language-switcher button[lang="es"]').click()
    assert_export_kept(page, "es")
    with page.expect_navigation():
        page.locator('.language-switcher button[lang="fr"]').click()
    assert_export_kept(page, "fr")
    fill_step(page, {"export-markets": ["US"], "export-offering": ["goods"], "digital-sells_online": "no"})
    assert current_step(page) == "goods" and "/fr/" in page.url


def test_the_language_buttons_work_from_the_keyboard_and_pass_axe(page: Any, live_server: LiveServer) -> None:
    start(page, live_server, "en")
    fill_step(page, WORKSHOP["profile"])
    type_on_export(page)
    check_accessibility(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Escape")
    focused = tab_to(page, lambda f: f["type"] == "submit" and f["value"] == "language" and "Español" in f["text"])
    assert focused["name"] == "action"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_export_kept(page, "es")
    check_accessibility(page)
    screenshot(page, "es-export-after-language-switch")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_enter_in_a_text_field_saves_the_step_and_does_not_switch_language(browser: Any, live_server: LiveServer,
                                                                          javascript: bool) -> None:
    from tests.browser.conftest import new_page

    page = new_page(browser, javascript=javascript)
    try:
        start(page, live_server, "en")
        fill_step(page, WORKSHOP["profile"])
        page.check('input[name="export-stage"][value="occasional"]')
        page.check('input[name="export-markets"][value="US"]')
        page.check('input[name="export-offering"][value="goods"]')
        page.check('input[name="digital-sells_online"][value="no"]')
        page.fill('input[name="export-share_pct"]', "10")
        with page.expect_navigation():
            page.press('input[name="export-share_pct"]', "Enter")
        assert "/en/" in page.url and current_step(page) == "goods"
    finally:
        page.context.close()


def test_keys_renewed_on_another_device_lock_this_one_out_with_a_notice(browser: Any, live_server: LiveServer) -> None:
    from tests.browser.conftest import new_page

    first, second = new_page(browser), new_page(browser)
    try:
        start(first, live_server, "en")
        code = first.locator(".resume-code").inner_text()
        second.goto(f"{live_server.url}/demo/en/resume")
        second.fill("#code", code)
        with second.expect_navigation():
            second.locator("main form button.button").click()
        second.goto(second.url.split("/step/")[0] + "/save")
        with second.expect_navigation():
            second.locator('button[value="renew"]').click()
        new_code = second.locator(".resume-code").first.inner_text()
        first.reload()
        assert first.url.endswith("/demo/en/resume")
        assert "renewed on another device" in first.locator("main").inner_text()
        check_accessibility(first)
        screenshot(first, "en-resume-keys-renewed-elsewhere")
        first.fill("#code", new_code)
        with first.expect_navigation():
            first.locator("main form button.button").click()
        assert "/step/" in first.url
    finally:
        first.context.close()
        second.context.close()
