"""Switching language on a step keeps what was typed, without JavaScript: the
language switcher's buttons send the step form to the same step in the
other language, which shows it again, unsaved and without error messages."""

from __future__ import annotations

import re

from tests.wizard.conftest import WORKSHOP, Owner, csrf, version


def language_buttons(html: str) -> list[str]:
    return re.findall(r'<button type="submit" form="step-form" formaction="([^"]+)" name="action" value="language"', html)


def test_a_step_offers_each_other_language_as_a_button_sending_the_step_form(owner: Owner) -> None:
    owner.start()
    page = owner.get("profile", lang="fr")
    assert language_buttons(page.text) == [owner.step_url("profile", "en"), owner.step_url("profile", "es")]
    assert f'<a href="{owner.step_url("profile", "fr")}" lang="fr" aria-current="true">' in page.text


def test_enter_in_a_step_still_saves_the_first_submit_button_of_the_form_is_save(owner: Owner) -> None:
    owner.start()
    html = owner.get("profile").text
    first = re.search(r'<button type="submit"(?: form="step-form")?[^>]* name="action" value="(\w+)"', html)
    assert first.group(1) == "save"
    assert html.index(first.group(0)) < html.index('value="language"')


def test_switching_language_shows_the_same_step_with_what_was_typed_unsaved_and_without_errors(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    stored = owner.stored()
    page = owner.get("export")
    typed = {"export-stage": "occasional", "export-share_pct": "many", "export-markets": ["US", "CA"]}
    response = owner.client.post(owner.step_url("export", "es"), data={
        "csrf_token": csrf(page.text), "version": version(page.text), "action": "language", **typed,
    })
    assert response.status_code == 200
    assert '<html lang="es">' in response.text
    assert re.search(r'value="occasional" checked', response.text)
    assert re.search(r'value="US" checked', response.text) and re.search(r'value="CA" checked', response.text)
    assert 'value="many"' in response.text
    assert "error-summary" not in response.text and "field-error" not in response.text
    assert version(response.text) == str(stored.version)
    after = owner.stored()
    assert after.version == stored.version and "export" not in after.answers


def test_the_step_shown_in_the_new_language_can_then_be_saved(owner: Owner) -> None:
    owner.start()
    page = owner.get("profile")
    switched = owner.client.post(owner.step_url("profile", "fr"), data={
        "csrf_token": csrf(page.text), "version": version(page.text), "action": "language", **WORKSHOP["profile"],
    })
    owner.lang = "fr"
    saved = owner.submit("profile", WORKSHOP["profile"], page=switched)
    assert saved.status_code == 302 and saved.location.endswith("/fr/questionnaire/" + owner.public_id + "/step/export")
    assert owner.stored().answers["profile"]["employees"] == 14


def test_switching_language_keeps_the_way_back_to_check_your_answers(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    page = owner.client.get(owner.step_url("finance") + "?return=review")
    response = owner.client.post(owner.step_url("finance", "es"), data={
        "csrf_token": csrf(page.text), "version": version(page.text), "action": "language", "return": "review",
        "finance-needs": ["none"],
    })
    assert '<input type="hidden" name="return" value="review">' in response.text


def test_switching_language_is_a_post_and_needs_the_csrf_token(owner: Owner) -> None:
    owner.start()
    response = owner.client.post(owner.step_url("profile", "es"), data={"action": "language", **WORKSHOP["profile"]})
    assert response.status_code == 400
    assert 'id="step-form"' not in response.text


def test_pages_without_a_step_form_keep_plain_language_links(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    for page in (owner.review(), owner.client.get(owner.url(f"{owner.public_id}/save")), owner.client.get(owner.url(""))):
        assert 'value="language"' not in page.text and "formaction" not in page.text
        assert re.search(r'<a href="/demo/es/[^"]*" lang="es" hreflang="es">', page.text)
