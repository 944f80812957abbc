"""Each field refuses what it cannot store, says why next to itself, and a stored value always shows.

Through the real pages where a page shows the behaviour; directly on the
parsing and display functions where those are the clearer proof.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

import pytest
from flask import Flask, get_template_attribute

from app.extensions import db
from app.wizard import current_steps
from app.wizard.forms import NumberTooPrecise, parse_number, show_number
from app.wizard.questions import question_view
from tests.fixtures import example_answers
from tests.wizard.completed import open_completed
from tests.wizard.conftest import CONSULTANCY, WORKSHOP, Owner, error_summary

BEFORE_FINANCE = ("profile", "export", "goods", "goods_costs", "travel")


def field_error(html: str, element_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{element_id}-error">.*?</span> ([^<]*)</p>', html)
    assert found, f"no error next to {element_id}"
    return found.group(1)


def at_finance(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in BEFORE_FINANCE})


# 1. Numbers have an upper bound, and a stored number always shows.

def test_an_amount_above_a_trillion_dollars_is_refused_next_to_the_field(owner: Owner) -> None:
    at_finance(owner)
    response = owner.submit("finance", {**WORKSHOP["finance"], "finance-amount_needed": "100000000000000000000000000"})
    assert response.status_code == 422
    message = "Enter an amount no greater than US$1,000,000,000,000."
    assert field_error(response.text, "finance-amount_needed") == message
    assert ("#finance-amount_needed", message) in error_summary(response.text)
    assert "finance" not in owner.stored().answers


def test_an_amount_of_exactly_a_trillion_dollars_is_accepted(owner: Owner) -> None:
    at_finance(owner)
    response = owner.submit("finance", {**WORKSHOP["finance"], "finance-amount_needed": "1,000,000,000,000"})
    assert response.status_code == 302
    assert owner.stored().answers["finance"]["amount_needed"] == 10**12


def test_employees_above_the_contracts_maximum_are_refused_with_that_maximum(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {**WORKSHOP["profile"], "profile-employees": "100001"})
    assert response.status_code == 422
    assert field_error(response.text, "profile-employees") == "Enter a number no greater than 100,000."
    assert "profile" not in owner.stored().answers


def test_the_bound_is_said_in_the_page_language(owner: Owner) -> None:
    owner.lang = "fr"
    owner.start()
    response = owner.submit("profile", {**WORKSHOP["profile"], "profile-employees": "100001"})
    assert response.status_code == 422
    assert re.fullmatch(r"Entrez un nombre égal ou inférieur à 100\s000\.", field_error(response.text, "profile-employees"))


def store(owner: Owner, **sections: dict[str, Any]) -> None:
    """Write answers straight into the row, as data saved before today's checks could be."""
    assessment = owner.stored()
    answers = {k: (dict(v) if isinstance(v, dict) else v) for k, v in assessment.answers.items()}
    for section, values in sections.items():
        answers[section] = {**answers.get(section, {}), **values}
    assessment.answers = answers
    db.session.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_stored_absurd_number_still_shows_its_step_and_the_review(owner: Owner, lang: str) -> None:
    owner.lang = lang
    at_finance(owner)
    owner.answer_all({"finance": WORKSHOP["finance"]})
    store(owner, finance={"amount_needed": 10**26}, profile={"employees": 10**30},
          goods={"typical_shipment_value": 1e300})
    finance = owner.get("finance")
    assert finance.status_code == 200
    assert 'value="100000000000000000000000000"' in finance.text
    assert owner.get("profile").status_code == 200
    assert owner.get("goods").status_code == 200
    review = owner.review()
    assert review.status_code == 200
    assert "100000000000000000000000000" in review.text


def test_a_huge_number_is_shown_plainly(app: Flask) -> None:
    with app.test_request_context():
        assert show_number(10**26) == "100000000000000000000000000"
        assert show_number(Decimal("1E+30")) == "1" + "0" * 30
        assert show_number(1e300) == "1" + "0" * 300


def test_an_ordinary_number_is_still_grouped(app: Flask) -> None:
    with app.test_request_context():
        assert show_number(1500.5) == "1,500.50"
        assert show_number(10**12) == "1,000,000,000,000"


# 2. An empty optional answer is absent.

