"""The two optional planned dates (first shipment, first trip): a date field
on the page, stored as YYYY-MM-DD; a malformed, past or absurdly distant date
is refused next to the field and in the error summary, which names the
question, in the page's language, and nothing else typed is lost."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.i18n.formats import format_date
from app.wizard.forms import DATE_HORIZON_DAYS
from tests.wizard.conftest import WORKSHOP, Owner, error_summary
from tests.wizard.test_input_checks import field_error

SHIPMENT = "export-first_shipment_date"


def summary_question(html: str, link: str) -> str:
    found = re.search(rf'<li><a href="{link}"><span class="error-question">([^<]*)</span>', html)
    assert found, f"no summary line for {link}"
    return found.group(1)


def test_the_export_step_asks_the_first_shipment_date_as_an_optional_date_field(owner: Owner) -> None:
    owner.start()
    page = owner.get("export").text
    field = re.search(rf'<input[^>]*id="{SHIPMENT}"[^>]*>', page)
    assert field and 'type="date"' in field.group(0) and 'maxlength="10"' in field.group(0)
    assert re.search(rf'<label class="question-label" for="{SHIPMENT}">[^<]*<span class="optional">', page)


def test_a_planned_shipment_date_is_stored_as_an_iso_date(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    planned = date.today() + timedelta(days=90)
    response = owner.submit("export", {**WORKSHOP["export"], SHIPMENT: planned.isoformat()})
    assert response.status_code == 302
    assert owner.stored().answers["export"]["first_shipment_date"] == planned.isoformat()
    # The review page words it as a date in the page's language.
    assert format_date(planned, "en") in owner.client.get(owner.url(f"{owner.public_id}/review")).text


def test_an_empty_date_is_simply_not_answered(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    response = owner.submit("export", {**WORKSHOP["export"], SHIPMENT: ""})
    assert response.status_code == 302
    assert "first_shipment_date" not in owner.stored().answers["export"]


@pytest.mark.parametrize(("lang", "typed", "expected"), [
    ("en", "15/03/2027", "Enter a date as year-month-day, like 2027-03-15."),
    ("en", "2027-02-30", "Enter a date as year-month-day, like 2027-03-15."),
    ("es", "mañana", "Escriba la fecha como año-mes-día, por ejemplo 2027-03-15."),
    ("fr", "2027-13-01", "Écrivez la date sous la forme année-mois-jour, par exemple 2027-03-15."),
])
def test_a_date_that_is_not_a_real_yyyy_mm_dd_is_refused_in_the_page_language(owner: Owner, lang, typed, expected) -> None:
    owner.lang = lang
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    response = owner.submit("export", {**WORKSHOP["export"], SHIPMENT: typed})
    assert response.status_code == 422
    assert field_error(response.text, SHIPMENT) == expected
    assert (f"#{SHIPMENT}", expected) in error_summary(response.text)
    assert "export" not in owner.stored().answers
    # Nothing typed is lost: the other answers come back as typed.
    assert 'value="exploring" checked' in response.text or 'value="occasional" checked' in response.text


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_a_past_date_is_refused_naming_the_question_and_the_first_date_accepted(owner: Owner, lang) -> None:
    owner.lang = lang
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    response = owner.submit("export", {**WORKSHOP["export"], SHIPMENT: (date.today() - timedelta(days=1)).isoformat()})
    assert response.status_code == 422
    message = field_error(response.text, SHIPMENT)
    # The bound is said as the page's readers write a date.
    assert format_date(date.today(), lang) in message.replace("&#39;", "'")
    question = summary_question(response.text, f"#{SHIPMENT}")
    assert {"en": "first shipment", "es": "primer envío", "fr": "premier envoi"}[lang] in question


def test_a_date_years_away_is_refused_with_the_last_date_accepted(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    response = owner.submit("export", {**WORKSHOP["export"], SHIPMENT: "2999-01-01"})
    assert response.status_code == 422
    last = date.today() + timedelta(days=DATE_HORIZON_DAYS)
    assert field_error(response.text, SHIPMENT) == f"Enter a date no later than {format_date(last, 'en')}."


def test_the_first_trip_date_is_asked_with_the_trip_and_stored(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods", "goods_costs")})
    owner.submit("travel", {"travel-needed": "yes"})
    planned = date.today() + timedelta(days=60)
    details = {"travel-purposes": ["meetings_sales"], "travel-citizenship": "MX", "travel-destination": "US",
               "travel-profession": "engineer", "travel-education": "bachelor", "travel-first_trip_date": planned.isoformat()}
    response = owner.submit("travel_details", details)
    assert response.status_code == 302, response.text
    assert owner.stored().answers["travel"]["first_trip_date"] == planned.isoformat()
