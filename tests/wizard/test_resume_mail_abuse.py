""""E-mail me the link" is no relay: links on configured hosts only, sends limited."""

from __future__ import annotations

from pathlib import Path

from app.extensions import limiter
from tests.wizard.conftest import Owner, csrf
from tests.wizard.test_resume_keys_elsewhere import last_message


def _send(owner: Owner, address: str, **headers: str):
    page = owner.client.get(owner.url(f"{owner.public_id}/save"), headers=headers)
    return owner.client.post(owner.url(f"{owner.public_id}/save"), headers=headers,
                             data={"csrf_token": csrf(page.text), "email": address})


def test_the_e_mailed_link_is_on_the_configured_host_whatever_the_request_says(make_app, make_chamber, tmp_path):
    served = make_app(MAIL_OUTBOX_DIR=str(tmp_path), PUBLIC_BASE_URL="https://export.example.org",
                      TRUST_PROXY_HEADERS=True)
    make_chamber("demo")
    owner = Owner(served.test_client(), "demo")
    owner.start()
    # Behind a trusted proxy, X-Forwarded-Host becomes the request's host: the attack path.
    forged = {"X-Forwarded-Host": "attacker.example", "Referer": "https://attacker.example/"}
    response = _send(owner, "owner@example.org", **forged)
    assert response.status_code == 302
    body = last_message(Path(tmp_path)).get_content()
    assert "https://export.example.org/demo/en/resume/" in body
    assert "attacker" not in body
    page = owner.client.get(owner.step_url("profile"), headers=forged)
    assert "attacker" not in page.text and "https://export.example.org/demo/en/resume/" in page.text


def test_without_a_configured_host_no_link_is_e_mailed(make_app, make_chamber, tmp_path):
    served = make_app(MAIL_OUTBOX_DIR=str(tmp_path), PUBLIC_BASE_URL="")
    make_chamber("demo")
    owner = Owner(served.test_client(), "demo")
    owner.start()
    page = owner.client.get(owner.url(f"{owner.public_id}/save"))
    assert 'name="email"' not in page.text
    assert '"/demo/en/resume/' in page.text or ">/demo/en/resume/" in page.text


def test_one_address_gets_a_few_resume_e_mails_an_hour_at_most(make_app, make_chamber, tmp_path):
    served = make_app(MAIL_OUTBOX_DIR=str(tmp_path), RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                      RESUME_MAIL_RATE_LIMIT="3 per hour")
    limiter.reset()
    make_chamber("demo")
    statuses = []
    for _ in range(4):  # a new questionnaire each time: the address alone is limited
        owner = Owner(served.test_client(), "demo")
        owner.start()
        statuses.append(_send(owner, "Victim@Example.org").status_code)
    assert statuses == [302, 302, 302, 429]
    assert len(list(Path(tmp_path).glob("*.eml"))) == 3


def test_one_questionnaire_sends_a_few_resume_e_mails_an_hour_at_most(make_app, make_chamber, tmp_path):
    served = make_app(MAIL_OUTBOX_DIR=str(tmp_path), RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                      RESUME_MAIL_RATE_LIMIT="3 per hour")
    limiter.reset()
    make_chamber("demo")
    owner = Owner(served.test_client(), "demo")
    owner.start()
    statuses = [_send(owner, f"person{n}@example.org").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert owner.client.get(owner.url(f"{owner.public_id}/save")).status_code == 200  # reading is not limited
