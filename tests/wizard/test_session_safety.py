"""What a browser's session holds, and what others can make it do."""

from __future__ import annotations

import base64
import zlib

import pytest

from tests.wizard.conftest import Owner, csrf
from tests.wizard.test_input_checks import field_error
from tests.wizard.test_save_and_resume import resume_keys


def test_a_nul_byte_in_a_text_answer_is_refused_next_to_the_field(owner: Owner) -> None:
    owner.start()
    owner.answer_all({"profile": {"profile-country": "MX", "profile-region": "MX-NLE", "profile-naics": "33",
                                  "profile-naics-detail": "337122", "profile-employees": "14", "profile-women_owned": "no"}})
    page = owner.get("consent")
    response = owner.submit("consent", {"consent-aggregate_stats": "no", "contact-business_name": "Muebles\x00NL"}, page)
    assert response.status_code == 422
    assert field_error(response.text, "contact-business_name") == "Remove the invisible control characters from this answer."


@pytest.mark.parametrize("path", ["step/profile", "review", "save"])
def test_pages_with_answers_or_keys_are_never_cached(owner: Owner, path: str) -> None:
    owner.start()
    response = owner.client.get(owner.url(f"{owner.public_id}/{path}"))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_a_questionnaire_opened_under_another_chamber_is_not_forgotten(owner: Owner, make_chamber) -> None:
    make_chamber("other")
    owner.start()
    elsewhere = owner.client.get(f"/other/en/questionnaire/{owner.public_id}/step/profile")
    assert elsewhere.status_code == 404
    assert "no longer exists" not in elsewhere.text
    assert owner.get("profile").status_code == 200


def test_a_resume_link_to_a_strangers_questionnaire_asks_before_switching(owner: Owner, another_browser: Owner) -> None:
    another_browser.start()
    link, _ = resume_keys(another_browser.get("profile").text)
    owner.start()
    asked = owner.client.get(link)
    assert asked.status_code == 200
    assert "Open another questionnaire?" in asked.text
    mine = owner.client.get(owner.url(f"{another_browser.public_id}/step/profile"))
    assert mine.status_code == 302 and mine.location.endswith("/resume")  # not switched by the GET
    opened = owner.client.post(link, data={"csrf_token": csrf(asked.text)})
    assert opened.status_code == 302
    assert owner.client.get(owner.url(f"{another_browser.public_id}/step/profile")).status_code == 200


def test_a_resume_link_opens_at_once_in_a_browser_without_questionnaires(owner: Owner, another_browser: Owner) -> None:
    owner.start()
    link, _ = resume_keys(owner.get("profile").text)
    assert another_browser.client.get(link).status_code == 302


def test_the_browser_forgets_the_oldest_questionnaire_not_the_alphabetically_first(served, chamber) -> None:
    while True:  # until the oldest is not also the alphabetically first, so the test tells the two apart
        owner, opened = Owner(served.test_client(), "demo"), []
        for _ in range(6):
            owner.start()
            opened.append(owner.public_id)
        if opened[0] != min(opened):
            break
    for public_id in opened[1:]:
        assert owner.client.get(owner.url(f"{public_id}/step/profile")).status_code == 200
    assert owner.client.get(owner.url(f"{opened[0]}/step/profile")).status_code == 302


def test_a_double_clicked_submit_leads_to_the_plan_without_a_stale_warning(owner: Owner) -> None:
    from tests.wizard.conftest import CONSULTANCY, version

    owner.start()
    owner.answer_all(CONSULTANCY)
    page = owner.review()
    data = {"csrf_token": csrf(page.text), "version": version(page.text)}
    first = owner.client.post(owner.url(f"{owner.public_id}/review"), data=data)
    second = owner.client.post(owner.url(f"{owner.public_id}/review"), data=data)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location and second.location.endswith("/results")
    assert "another window" not in owner.client.get(second.location).text


def test_the_session_cookie_holds_no_readable_resume_key(owner: Owner, app) -> None:
    """The cookie is signed, not encrypted: whoever reads it must not learn a
    link or code that opens the questionnaire from anywhere. The page still
    shows both, from the sealed copy."""
    owner.start()
    link, code = resume_keys(owner.get("profile").text)
    token = link.rsplit("/", 1)[1]
    cookie = owner.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    payload = cookie.value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie.value.startswith("."):  # compressed
        raw = zlib.decompress(raw)
    text = raw.decode()
    assert owner.public_id in text  # what identifies the questionnaire stays
    for secret in (token, code, code.replace("-", "")):
        assert secret not in text
    assert token[:12] not in text and code.replace("-", "")[:6] not in text


def test_no_resume_token_is_kept_in_the_url_cache(owner: Owner, another_browser: Owner, served) -> None:
    """URLs built by templates are kept per process (app/urls.py); a resume
    link's token must never be among them."""
    another_browser.start()
    link, _ = resume_keys(another_browser.get("profile").text)
    owner.start()
    asked = owner.client.get(link)
    assert "Open another questionnaire?" in asked.text
    token = link.rsplit("/", 1)[1]
    cached = served.extensions["url_cache"]
    assert cached and not any(token in url or token in str(key) for key, url in cached.items())
