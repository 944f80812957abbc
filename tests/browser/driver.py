"""Answering the wizard's steps in a browser, by mouse-free form filling or by
keyboard alone, from the same per-step answers the server-side tests use."""

from __future__ import annotations

from typing import Any

MAX_TABS = 250


def current_step(page: Any) -> str:
    path = page.url.split("?")[0].split("#")[0]
    return path.rsplit("/", 1)[1] if "/step/" in path else path.rstrip("/").rsplit("/", 1)[1]


def fill_step(page: Any, fields: dict[str, Any]) -> None:
    """Set every field the way a person would, then press "Save and continue"."""
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        first = page.locator(f'[name="{name}"]').first
        kind = first.evaluate("el => el.tagName === 'SELECT' ? 'select' : el.type")
        if kind in ("radio", "checkbox"):
            for item in values:
                page.check(f'input[name="{name}"][value="{item}"]')
        elif kind == "select":
            page.select_option(f'select[name="{name}"]', values[0])
        else:
            page.fill(f'[name="{name}"]', values[0])
    with page.expect_navigation():
        page.locator(".form-actions button").click()


def _focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        "() => { const el = document.activeElement; return {name: el.name || '', value: el.value || '',"
        " type: el.tagName === 'SELECT' ? 'select' : (el.type || ''), text: el.textContent || '',"
        " cls: el.className || ''}; }"
    )


def tab_to(page: Any, matches: Any) -> dict[str, Any]:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if matches(focused):
            return focused
    raise AssertionError("never reached by the Tab key")


def keyboard_step(page: Any, fields: dict[str, Any]) -> None:
    """The same, with the Tab, arrow, space and Enter keys only."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Escape")
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        focused = tab_to(page, lambda f, n=name: f["name"] == n)
        if focused["type"] == "radio":
            for _ in range(30):
                if _focused(page)["value"] == values[0]:
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        elif focused["type"] == "checkbox":
            pending = set(values)
            while pending:
                if _focused(page)["value"] in pending:
                    pending.discard(_focused(page)["value"])
                    page.keyboard.press("Space")
                if pending:
                    page.keyboard.press("Tab")
        elif focused["type"] == "select":
            for _ in range(120):
                if page.evaluate("() => document.activeElement.value") == values[0]:
                    break
                page.keyboard.press("ArrowDown")
        else:
            page.keyboard.press("Control+A")
            page.keyboard.type(str(values[0]))
    tab_to(page, lambda f: f["type"] == "submit" and "button" in f["cls"] and f["name"] == "action")
    with page.expect_navigation():
        page.keyboard.press("Enter")
