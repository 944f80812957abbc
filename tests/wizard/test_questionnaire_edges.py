"""The questionnaire's rough edges (issue 14): no question asked twice,
consumer amounts only for businesses that sell to consumers, with or
without JavaScript."""

from __future__ import annotations

import re

from flask import Flask

from app.wizard import current_steps
from tests.wizard.conftest import CONSULTANCY, Owner


def _labels(app: Flask) -> list[str]:
    with app.app_context():
        return [q.label for q in current_steps().questions.values()]


def test_no_two_questions_of_the_questionnaire_ask_the_same_thing(served: Flask) -> None:
    labels = _labels(served)
    assert len(labels) == len(set(labels))
    with served.app_context():
        book = current_steps()
        hints = [q.hint for q in book.questions.values() if q.hint]
        choice_hints = [c.hint for q in book.questions.values() for c in q.choices if c.hint]
    # "Do you sell digital services?" repeated the choice "Digital products or services".
    assert not set(hints) & set(choice_hints)
    assert "digital.sells_digital_services" not in book.questions


def test_digital_services_are_read_from_what_the_business_sells(owner: Owner) -> None:
    owner.start()
    owner.answer_all(CONSULTANCY)
    owner.complete()
    plan = owner.client.get(owner.url(f"{owner.public_id}/results")).text
    assert "Know that no USMCA country can demand your source code" in plan
    assert "sells_digital_services" not in owner.stored().answers.get("digital", {})


def _block(html: str, name: str) -> str:
    found = re.search(rf'<div class="question-block[^"]*" id="{name}-block"[^>]*>', html)
    assert found is not None, name
    return found.group(0)


def test_consumer_sales_are_hidden_once_the_business_sells_only_to_businesses(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export", "travel", "travel_details")})
    fields = {**CONSULTANCY["digital"], "digital-b2c": "no"}
    response = owner.submit("digital", fields)
    assert response.status_code == 302
    assert "annual_b2c_sales" not in owner.stored().answers["digital"]
    # Back on the page, without JavaScript: the amounts are not shown (the
    # `hidden` attribute), and wizard.js shows them again on "Yes".
    block = _block(owner.get("digital").text, "digital-annual_b2c_sales")
    assert " hidden" in block
    assert 'data-reveal-name="digital-b2c" data-reveal-values="yes"' in block


def test_before_the_answer_is_known_the_amounts_stay_in_sight_without_javascript(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export", "travel", "travel_details")})
    block = _block(owner.get("digital").text, "digital-annual_b2c_sales")
    assert " hidden" not in block  # its hint says "Only if you sell to consumers"


def _after_a_no(owner: Owner) -> dict[str, object]:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export", "travel", "travel_details")})
    fields = {k: v for k, v in CONSULTANCY["digital"].items() if "annual_b2c_sales" not in k}
    owner.submit("digital", {**fields, "digital-b2c": "no"})
    return fields


def test_without_javascript_a_yes_brings_the_page_back_with_the_amounts(owner: Owner) -> None:
    fields = _after_a_no(owner)
    assert " hidden" in _block(owner.get("digital").text, "digital-annual_b2c_sales")
    response = owner.submit("digital", fields)  # "Yes" now, the amounts never seen
    assert response.location.endswith("/step/digital")
    page = owner.client.get(response.location).text
    assert "Your answers bring more questions on this page" in page
    assert " hidden" not in _block(page, "digital-annual_b2c_sales")
    # Sent again as it is, the page is done.
    again = owner.submit("digital", fields)
    assert not again.location.endswith("/step/digital")


def test_with_javascript_the_amounts_were_shown_live_and_the_page_moves_on(owner: Owner) -> None:
    fields = _after_a_no(owner)
    response = owner.submit("digital", {**fields, "live": "1"})
    assert not response.location.endswith("/step/digital")


# Amounts in the business's own currency, and "I don't know yet" on every cost question.

def test_amounts_are_asked_and_shown_in_the_currency_the_business_chose(owner: Owner) -> None:
    from tests.wizard.conftest import WORKSHOP

    owner.start()
    owner.answer_all({"profile": {**WORKSHOP["profile"], "profile-currency": "MXN"}, "export": WORKSHOP["export"]})
    page = owner.get("goods").text
    assert ('<span class="unit" id="goods-typical_shipment_value-currency"><span aria-hidden="true">MXN</span>'
            '<span class="visually-hidden">Mexican pesos</span></span>') in page
    assert "US$" not in page and "USD" not in page
    owner.submit("goods", {**WORKSHOP["goods"], "goods-typical_shipment_value": "1500000"})
    assert owner.stored().answers["goods"]["typical_shipment_value"] == 1500000
    assert "MX$1,500,000" in owner.review().text
    owner.lang = "fr"
    assert "1\u00a0500\u00a0000 MXN" in owner.review().text


def test_an_amount_out_of_bounds_is_named_in_the_businesss_currency(owner: Owner) -> None:
    from tests.wizard.conftest import WORKSHOP

    owner.start()
    owner.answer_all({"profile": {**WORKSHOP["profile"], "profile-currency": "CAD"}, "export": WORKSHOP["export"]})
    page = owner.submit("goods", {**WORKSHOP["goods"], "goods-typical_shipment_value": "-5"})
    assert page.status_code == 422
    assert "Enter an amount of at least CA$0." in page.text


def test_i_dont_know_yet_on_the_costs_is_no_dead_end_and_the_plan_says_how_to_find_them(owner: Owner) -> None:
    from tests.wizard.conftest import WORKSHOP

    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods")})
    response = owner.submit("goods_costs", {"goods-unit_transaction_value-unknown": "y",
                                            "goods-unit_non_originating_value-unknown": "y",
                                            "goods-unit_net_cost-unknown": "y", "goods-tariff_shift_met": "unknown"})
    assert response.status_code == 302
    assert "unit_transaction_value" not in owner.stored().answers["goods"]
    again = owner.get("goods_costs").text
    assert 'id="goods-unit_transaction_value-unknown" name="goods-unit_transaction_value-unknown" value="y" checked' in again
    owner.answer_all({k: WORKSHOP[k] for k in ("travel", "finance", "consent")})
    owner.complete()
    plan = owner.client.get(owner.url(f"{owner.public_id}/results")).text
    assert "Work out your regional value content" in plan
    assert "ask your accountant" in plan and "customs broker" in plan


def test_every_amount_question_offers_i_dont_know_yet(served: Flask) -> None:
    with served.app_context():
        money = [q for q in current_steps().questions.values() if q.type == "money"]
    assert money and not [q.id for q in money if q.required]


def test_travel_counts_an_employee_sent_to_serve_a_client_under_a_contract(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export")})
    assert "Count an employee sent to serve a client under a contract" in owner.get("travel").text
    owner.submit("travel", {"travel-needed": "yes"})
    page = owner.get("travel_details").text
    assert "Install, repair or service equipment or software we sold" in page
    assert "After-sales service under the sales, warranty or service contract" in page
    assert "production line" in page
