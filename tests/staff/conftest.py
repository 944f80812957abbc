"""Staff accounts for tests: made through the services (real hashes, real
sessions), signed in through the real sign-in page."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts import services
from app.accounts.models import StaffUser
from app.assessments.models import Assessment, Contact
from app.chambers.models import Chamber
from app.clock import utcnow
from app.extensions import db
from app.sealing import seal, unseal

PASSWORD = "violet tractor morning 42"


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def browser(application: Flask) -> FlaskClient:
    """A test client that sends a Referer, as browsers do (Flask-WTF checks it over HTTPS)."""
    client = application.test_client()
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    return client


def seed_of(user: StaffUser) -> str | None:
    """The account's TOTP seed, as the authenticator app holds it (stored sealed)."""
    return unseal(services.TOTP_SEED, user.totp_secret) if user.totp_secret else None


def next_code(secret: str, steps_ahead: int = 1) -> str:
    """A TOTP code of a later time step: accepted once (the window is ±1 step),
    and never a replay of the code just used."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


@pytest.fixture
def make_staff(app: Flask) -> Callable[..., StaffUser]:
    """An active account with PASSWORD; `totp=True` gives it a second factor (`user.totp_secret`)."""

    def make(email: str, role: str = "chamber_staff", chambers: list[str] | None = None,
             totp: bool | None = None, password: str = PASSWORD) -> StaffUser:
        user = services.create_user(email, role, chambers or [])
        user.password_hash = services.hash_password(password)
        if totp is None:
            totp = role != "chamber_staff"
        if totp:
            user.totp_secret = seal(services.TOTP_SEED, pyotp.random_base32())
        db.session.commit()
        return user

    return make


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, secret: str | None = None,
            lang: str = "en") -> Any:
    page = client.get(f"/staff/{lang}/sign-in")
    response = client.post(f"/staff/{lang}/sign-in",
                           data={"csrf_token": csrf(page.text), "email": email, "password": password})
    if secret and response.status_code == 302 and "/sign-in/code" in response.headers["Location"]:
        page = client.get(f"/staff/{lang}/sign-in/code")
        response = client.post(f"/staff/{lang}/sign-in/code",
                               data={"csrf_token": csrf(page.text), "code": next_code(secret)})
    return response


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask) -> Flask:
    """The app browsers talk to: a second instance on the same database (the
    `app` fixture keeps a context pushed, whose `g` would be shared by every
    request, CSRF token included)."""
    return make_app()


@pytest.fixture
def signed_in(served: Flask, make_staff: Callable[..., StaffUser]) -> Callable[..., FlaskClient]:
    """A new client signed in as `user` (with its second factor if it has one)."""

    def client_for(user: StaffUser) -> FlaskClient:
        client = browser(served)
        response = sign_in(client, user.email, secret=seed_of(user))
        assert response.status_code == 302 and "/sign-in" not in response.headers["Location"], response.text
        return client

    return client_for


EXAMPLE = Path(__file__).resolve().parents[2] / "app" / "answers" / "examples" / "furniture-workshop-mx.json"


@pytest.fixture
def make_shared(app: Flask) -> Callable[..., Assessment]:
    """A completed questionnaire of `chamber` with contact details; `shared` is
    the owner's answer to consent.share_with_host."""
    answers_template = json.loads(EXAMPLE.read_text(encoding="utf-8"))

    def make(chamber: Chamber, business_name: str, email: str | None = None, shared: bool = True,
             completed_at: datetime | None = None, status: str = "completed") -> Assessment:
        answers = json.loads(json.dumps(answers_template))
        answers["consent"] = {"aggregate_stats": True, "share_with_host": shared}
        answers.pop("contact", None)
        assessment = Assessment(chamber_id=chamber.id, answers=answers, status=status, locale="en",
                                completed_at=(completed_at or utcnow()) if status == "completed" else None,
                                consent_share_with_host=shared, consent_aggregate_stats=True)
        db.session.add(assessment)
        db.session.flush()
        db.session.add(Contact(assessment_id=assessment.id, business_name=business_name, email=email))
        db.session.commit()
        return assessment

    return make
