"""A business owner's browser, driven through the test client.

`owner` starts questionnaires and submits steps the way the pages' forms do
(CSRF token, the version the page was rendered with), on the session
database of tests/conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.assessments.models import Assessment
from app.chambers.models import Chamber
from app.extensions import db

# The Montréal software consultancy of product.md, step by step (form fields).
CONSULTANCY = {
    "profile": {"profile-country": "CA", "profile-region": "CA-QC", "profile-naics": "54", "profile-naics-detail": "5415",
                "profile-employees": "6", "profile-women_owned": "no"},
    "export": {"export-stage": "exploring", "export-markets": ["US", "MX"], "export-offering": ["services", "digital"],
               "digital-sells_online": "own_site", "export-staff_languages": ["en", "fr"]},
    "travel": {"travel-needed": "yes"},
    "travel_details": {"travel-purposes": ["deliver_professional_services"], "travel-citizenship": "CA",
                       "travel-destination": "US", "travel-profession": "computer_systems_analyst",
                       "travel-education": "bachelor", "travel-years_experience": "5", "travel-has_prearranged_work": "yes",
                       "travel-self_employed_in_destination": "no", "travel-duration": "weeks"},
    "digital": {"digital-b2c": "yes", "digital-annual_b2c_sales-US": "40 000",
                "digital-annual_b2c_sales-MX": "12,000", "digital-collects_personal_data": "yes",
                "digital-data_subject_markets": ["US", "MX"], "digital-privacy_notice": "home_only"},
    "finance": {"finance-needs": ["none"]},
    "consent": {"consent-aggregate_stats": "yes"},
}

# The Nuevo León furniture workshop: goods with imported parts, nobody travels.
WORKSHOP = {
    "profile": {"profile-country": "MX", "profile-region": "MX-NLE", "profile-naics": "33", "profile-naics-detail": "337",
                "profile-employees": "14"},
    "export": {"export-stage": "occasional", "export-share_pct": "10", "export-markets": ["US"],
               "export-offering": ["goods"], "digital-sells_online": "no"},
    "goods": {"goods-hs_code": "9403.60", "goods-origin_basis": "some_non_originating",
              "goods-has_certification_process": "no"},
    "goods_costs": {"goods-unit_transaction_value": "800", "goods-unit_non_originating_value": "300",
                    "goods-tariff_shift_met": "unknown"},
    "travel": {"travel-needed": "no"},
    "finance": {"finance-needs": ["working_capital"], "finance-amount_needed": "50,000"},
    "consent": {"consent-aggregate_stats": "no"},
}


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def error_summary(html: str) -> list[tuple[str, str]]:
    """The error summary's lines as (link, message); the question each line names is left out."""
    found = re.search(r'<div class="error-summary".*?</ul>', html, re.S)
    assert found is not None, "no error summary"
    return re.findall(r'<li><a href="([^"]+)">(?:<span class="error-question">[^<]*</span> )?([^<]*)</a></li>', found.group(0))


def version(html: str) -> str:
    found = re.search(r'name="version" value="([^"]*)"', html)
    return found.group(1) if found else ""


class Owner:
    """One browser: its own cookies, starting and answering questionnaires."""

    def __init__(self, client: FlaskClient, chamber: str, lang: str = "en") -> None:
        self.client = client
        self.chamber = chamber
        self.lang = lang
        self.public_id: str | None = None
        # Flask-WTF checks the Referer on HTTPS, as browsers send it.
        client.environ_base["HTTP_REFERER"] = "https://localhost/"

    def url(self, tail: str, lang: str | None = None) -> str:
        return f"/{self.chamber}/{lang or self.lang}/questionnaire/{tail}"

    def step_url(self, step: str, lang: str | None = None) -> str:
        return self.url(f"{self.public_id}/step/{step}", lang)

    def start(self) -> TestResponse:
        page = self.client.get(self.url(""))
        response = self.client.post(self.url("new"), data={"csrf_token": csrf(page.text)})
        assert response.status_code == 302, response.text
        self.public_id = response.location.split("/questionnaire/")[1].split("/")[0]
        return response

    def get(self, step: str, lang: str | None = None) -> TestResponse:
        return self.client.get(self.step_url(step, lang))

    def submit(self, step: str, fields: dict[str, Any], page: TestResponse | None = None, **query: str) -> TestResponse:
        page = page or self.get(step)
        assert page.status_code in (200, 409, 422), page.text
        data = {"csrf_token": csrf(page.text), "version": version(page.text), **fields, **query}
        return self.client.post(self.step_url(step), data=data)

    def answer_all(self, journey: dict[str, dict[str, Any]]) -> None:
        for step, fields in journey.items():
            response = self.submit(step, fields)
            assert response.status_code == 302, f"{step}: {response.status_code}\n{response.text}"

    def review(self) -> TestResponse:
        return self.client.get(self.url(f"{self.public_id}/review"))

    def complete(self) -> TestResponse:
        page = self.review()
        return self.client.post(self.url(f"{self.public_id}/review"),
                                data={"csrf_token": csrf(page.text), "version": version(page.text)})

    def stored(self) -> Assessment:
        db.session.expire_all()
        return db.session.scalar(db.select(Assessment).filter_by(public_id=self.public_id))


@pytest.fixture
def chamber(make_chamber: Callable[..., Chamber]) -> Chamber:
    return make_chamber("demo")


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask) -> Flask:
    """The app the browsers talk to: a second instance on the same database.

    The `app` fixture keeps an application context pushed (for assertions on
    the database); requests to that same instance would share its `g`, and
    with it one CSRF token for every browser. Each request here gets its own.
    """
    return make_app()


@pytest.fixture
def owner(served: Flask, chamber: Chamber) -> Owner:
    return Owner(served.test_client(), chamber.slug)


@pytest.fixture
def another_browser(served: Flask, chamber: Chamber) -> Owner:
    return Owner(served.test_client(), chamber.slug)
