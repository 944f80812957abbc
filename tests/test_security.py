"""Security headers on every response, and CSRF on every form post."""

from __future__ import annotations

import re

import pytest
from itsdangerous import TimestampSigner

from app.chambers.services import ensure_demo_chamber

REQUIRED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def _get_urls(app) -> list[str]:
    """A URL for every GET route, with the demo chamber and English filled in."""
    values = {"chamber_slug": "demo", "lang": "en", "filename": "css/site.css"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and set(rule.arguments) <= set(values):
            urls.append(rule.build({k: values[k] for k in rule.arguments})[1])
    return [*urls, "/no/such/page"]


def test_every_get_route_sends_the_security_headers(app, client):
    ensure_demo_chamber()
    for url in _get_urls(app):
        headers = client.get(url).headers
        for name, value in REQUIRED_HEADERS.items():
            assert headers.get(name) == value, f"{url}: {name}"
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp, url
        assert "object-src 'none'" in csp, url
        assert "unsafe-inline" not in csp, url


def test_hsts_is_sent_over_https_only(app, client):
    ensure_demo_chamber()
    assert "Strict-Transport-Security" in client.get("/demo/en/", base_url="https://localhost").headers
    assert "Strict-Transport-Security" not in client.get("/demo/en/", base_url="http://localhost").headers


@pytest.fixture
def form_app(make_app):
    app = make_app()

    @app.post("/form-probe")
    def form_probe():
        return "saved"

    return app


def test_a_form_post_without_a_csrf_token_is_refused(form_app):
    response = form_app.test_client().post("/form-probe", data={"answer": "x"})
    assert response.status_code == 400
    assert "Please try again" in response.get_data(as_text=True)


def test_the_session_cookie_is_secure_by_default(app):
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def _page_token(client, path="/demo/en/questionnaire/"):
    page = client.get(path)
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def _signed_at(monkeypatch, second: int) -> None:
    """Sign as if the clock read `second` (tokens carry the time they were signed)."""
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: second)


def test_a_pages_csrf_token_is_accepted_from_its_browser_only(make_app, make_chamber, monkeypatch):
    make_chamber("demo")
    served = make_app()  # its requests get their own app context, as in production
    browser, other = served.test_client(), served.test_client()
    _signed_at(monkeypatch, 1_900_000_000)
    first = _page_token(browser)
    _signed_at(monkeypatch, 1_900_000_777)
    assert _page_token(browser, "/demo/fr/questionnaire/")  # a later page signs anew; the earlier token stays valid
    assert _page_token(other) != first
    started = browser.post("/demo/en/questionnaire/new", data={"csrf_token": first}, headers={"Referer": "https://localhost/"},
                           base_url="https://localhost")
    assert started.status_code == 302
    refused = other.post("/demo/en/questionnaire/new", data={"csrf_token": first}, headers={"Referer": "https://localhost/"},
                         base_url="https://localhost")
    assert refused.status_code == 400


def test_with_a_csrf_time_limit_every_page_signs_anew(make_app, make_chamber, monkeypatch):
    make_chamber("demo")
    limited = make_app(WTF_CSRF_TIME_LIMIT=3600)
    browser = limited.test_client()
    _signed_at(monkeypatch, 1_900_000_000)
    first = _page_token(browser)
    _signed_at(monkeypatch, 1_900_000_777)
    assert _page_token(browser) != first
