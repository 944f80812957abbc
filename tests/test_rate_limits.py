"""Rate limits: on the routes that declare them, with a translated answer."""

from __future__ import annotations

import pytest

from app.extensions import limiter


@pytest.fixture
def limited(make_app, make_chamber):
    make_chamber("demo")
    application = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", WTF_CSRF_ENABLED=False)
    limiter.reset()
    return application


def test_resume_codes_cannot_be_tried_more_than_ten_times_a_minute(limited):
    client = limited.test_client()
    statuses = [client.post("/demo/fr/resume", data={"code": "ABCD-EFGH"}).status_code for _ in range(11)]
    assert statuses == [422] * 10 + [429]
    page = client.post("/demo/fr/resume", data={"code": "ABCD-EFGH"})
    assert page.status_code == 429
    assert '<html lang="fr">' in page.text
    assert "Trop de tentatives" in page.text


def test_typing_a_code_is_limited_but_reading_the_page_is_not(limited):
    client = limited.test_client()
    for _ in range(11):
        client.post("/demo/en/resume", data={"code": "ABCD-EFGH"})
    assert client.get("/demo/en/resume").status_code == 200


def test_pdf_downloads_by_resume_link_are_limited(limited):
    client = limited.test_client()
    statuses = {client.get("/demo/en/resume/not-a-token/plan.pdf").status_code for _ in range(20)}
    assert statuses == {302}
    assert client.get("/demo/en/resume/not-a-token/plan.pdf").status_code == 429


def test_the_api_answers_a_rate_limit_in_json_in_the_asked_language(make_app):
    application = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="1 per minute", RATELIMIT_STORAGE_URI="memory://")
    limiter.reset()
    client = application.test_client()
    client.post("/api/v1/plans?locale=es", json={})
    response = client.post("/api/v1/plans?locale=es", json={})
    assert response.status_code == 429
    body = response.get_json()
    assert body["locale"] == "es"
    assert body["problems"][0]["path"] == "$"
    assert "minuto" in body["problems"][0]["message"]


def test_no_request_pays_for_limits_nobody_declared(limited, make_app):
    """The check Flask-Limiter runs before every request serves only
    application-wide and default limits: dropped while none is declared."""
    assert limiter._check_request_limit not in limited.before_request_funcs.get(None, [])
    with_defaults = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", RATELIMIT_DEFAULT="1000 per hour")
    assert limiter._check_request_limit in with_defaults.before_request_funcs.get(None, [])
