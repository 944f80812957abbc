"""Rate limits: on the routes that declare them, with a translated answer."""

from __future__ import annotations

import os
import secrets

import pytest

from app.extensions import limiter
from tests.conftest import skip_or_fail


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


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_with_redis_several_workers_share_one_count(make_app, make_chamber):
    """Each worker of the default memory storage counts apart (README); with
    Redis, two app processes' requests add up to one limit."""
    import redis  # noqa: PLC0415

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis unreachable at {REDIS_URL}: {error}")
    make_chamber("demo")
    prefix = f"test-{secrets.token_hex(4)}"
    settings = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix,
                "WTF_CSRF_ENABLED": False}
    first, second = make_app(**settings).test_client(), make_app(**settings).test_client()
    statuses = [client.post("/demo/en/resume", data={"code": "ABCD-EFGH"}).status_code
                for client in (first, second) * 5]
    assert statuses == [422] * 10
    assert second.post("/demo/en/resume", data={"code": "ABCD-EFGH"}).status_code == 429
