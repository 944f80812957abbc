"""Leave and come back: resume link and code, other devices, expiry, deletion,
language switching and a second tab."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from flask import Flask

from app.assessments.models import Assessment, Contact
from app.clock import utcnow
from app.extensions import db
from app.wizard import current_steps
from app.wizard import services as svc
from tests.wizard.conftest import CONSULTANCY, WORKSHOP, Owner, csrf


def resume_keys(html: str) -> tuple[str, str]:
    link = re.search(r'class="resume-link" href="([^"]+)"', html).group(1)
    code = re.search(r'class="resume-code" lang="en">([^<]+)<', html).group(1)
    return link, code


def test_every_step_shows_a_resume_link_and_a_short_code(owner: Owner) -> None:
    owner.start()
    link, code = resume_keys(owner.get("profile").text)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 40


def test_only_hashes_of_the_link_and_the_code_are_stored(owner: Owner) -> None:
    owner.start()
    link, code = resume_keys(owner.get("profile").text)
    stored = owner.stored()
    token = link.rsplit("/", 1)[1]
    row = {c.name: getattr(stored, c.name) for c in Assessment.__table__.columns}
    assert token not in str(row) and code.replace("-", "") not in str(row)


def test_the_resume_link_opens_the_questionnaire_on_another_device(owner: Owner, another_browser: Owner) -> None:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export")})
    link, _ = resume_keys(owner.get("travel").text)
    response = another_browser.client.get(link.replace("https://localhost", ""))
    page = another_browser.client.get(response.location, follow_redirects=True)
    assert page.request.path.endswith("/step/travel")


def test_the_resume_code_opens_the_questionnaire_on_another_device(owner: Owner, another_browser: Owner) -> None:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile",)})
    _, code = resume_keys(owner.get("export").text)
    form = another_browser.client.get("/demo/en/resume")
    response = another_browser.client.post("/demo/en/resume", data={"csrf_token": csrf(form.text), "code": code.lower()},
                                           follow_redirects=True)
    assert response.request.path.endswith("/step/export")
    assert 'value="own_site"' in response.text


def test_a_wrong_code_is_refused_with_a_message(owner: Owner) -> None:
    form = owner.client.get("/demo/en/resume")
    response = owner.client.post("/demo/en/resume", data={"csrf_token": csrf(form.text), "code": "AAAA-AAAA"})
    assert response.status_code == 422 and "We found no questionnaire with this code" in response.text


def test_an_expired_link_no_longer_opens_the_questionnaire(owner: Owner, another_browser: Owner) -> None:
    owner.start()
    link, _ = resume_keys(owner.get("profile").text)
    stored = owner.stored()
    stored.resume_token_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = another_browser.client.get(link.replace("https://localhost", ""))
    assert response.location.endswith("/demo/en/resume")


def test_the_resume_period_is_configurable(make_app, make_chamber) -> None:
    app: Flask = make_app(WIZARD_RESUME_DAYS=3)
    with app.app_context():
        make_chamber("demo")
        owner = Owner(app.test_client(), "demo")
        owner.start()
        expires = owner.stored().resume_token_expires_at.replace(tzinfo=None)
        assert timedelta(days=2, hours=23) < expires - utcnow().replace(tzinfo=None) <= timedelta(days=3)


def test_a_stranger_without_the_link_cannot_open_the_questionnaire(owner: Owner, another_browser: Owner) -> None:
    owner.start()
    another_browser.public_id = owner.public_id
    response = another_browser.get("profile")
    assert response.status_code == 302 and response.location.endswith("/resume")


def test_the_resume_link_can_be_e_mailed_to_the_local_outbox(owner: Owner, app: Flask) -> None:
    owner.start()
    page = owner.client.get(owner.url(f"{owner.public_id}/save"))
    response = owner.client.post(owner.url(f"{owner.public_id}/save"),
                                 data={"csrf_token": csrf(page.text), "email": "owner@example.org"})
    assert response.status_code == 302
    messages = sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    body = messages[-1].read_text()
    link, code = resume_keys(owner.get("profile").text)
    assert "owner@example.org" in body and link in body and code in body


def test_deleting_removes_the_answers_and_the_contact_details_for_good(owner: Owner) -> None:
    owner.start()
    owner.answer_all(CONSULTANCY)
    owner.submit("consent", {"consent-aggregate_stats": "yes", "contact-email": "a@example.org"})
    assessment_id = owner.stored().id
    assert db.session.scalar(db.select(Contact).filter_by(assessment_id=assessment_id)) is not None
    page = owner.client.get(owner.url(f"{owner.public_id}/delete"))
    response = owner.client.post(owner.url(f"{owner.public_id}/delete"), data={"csrf_token": csrf(page.text)})
    assert response.location.endswith("/questionnaire/deleted")
    assert owner.stored() is None
    assert db.session.scalar(db.select(Contact).filter_by(assessment_id=assessment_id)) is None


def test_contact_details_are_kept_apart_from_the_answers(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    owner.submit("consent", {"consent-aggregate_stats": "no", "contact-business_name": "Muebles NL",
                             "contact-email": "ventas@example.mx"})
    stored = owner.stored()
    assert "contact" not in stored.answers
    contact = db.session.scalar(db.select(Contact).filter_by(assessment_id=stored.id))
    assert (contact.business_name, contact.email) == ("Muebles NL", "ventas@example.mx")


def test_switching_language_keeps_the_answers_and_the_step(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    english = owner.get("export")
    assert f'formaction="/demo/es/questionnaire/{owner.public_id}/step/export"' in english.text
    spanish = owner.get("export", lang="es")
    assert '<html lang="es">' in spanish.text
    assert re.search(r'value="occasional" checked', spanish.text)
    assert 'value="10"' in spanish.text


def test_a_step_shown_again_with_errors_switches_language_on_the_same_step(owner: Owner) -> None:
    owner.start()
    refused = owner.submit("profile", {**WORKSHOP["profile"], "profile-employees": "many"})
    assert refused.status_code == 422
    assert f'formaction="/demo/fr/questionnaire/{owner.public_id}/step/profile"' in refused.text


def test_a_stale_save_from_a_second_tab_is_refused_and_shows_the_current_answers(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    first_tab = owner.get("profile")
    second_tab = owner.get("profile")
    assert owner.submit("profile", {**WORKSHOP["profile"], "profile-employees": "20"}, page=first_tab).status_code == 302
    refused = owner.submit("profile", {**WORKSHOP["profile"], "profile-employees": "99"}, page=second_tab)
    assert refused.status_code == 409
    assert "These answers were changed in another window" in refused.text
    assert 'value="20"' in refused.text
    assert owner.stored().answers["profile"]["employees"] == 20


def test_the_refused_page_can_be_saved_again(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    stale = owner.get("profile")
    owner.submit("profile", WORKSHOP["profile"])
    refused = owner.submit("profile", {**WORKSHOP["profile"], "profile-employees": "99"}, page=stale)
    assert owner.submit("profile", {**WORKSHOP["profile"], "profile-employees": "99"}, page=refused).status_code == 302
    assert owner.stored().answers["profile"]["employees"] == 99


def test_editing_a_completed_questionnaire_asks_to_submit_it_again(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    owner.complete()
    response = owner.submit("finance", {"finance-needs": ["none"]}, **{"return": "review"})
    assert owner.stored().status == "draft"
    assert "submit them again" in owner.client.get(response.location).text


def test_each_save_moves_the_version_on_by_exactly_one(owner: Owner) -> None:
    owner.start()
    before = owner.stored().version
    owner.submit("profile", WORKSHOP["profile"])
    assert owner.stored().version == before + 1
    owner.submit("consent", {"consent-aggregate_stats": "no", "contact-email": "a@example.org"})
    assert owner.stored().version == before + 2


def test_a_save_starting_from_a_state_read_before_another_save_is_refused(owner: Owner) -> None:
    """The step view hands its loaded state to the save (no second read); a
    save another request made in between still wins: the UPDATE checks the version."""
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    stored = owner.stored()
    book = current_steps()
    loaded = svc.load_assessment(stored.public_id, stored.chamber_id)
    other = svc.save_step(book, stored.public_id, stored.chamber_id, {"profile.employees": 20}, loaded.version, "en")
    assert other.saved
    late = svc.save_step(book, stored.public_id, stored.chamber_id, {"profile.employees": 99}, loaded.version, "en", loaded)
    assert late.stale and not late.saved
    assert late.state.answers["profile"]["employees"] == 20
    assert owner.stored().answers["profile"]["employees"] == 20
    assert owner.stored().version == loaded.version + 1


def test_a_save_never_starts_from_another_questionnaire_s_state(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    first = owner.stored()
    owner.start()
    second = owner.stored()
    assert second.public_id != first.public_id
    book = current_steps()
    loaded_first = svc.load_assessment(first.public_id, first.chamber_id)
    saved = svc.save_step(book, second.public_id, second.chamber_id, {"profile.employees": 7}, second.version, "en",
                          loaded_first)
    assert saved.saved
    assert saved.state.public_id == second.public_id
    assert owner.stored().answers["profile"]["employees"] == 7
    assert db.session.get(Assessment, first.id).answers["profile"]["employees"] == 14