def test_an_empty_optional_hs_code_is_simply_absent(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    response = owner.submit("goods", {**WORKSHOP["goods"], "goods-hs_code": "  "})
    assert response.status_code == 302, response.text
    goods = owner.stored().answers["goods"]
    assert "hs_code" not in goods and goods["origin_basis"] == "some_non_originating"


# 3. A NAICS code is digits only.

@pytest.mark.parametrize("detail", ["abc", "54a15", "54-15"])
def test_a_naics_code_with_other_characters_than_digits_is_refused(owner: Owner, detail: str) -> None:
    owner.start()
    response = owner.submit("profile", {**CONSULTANCY["profile"], "profile-naics-detail": detail})
    assert response.status_code == 422
    message = "A NAICS code has only digits, like 5415."
    assert field_error(response.text, "profile-naics-detail") == message
    assert ("#profile-naics-detail", message) in error_summary(response.text)
    assert "profile" not in owner.stored().answers


def test_spaces_in_a_naics_code_are_ignored(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {**CONSULTANCY["profile"], "profile-naics-detail": " 54 15 "})
    assert response.status_code == 302
    assert owner.stored().answers["profile"]["naics"] == "5415"


# 4. Numbers below their minimum say the minimum.

def test_a_negative_number_of_employees_is_refused_with_the_minimum(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {**WORKSHOP["profile"], "profile-employees": "-5"})
    assert response.status_code == 422
    assert field_error(response.text, "profile-employees") == "Enter a number of at least 0."


def test_a_negative_amount_is_refused_with_the_minimum(owner: Owner) -> None:
    at_finance(owner)
    response = owner.submit("finance", {**WORKSHOP["finance"], "finance-amount_needed": "\u22125,000"})
    assert response.status_code == 422
    assert field_error(response.text, "finance-amount_needed") == "Enter an amount of at least US$0."


def test_a_price_of_zero_is_refused_as_not_above_zero(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods")})
    response = owner.submit("goods_costs", {**WORKSHOP["goods_costs"], "goods-unit_transaction_value": "0"})
    assert response.status_code == 422
    assert field_error(response.text, "goods-unit_transaction_value") == "Enter an amount greater than US$0."


# 5. Each yearly-sales box names its country.

def test_each_wrong_sales_amount_names_its_country(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export", "travel", "travel_details")})
    response = owner.submit("digital", {**CONSULTANCY["digital"], "digital-annual_b2c_sales-US": "abc",
                                        "digital-annual_b2c_sales-MX": "abc"})
    assert response.status_code == 422
    lines = error_summary(response.text)
    assert ("#digital-annual_b2c_sales-US", "United States: Enter an amount, like 1500 or 1500.50.") in lines
    assert ("#digital-annual_b2c_sales-MX", "Mexico: Enter an amount, like 1500 or 1500.50.") in lines
    assert field_error(response.text, "digital-annual_b2c_sales-MX").startswith("Mexico")
    assert "b2c" not in owner.stored().answers["digital"]


def test_the_country_of_a_sales_amount_is_in_the_page_language(owner: Owner) -> None:
    owner.lang = "es"
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export", "travel", "travel_details")})
    response = owner.submit("digital", {**CONSULTANCY["digital"], "digital-annual_b2c_sales-US": "abc"})
    assert response.status_code == 422
    assert field_error(response.text, "digital-annual_b2c_sales-US").startswith("Estados Unidos")


# 6. Every control with an error is marked aria-invalid.

def test_invalid_fields_are_marked_aria_invalid_and_keep_their_description(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {"profile-naics": "54", "profile-naics-detail": "abc", "profile-employees": "x"})
    text = response.text
    assert response.status_code == 422
    assert re.search(r'<fieldset class="question has-error" id="profile-country-group" '
                     r'aria-describedby="profile-country-error" aria-invalid="true">', text)
    assert re.search(r'<input class="input-number input-error"[^>]* id="profile-employees"[^>]*'
                     r' aria-describedby="profile-employees-hint profile-employees-error" aria-invalid="true">', text)
    assert re.search(r'<input [^>]*id="profile-naics-detail"[^>]* aria-describedby="profile-naics-detail-error"'
                     r' aria-invalid="true">', text)
    assert text.count('aria-invalid="true"') == 4  # country, the NAICS group and its code, employees


class Shown(NamedTuple):
    data: Any = None
    errors: tuple[str, ...] = ()


class Page:
    """The values of a page whose every field has `errors` (a form's shape: `page[name]`)."""

    def __init__(self, *errors: str) -> None:
        self.field = Shown(None, errors)

    def __getitem__(self, name: str) -> Shown:
        return self.field


def render_all(page: Page) -> str:
    question = get_template_attribute("wizard/_questions.html", "question")
    views = [question_view(q, "en") for step in current_steps().steps for q in step.questions]
    return "".join(question(view, page, view.question.markets) for view in views)


def test_every_kind_of_control_is_marked_when_it_has_an_error(app: Flask) -> None:
    with app.test_request_context("/demo/en/"):
        wrong = render_all(Page("Wrong."))
        right = render_all(Page())
    controls = re.findall(r"<(?:input|select|fieldset)\b[^>]*>", wrong)
    checked = [c for c in controls if 'type="radio"' not in c and 'type="checkbox"' not in c and "input-filter" not in c]
    assert len(checked) > 30
    assert [c for c in checked if 'aria-invalid="true"' not in c] == []
    assert 'aria-invalid' not in right


# 7. An HS code starts with a real chapter.

@pytest.mark.parametrize("code", ["0000", "00.01", "7701", "9801.00", "9999"])
def test_an_hs_code_outside_the_chapters_is_refused(owner: Owner, code: str) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    response = owner.submit("goods", {**WORKSHOP["goods"], "goods-hs_code": code})
    assert response.status_code == 422
    assert field_error(response.text, "goods-hs_code") == ("The first two digits must be an HS chapter, "
                                                           "from 01 to 97 (77 is not used).")
    assert "goods" not in owner.stored().answers


@pytest.mark.parametrize("code", ["0101", "9701.10", "7601"])
def test_an_hs_code_in_a_real_chapter_is_accepted(owner: Owner, code: str) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    assert owner.submit("goods", {**WORKSHOP["goods"], "goods-hs_code": code}).status_code == 302
    assert owner.stored().answers["goods"]["hs_code"] == code.replace(".", "")


# 8. A number is read one way only, or refused.

@pytest.mark.parametrize(("text", "integer", "value"), [
    ("1 500,50", False, Decimal("1500.50")), ("1,500.50", False, Decimal("1500.50")),
    ("1.500,50", False, Decimal("1500.50")), ("$1,500", False, 1500), ("US$1,500", False, 1500),
    ("1 500 $", False, 1500), ("1\u00a0500", False, 1500), ("1\u202f500,5", False, Decimal("1500.5")),
    ("1'500", False, 1500), ("12,5", False, Decimal("12.5")), ("0,50", False, Decimal("0.5")),
    ("0", True, 0), ("007", True, 7), ("1,500", True, 1500), ("-5", True, -5), ("\u22125", True, -5),
    ("", False, None), ("  ", True, None),
])
def test_numbers_people_write_are_read(text: str, integer: bool, value: Any) -> None:
    assert parse_number(text, integer) == value


@pytest.mark.parametrize("text", ["0,125", "0.125", "1,500.505", "12,5000"])
def test_an_amount_with_more_than_two_decimals_is_refused(text: str) -> None:
    with pytest.raises(NumberTooPrecise):
        parse_number(text, False)


@pytest.mark.parametrize(("text", "integer"), [
    ("0 125", False), ("0\u00a0125", True), ("0,125,000", False), ("12,5", True), ("1,50,000", False), ("abc", False),
    ("1,500,50", False), ("1.500,000.5", False), ("1,500.000", False),
])
def test_numbers_that_could_be_misread_are_refused(text: str, integer: bool) -> None:
    with pytest.raises(ValueError):
        parse_number(text, integer)


def test_in_french_a_fraction_of_a_dollar_is_not_reread_as_thousands(owner: Owner) -> None:
    owner.lang = "fr"
    at_finance(owner)
    response = owner.submit("finance", {**WORKSHOP["finance"], "finance-amount_needed": "0,125"})
    assert response.status_code == 422
    assert field_error(response.text, "finance-amount_needed")
    assert 'value="0,125"' in response.text
    assert "finance" not in owner.stored().answers


def test_an_amount_with_too_many_decimals_says_so(owner: Owner) -> None:
    at_finance(owner)
    response = owner.submit("finance", {**WORKSHOP["finance"], "finance-amount_needed": "1,500.505"})
    assert response.status_code == 422
    assert field_error(response.text, "finance-amount_needed") == "Enter at most two decimals (cents), like 1500.50."


AT_MOST = {"en": "Must be at most 1,000,000,000,000.", "es": "Debe ser como máximo 1,000,000,000,000.",
           "fr": "Doit être d’au plus 1\u00a0000\u00a0000\u00a0000\u00a0000."}


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_absurd_stored_amounts_send_the_owner_to_change_them_and_are_kept(make_app, make_chamber, tmp_path, lang: str) -> None:
    """Amounts stored before numbers had a maximum cannot be evaluated (the
    rules need finite sums): the results page and the PDF lead to the review,
    which names each such answer, its bound and a link to change it."""
    answers = example_answers("furniture-workshop-mx")
    answers["goods"]["typical_shipment_value"] = 1e300
    answers["finance"]["amount_needed"] = 10**26
    served = make_app(PDF_CACHE_DIR=str(tmp_path / "pdf-cache"))
    opened = open_completed(served, make_chamber("demo"), answers, lang)
    results = opened.client.get(opened.url("results", lang))
    assert results.status_code == 302 and results.location.endswith("/review")
    assert opened.client.get(opened.url("plan.pdf", lang)).location.endswith("/review")
    review = opened.client.get(results.location)
    assert review.status_code == 200
    assert review.text.count(AT_MOST[lang]) == 2
    assert "step/finance?return=review#finance-amount_needed" in review.text
    assert "1" + "0" * 26 in review.text
