"""Pages refuse hostile input cheaply and clearly: no 500, no worker pinned, nothing saved."""

from __future__ import annotations

import pytest

from app.extensions import limiter
from app.wizard.forms import MAX_NUMBER_CHARS, NumberTooLong, parse_number
from tests.wizard.conftest import WORKSHOP, Owner
from tests.wizard.test_input_checks import at_finance, field_error


@pytest.mark.parametrize("query", ["_method=DELETE", "_external=1", "_anchor=x&_scheme=javascript", "return=review&x=1"])
def test_any_query_argument_leaves_the_home_page_and_its_language_links_alone(client, make_chamber, query):
    make_chamber("demo")
    response = client.get(f"/demo/en/?{query}", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert "evil.example" not in response.text
    assert 'href="/demo/fr/' in response.text


def test_a_step_keeps_only_the_return_argument_in_its_language_links(owner: Owner) -> None:
    owner.start()
    page = owner.client.get(owner.step_url("profile") + "?return=review&_method=DELETE&evil=1")
    assert page.status_code == 200
    assert f'{owner.step_url("profile", "fr")}?return=review"' in page.text
    assert "evil" not in page.text and "_method" not in page.text


def test_a_number_longer_than_any_amount_is_refused_before_it_is_converted():
    with pytest.raises(NumberTooLong):
        parse_number("9" * (MAX_NUMBER_CHARS + 1), integer=False)
    assert parse_number("US$ 1 000 000 000 000,00", integer=False) == 10**12


def test_a_400000_digit_amount_is_refused_next_to_the_field_with_the_bound(owner: Owner) -> None:
    at_finance(owner)
    response = owner.submit("finance", {**WORKSHOP["finance"], "finance-amount_needed": "9" * 400_000})
    assert response.status_code == 422
    assert field_error(response.text, "finance-amount_needed") == "Enter an amount no greater than US$1,000,000,000,000."
    assert "finance" not in owner.stored().answers


def test_a_body_over_the_size_limit_gets_a_translated_413_page(make_app, make_chamber):
    make_chamber("demo")
    application = make_app(MAX_CONTENT_LENGTH=1024, WTF_CSRF_ENABLED=False)
    response = application.test_client().post("/demo/es/resume", data={"code": "x" * 4096})
    assert response.status_code == 413
    assert '<html lang="es">' in response.text
    assert "demasiado grande" in response.text


def test_step_saves_are_rate_limited_per_address(make_app, make_chamber):
    make_chamber("demo")
    application = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", STEP_SAVE_RATE_LIMIT="3 per minute")
    limiter.reset()
    owner = Owner(application.test_client(), "demo")
    owner.start()
    statuses = [owner.submit("profile", {"profile-country": "MX"}).status_code for _ in range(4)]
    assert statuses[:3] != [429] * 3 and statuses[3] == 429
    assert owner.get("profile").status_code == 200  # reading the page is not limited
