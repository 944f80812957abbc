"""Amounts in the business's own currency (issue 14): a document may give its
amounts in Canadian dollars or Mexican pesos (`profile.currency`); the rules
read them in US dollars, converted once with the dated rate of
rules/parameters/fx.yaml in force on the evaluation's date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.rules_engine import DEFAULT_ROOT, load_rule_base
from app.rules_engine.money import money_paths, to_us_dollars
from app.rules_engine.scope import EvaluationScope

ON = date(2026, 11, 22)  # 1.3698 CAD and 17.9528 MXN per USD


@pytest.fixture(scope="module")
def base() -> Any:
    return load_rule_base(DEFAULT_ROOT)


def _seller(currency: str | None, sales_ca: float) -> dict[str, Any]:
    profile: dict[str, Any] = {"country": "US", "naics": "5112", "employees": 5}
    if currency:
        profile["currency"] = currency
    return {
        "schema_version": 1, "profile": profile,
        "export": {"stage": "exploring", "markets": ["CA"], "offering": ["digital"]},
        "digital": {"sells_online": "own_site", "b2c": True, "annual_b2c_sales": {"CA": sales_ca}},
        "finance": {"needs": ["none"], "amount_needed": 100000},
        "consent": {"aggregate_stats": False},
    }


def test_every_amount_of_the_contract_is_converted() -> None:
    assert money_paths() == {
        "goods.typical_shipment_value", "goods.unit_transaction_value", "goods.unit_non_originating_value",
        "goods.unit_net_cost", "digital.typical_parcel_value", "finance.amount_needed",
        "digital.annual_b2c_sales.US", "digital.annual_b2c_sales.CA", "digital.annual_b2c_sales.MX",
        "goods.materials[].unit_value"}


def test_amounts_in_canadian_dollars_are_read_in_us_dollars_at_the_dated_rate(base: Any) -> None:
    scope = EvaluationScope(base, _seller("CAD", 25000), ON)
    assert scope.answer("digital.annual_b2c_sales.CA") == 18250.84  # 25,000 / 1.3698, to the cent
    assert scope.answer("digital.annual_b2c_sales") == {"CA": 18250.84}
    assert scope.answer("finance.amount_needed") == 73003.36


def test_a_canadian_threshold_reads_the_sales_the_business_gave_in_canadian_dollars(base: Any) -> None:
    # CAD 25,000 is under the CAD 30,000 of the simplified GST/HST; read as US dollars it would not be.
    in_cad = EvaluationScope(base, _seller("CAD", 25000), ON).fact("tax.ca_b2c_sales_cad")
    in_usd = EvaluationScope(base, _seller(None, 25000), ON).fact("tax.ca_b2c_sales_cad")
    assert round(in_cad) == 25000
    assert round(in_usd) == 34245


def test_pesos_are_converted_and_us_dollars_left_as_they_are(base: Any) -> None:
    pesos = EvaluationScope(base, _seller("MXN", 179528), ON)
    assert pesos.answer("digital.annual_b2c_sales.CA") == 10000
    dollars = EvaluationScope(base, _seller("USD", 10000), ON)
    assert dollars.answer("digital.annual_b2c_sales.CA") == 10000


def test_no_rate_on_a_date_leaves_the_amount_unknown_rather_than_wrong() -> None:
    assert to_us_dollars(1000, "CAD", lambda name: None) is None
    assert to_us_dollars(1000, "USD", lambda name: None) == 1000


def test_the_bill_of_materials_is_read_in_the_same_currency_as_the_price(base: Any) -> None:
    answers = _seller("CAD", 25000)
    answers["export"]["offering"] = ["goods"]
    answers["goods"] = {"hs_code": "940360", "origin_basis": "some_non_originating", "unit_transaction_value": 100,
                        "materials": [{"hs_code": "940390", "origin": "non_originating", "unit_value": 9.5}]}
    scope = EvaluationScope(base, answers, ON)
    assert scope.answer("goods.unit_transaction_value") == 73.0  # 100 / 1.3698, to the cent
    assert scope.answer("goods.materials")[0]["unit_value"] == 6.94  # 9.5 / 1.3698: the same 9.5 % of the price
    assert "goods.materials[].unit_value" in money_paths()
