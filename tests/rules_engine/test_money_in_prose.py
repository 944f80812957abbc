"""Money in rule texts is shown in whole units of its currency, and parcel
advice comes from the consumer parcel's value, never from the wholesale
shipment's (issue 10, item 3)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from babel.support import NullTranslations

from app.rules_engine import DEFAULT_ROOT, Engine, load_rule_base
from app.rules_engine.texts import whole_units

ON = date(2026, 11, 22)  # 1.3698 CAD per USD
SHOP: dict[str, Any] = {
    "schema_version": 1,
    "profile": {"country": "US", "naics": "4541", "employees": 5},
    "export": {"stage": "exploring", "markets": ["CA", "MX"], "offering": ["goods"]},
    "goods": {"typical_shipment_value": 8500},
    "digital": {"sells_online": "own_site", "b2c": True, "sells_digital_services": False},
    "finance": {"needs": ["none"]},
    "consent": {"aggregate_stats": False},
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_rule_base(DEFAULT_ROOT), lambda locale: NullTranslations())


def _details(engine: Engine, answers: dict[str, Any], locale: str = "en") -> dict[str, str]:
    plan = engine.evaluate(answers, locale, ON).as_dict()
    return {a["id"]: a["detail"] for a in plan["actions"]}


def test_whole_units_round_half_up() -> None:
    assert (whole_units(11643.3), whole_units(149.5), whole_units(40), whole_units(None)) == (11643, 150, 40, None)


def test_the_wholesale_value_never_becomes_a_parcel(engine: Engine) -> None:
    details = _details(engine, SHOP)
    assert not [i for i in details if i.startswith(("digital_trade.parcels_ca.", "digital_trade.parcels_mx."))]
    assert "digital_trade.parcels.report_parcel_value" in details
    assert not any("11,643" in text or "8,500" in text for text in details.values())


def test_a_parcel_value_in_canadian_dollars_is_shown_in_whole_dollars(engine: Engine) -> None:
    answers = copy.deepcopy(SHOP)
    answers["digital"]["typical_parcel_value"] = 8500  # an expensive consumer order: CAD 11,643.30
    detail = _details(engine, answers)["digital_trade.parcels_ca.claim_cusma_above_de_minimis"]
    assert "about CAD 11,643, is above the CAD 150" in detail and "11,643.3" not in detail
    french = _details(engine, answers, "fr")["digital_trade.parcels_ca.claim_cusma_above_de_minimis"]
    assert "11\xa0643" in french and "11\xa0643,3" not in french


def test_a_parcel_value_in_us_dollars_is_shown_in_whole_dollars(engine: Engine) -> None:
    answers = copy.deepcopy(SHOP)
    answers["digital"]["typical_parcel_value"] = 79.6
    detail = _details(engine, answers)["digital_trade.parcels_mx.tell_buyers_about_vat"]
    assert "Your typical parcel (USD 80) is above the USD 50 limit" in detail


def test_a_cut_per_unit_keeps_its_cents(engine: Engine) -> None:
    answers = copy.deepcopy(SHOP)
    answers["export"]["markets"] = ["CA"]
    answers["goods"].update(hs_code="940360", origin_basis="some_non_originating", unit_transaction_value=10,
                            unit_non_originating_value=4.55, unit_net_cost=9, tariff_shift_met="no", special_sector="none")
    detail = _details(engine, answers)["origin.rvc.raise_regional_content"]
    assert "by about US$0.55 per unit" in detail


def test_which_answers_and_facts_are_money_is_declared_where_they_are_defined(engine: Engine) -> None:
    """The contract marks money answers (`x-money: whole`), the calculators their
    money facts (`money=`): no list of question ids in the text code."""
    from app.rules_engine.names import whole_money_paths  # noqa: PLC0415

    assert {"goods.typical_shipment_value", "digital.typical_parcel_value", "finance.amount_needed",
            "digital.annual_b2c_sales.CA"} <= whole_money_paths()
    assert "goods.unit_transaction_value" not in whole_money_paths()  # a unit price keeps its cents
    money = {name: f.money for name, f in engine.base.facts.items() if f.money}
    assert money["parcel.value_cad"] == "whole" and money["origin.vnm_cut_for_transaction_value_floor"] == "per_unit"
