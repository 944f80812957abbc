"""The questionnaire in a real browser: every language, keyboard only, without
JavaScript, on a 360 px screen, across a language switch and a server crash;
axe-core finds no WCAG 2.1 A/AA violation on any page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveServer, check_accessibility, new_page, screenshot
from tests.browser.driver import current_step, fill_step, keyboard_step
from tests.wizard.conftest import CONSULTANCY, WORKSHOP


def start(page: Any, server: LiveServer, lang: str) -> None:
    page.goto(f"{server.url}/demo/{lang}/")
    page.locator("main a.button").click()
    page.locator("main form button.button").click()
    page.wait_for_url("**/step/profile")


def run_journey(page: Any, journey: dict[str, dict[str, Any]], lang: str, audit: bool = True,
                answer: Any = fill_step) -> None:
    for expected, fields in journey.items():
        assert current_step(page) == expected
        if audit:
            check_accessibility(page)
            screenshot(page, f"{lang}-{expected}")
        answer(page, fields)
    assert current_step(page) == "review"


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_whole_journey_in_each_language_has_no_accessibility_violation(page: Any, live_server: LiveServer,
                                                                          lang: str) -> None:
    journey = CONSULTANCY if lang != "es" else WORKSHOP
    start(page, live_server, lang)
    run_journey(page, journey, lang)
    assert page.locator("html").get_attribute("lang") == lang
    check_accessibility(page)
    screenshot(page, f"{lang}-review")
    page.locator("main form button.button").last.click()
    page.wait_for_url("**/results")
    check_accessibility(page)
    screenshot(page, f"{lang}-results")
    assert page.locator("h1").count() == 1


def test_the_journey_works_without_javascript_on_a_phone(page_without_js: Any, live_server: LiveServer) -> None:
    page = page_without_js
    start(page, live_server, "en")
    assert page.evaluate("() => window.innerWidth") == 360
    run_journey(page, WORKSHOP, "nojs", audit=False)
    page.locator("main form button.button").last.click()
    page.wait_for_url("**/results")


def test_nothing_overflows_a_360_px_screen(page: Any, live_server: LiveServer) -> None:
    start(page, live_server, "fr")
    for _ in range(2):
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= 360, f"{page.url} is {overflow}px wide"
        fill_step(page, WORKSHOP[current_step(page)])


def test_the_whole_journey_with_the_keyboard_alone(page: Any, live_server: LiveServer) -> None:
    start(page, live_server, "en")
    run_journey(page, WORKSHOP, "keyboard", audit=False, answer=keyboard_step)


def test_a_failed_submit_moves_focus_to_the_error_summary(page: Any, live_server: LiveServer) -> None:
    start(page, live_server, "es")
    page.locator(".form-actions button").click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    check_accessibility(page)
    screenshot(page, "es-profile-errors")
    page.locator("#error-summary a").first.click()
    assert page.evaluate("() => document.activeElement.name") == "profile-country"


def test_switching_language_mid_way_loses_no_answer(page: Any, live_server: LiveServer) -> None:
    start(page, live_server, "en")
    fill_step(page, WORKSHOP["profile"])
    fill_step(page, WORKSHOP["export"])
    page.check('input[name="goods-origin_basis"][value="wholly_obtained"]')  # typed, not yet saved
    page.locator('.language-switcher [lang="fr"]').click()  # a button on a step: it sends the form
    page.wait_for_url("**/fr/questionnaire/**/step/goods")
    assert page.is_checked('input[name="goods-origin_basis"][value="wholly_obtained"]')
    page.locator(".back-link").click()
    assert page.is_checked('input[name="export-stage"][value="occasional"]')
    assert page.input_value('input[name="export-share_pct"]') == "10"
    page.locator(".back-link").click()
    assert page.input_value('select[name="profile-region"]') == "MX-NLE"
    assert page.input_value('input[name="profile-naics-detail"]') == "337"


def test_the_profession_picker_filters_as_you_type(page: Any, live_server: LiveServer) -> None:
    start(page, live_server, "en")
    for step in ("profile", "export", "travel"):
        fill_step(page, CONSULTANCY[step])
    page.fill("#travel-profession-filter", "analyst")
    visible = page.evaluate("() => [...document.querySelectorAll('#travel-profession option')]"
                            ".filter(o => !o.hidden && o.value).map(o => o.value)")
    assert visible == ["computer_systems_analyst", "other"]  # "Another profession" is never filtered away


def test_answers_survive_a_server_crash_between_steps(browser: Any, live_server: LiveServer) -> None:
    page = new_page(browser)
    try:
        start(page, live_server, "es")
        fill_step(page, WORKSHOP["profile"])
        fill_step(page, WORKSHOP["export"])
        link = page.locator(".resume-link").get_attribute("href")
        live_server.restart(kill=True)
        other_device = new_page(browser)
        other_device.goto(link)
        other_device.wait_for_url("**/step/goods")
        other_device.locator(".back-link").click()
        assert other_device.is_checked('input[name="export-stage"][value="occasional"]')
        other_device.locator(".back-link").click()
        assert other_device.input_value('input[name="profile-employees"]') == "14"
        other_device.context.close()
    finally:
        page.context.close()
