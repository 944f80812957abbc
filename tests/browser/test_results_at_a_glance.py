"""The results page on a laptop (issue 14): for each example business of the
specification, in each language, what we found sits beside at most five
things to do first, with no accessibility violation; the page (the first
1280×800 screen and the whole page) and the PDF's first pages are kept as
screenshots in test-artifacts/browser/ for a person to look at.

Both end within the first 800 px: the whole of what we found and the five
first actions, titles and dates, in each language.

The businesses are the specification's own examples (app/answers/examples),
stored as completed questionnaires with a resume link this test knows, so
the page is the one an owner opening their link sees.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.browser.conftest import ARTIFACTS, ROOT, LiveServer, check_accessibility

EXAMPLES = sorted((ROOT / "app" / "answers" / "examples").glob("*.json"))
SCREEN = {"width": 1280, "height": 800}


def _completed(server: LiveServer, example: Path, lang: str) -> str:
    """A completed questionnaire with these answers; its resume token."""
    answers = json.loads(example.read_text(encoding="utf-8"))
    answers.pop("contact", None)
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    engine = sa.create_engine(server.env["DATABASE_URL"])
    from app.assessments.models import Assessment  # noqa: PLC0415  (the table, typed: JSON or JSONB)

    table = Assessment.__table__
    with engine.begin() as connection:
        chamber_id = connection.execute(sa.text("SELECT id FROM chambers WHERE slug = 'demo'")).scalar_one()
        connection.execute(sa.insert(table).values(
            public_id=secrets.token_urlsafe(16), chamber_id=chamber_id, answers=answers, locale=lang,
            status="completed", version=1, created_at=now, updated_at=now, completed_at=now,
            current_step="results", resume_token_hash=hashlib.sha256(token.encode()).hexdigest(),
            resume_token_expires_at=now + timedelta(days=30)))
    engine.dispose()
    return token


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_findings_beside_the_first_five_on_a_laptop_screen(browser: Any, live_server: LiveServer, example: Path,
                                                           lang: str) -> None:
    token = _completed(live_server, example, lang)
    context = browser.new_context(viewport=SCREEN, bypass_csp=True, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/demo/{lang}/resume/{token}")
        page.wait_for_url("**/results")
        first = page.locator(".first-actions li.action")
        assert 1 <= first.count() <= 5
        assert page.locator(".findings").count() == 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = f"results-{example.stem}-{lang}"
        page.screenshot(path=str(ARTIFACTS / f"{name}-screen.png"))  # what the owner sees first
        page.screenshot(path=str(ARTIFACTS / f"{name}-page.png"), full_page=True)
        findings, first_actions = (page.locator(part).bounding_box() for part in (".findings", ".first-actions"))
        # side by side: the first actions start level with the findings, to their right
        assert abs(first_actions["y"] - findings["y"]) < 5 and first_actions["x"] > findings["x"] + findings["width"]
        # and both end within the first screen
        ends = {part: box["y"] + box["height"] for part, box in (("findings", findings), ("first actions", first_actions))}
        assert max(ends.values()) <= SCREEN["height"], ends
        check_accessibility(page)
        pdf = page.request.get(f"{live_server.url}/demo/{lang}/resume/{token}/plan.pdf")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        (ARTIFACTS / f"{name}.pdf").write_bytes(pdf.body())
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(ARTIFACTS / f"{name}.pdf"),
                        str(ARTIFACTS / f"{name}-pdf")], check=True, timeout=60)
        assert (ARTIFACTS / f"{name}-pdf-1.png").exists() or (ARTIFACTS / f"{name}-pdf-01.png").exists()
    finally:
        context.close()
