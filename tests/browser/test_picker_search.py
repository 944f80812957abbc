"""The searches of long lists as one types (wizard.js): the same matches as
the server's search without JavaScript, and the count said in a polite
status line."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import LiveServer, check_accessibility
from tests.browser.driver import fill_step
from tests.browser.test_wizard_browser import start
from tests.wizard.conftest import CONSULTANCY

VISIBLE = "id => [...document.querySelectorAll('#' + id + ' option')].filter(o => !o.hidden && o.value).map(o => o.value)"


def search(page: Any, name: str, typed: str) -> list[str]:
    page.fill(f"#{name}-filter", typed)
    return page.evaluate(VISIBLE, name)


def said(page: Any, name: str, text: str) -> None:
    """The status line ends up saying `text` (once typing pauses)."""
    page.wait_for_function("([id, text]) => document.getElementById(id).textContent === text", arg=[f"{name}-matches", text])


def test_the_sector_search_finds_what_the_business_does_and_codes(page: Any, live_server: LiveServer) -> None:
    start(page, live_server, "en")
    status = page.locator("#profile-naics-matches")
    assert status.get_attribute("role") == "status" and status.text_content() == ""
    assert search(page, "profile-naics", "software") == ["51", "54"]
    said(page, "profile-naics", "2 matches")
    assert search(page, "profile-naics", "consulting") == ["54"]
    said(page, "profile-naics", "1 match")
    assert search(page, "profile-naics", "337") == ["33"]
    assert search(page, "profile-naics", "5415") == ["54"]
    # Products, in any language, singular or plural, with or without accents: as the server finds them.
    assert search(page, "profile-naics", "maple syrup") == ["11", "31"]
    assert search(page, "profile-naics", "piezas para automoviles") == ["33"]
    assert "51" in search(page, "profile-naics", "logiciels")
    assert search(page, "profile-naics", "zzz") == []
    said(page, "profile-naics", "0 matches")
    check_accessibility(page)
    assert len(search(page, "profile-naics", "")) == 24
    said(page, "profile-naics", "")


def test_the_profession_search_finds_either_form_and_keeps_another_profession(page: Any,
                                                                            live_server: LiveServer) -> None:
    start(page, live_server, "es")
    for step in ("profile", "export", "travel"):
        fill_step(page, CONSULTANCY[step])
    assert search(page, "travel-profession", "enfermera") == ["registered_nurse", "other"]
    said(page, "travel-profession", "1 resultado")
    assert search(page, "travel-profession", "ingeniera") == ["engineer", "forester", "other"]
    said(page, "travel-profession", "2 resultados")
    assert search(page, "travel-profession", "astronauta") == ["other"]
    said(page, "travel-profession", "0 resultados")
