"""The tariff-measure facts (`tariff.*`) and the two tables they read, on the real rule base."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.rules_engine import load_rule_base
from app.rules_engine.calculators import tariffs
from app.rules_engine.model import RuleBase
from app.rules_engine.scope import EvaluationScope

ON = date(2026, 12, 7)


@pytest.fixture(scope="module")
def base() -> RuleBase:
    return load_rule_base()


def scope(
    base: RuleBase, hs_code: str | None, on: date = ON, naics: str = "3312", sector: str | None = None
) -> EvaluationScope:
    goods: dict[str, Any] = {"origin_basis": "all_materials_originating"}
    if hs_code is not None:
        goods["hs_code"] = hs_code
    if sector is not None:
        goods["special_sector"] = sector
    answers = {
        "schema_version": 1,
        "profile": {"country": "MX", "naics": naics, "employees": 5},
        "export": {"stage": "regular", "markets": ["US"], "offering": ["goods"]},
        "goods": goods,
    }
    return EvaluationScope(base, answers, on)


def test_every_measure_of_the_table_has_a_registered_fact_and_a_dated_rate(base: RuleBase) -> None:
    assert set(base.tables["tariff_measures"].rows) == set(tariffs.MEASURES)
    for measure in tariffs.MEASURES:
        assert f"tariff.{measure}" in base.facts
        assert tariffs.rate_param(measure) in base.parameters


def test_every_subheading_row_has_its_heading_row_naming_the_same_measures(base: RuleBase) -> None:
    rows = base.tables["tariff_hs"].rows
    for prefix, row in rows.items():
        named = set(row.get("covered", ())) | set(row.get("partly", ())) | set(row.get("check", ()))
        if len(prefix) == 6:
            parent = rows.get(prefix[:4], {})
            chapter = rows.get(prefix[:2], {})
            reached = {m for r in (parent, chapter) for col in ("covered", "partly", "check") for m in r.get(col, ())}
            assert named <= reached, f"{prefix}: heading {prefix[:4]} does not name {named - reached}"
        assert len(prefix) in (2, 4, 6), prefix


@pytest.mark.parametrize(
    ("hs_code", "measure", "expected"),
    [
        ("730630", "us_232_steel_aluminium", True),  # heading 7306: covered
        ("7306", "us_232_steel_aluminium", True),
        ("7306309000", "us_232_steel_aluminium", True),  # a national line: its first six digits decide
        ("730890", "us_232_steel_aluminium", None),  # chapter 73: check the US line
        ("720241", "us_232_steel_aluminium", False),  # ferro-alloys: not a steel article
        ("940360", "us_232_kitchen_cabinets_vanities", None),  # only 9403.60.8093
        ("94036099", "us_232_kitchen_cabinets_vanities", None),  # a Mexican line is not the US one
        ("9403", "us_232_kitchen_cabinets_vanities", None),  # heading partly covered: check
        ("940350", "us_232_kitchen_cabinets_vanities", False),  # bedroom furniture: no row under a partly heading
        ("940169", "us_232_upholstered_furniture", False),
        ("440711", "us_232_softwood_lumber", True),
        ("4407", "us_232_softwood_lumber", None),
        ("440791", "us_232_softwood_lumber", False),  # oak: not softwood
        ("870323", "us_232_autos", True),
        ("870321", "us_232_autos", False),
        ("870210", "us_232_buses", True),
        ("190590", "us_232_steel_aluminium", False),
        (None, "us_232_steel_aluminium", None),  # unknown HS code: unknown, never asserted
    ],
)
def test_a_measure_in_force_is_decided_by_the_first_six_digits(
    base: RuleBase, hs_code: str | None, measure: str, expected: bool | None
) -> None:
    assert scope(base, hs_code).fact(f"tariff.{measure}") is expected


def test_a_measure_not_yet_in_force_is_false_whatever_the_code(base: RuleBase) -> None:
    assert scope(base, "740811", date(2025, 7, 31)).fact("tariff.us_232_copper") is False
    assert scope(base, "740811", date(2025, 8, 1)).fact("tariff.us_232_copper") is True
    assert scope(base, None, date(2025, 7, 31)).fact("tariff.us_232_copper") is False


def test_the_lists_name_the_measures_covered_and_those_to_check(base: RuleBase) -> None:
    cabinets = scope(base, "940360")
    assert cabinets.fact("tariff.us_232_measures") == []
    assert cabinets.fact("tariff.us_232_to_check") == ["us_232_kitchen_cabinets_vanities"]
    tubes = scope(base, "730630")
    assert tubes.fact("tariff.us_232_measures") == ["us_232_steel_aluminium"]
    assert tubes.fact("tariff.ca_surtax_to_check") == ["ca_surtax_steel_aluminium"]
    assert scope(base, None).fact("tariff.us_232_measures") is None


def test_the_steel_rate_on_canadian_and_mexican_goods_follows_the_dates(base: RuleBase) -> None:
    rates = {
        on: scope(base, None, on).param("tariffs.us_232_steel_aluminium_pct")
        for on in (date(2024, 6, 1), date(2025, 5, 1), date(2026, 12, 7))
    }
    assert rates == {date(2024, 6, 1): None, date(2025, 5, 1): 25, date(2026, 12, 7): 50}


@pytest.mark.parametrize(
    ("naics", "sector", "on", "expected"),
    [
        (
            "337122",
            None,
            ON,
            ["us_232_steel_aluminium_derivatives", "us_232_upholstered_furniture", "us_232_kitchen_cabinets_vanities"],
        ),
        ("337122", None, date(2025, 5, 1), ["us_232_steel_aluminium_derivatives"]),  # wood products not yet in force
        ("321113", None, date(2025, 9, 30), []),
        ("321113", None, ON, ["us_232_softwood_lumber"]),
        ("3256", "cosmetics", ON, []),
        ("5416", "automotive", ON, ["us_232_autos", "us_232_auto_parts", "us_232_trucks"]),
        ("3363", None, date(2024, 6, 1), []),
    ],
)
def test_the_activity_suggests_the_measures_in_force(
    base: RuleBase, naics: str, sector: str | None, on: date, expected: list[str]
) -> None:
    assert scope(base, None, on, naics, sector).fact("tariff.us_232_by_activity") == expected
