"""The bill-of-materials check on the real table: the cases beside the rules cover one rule of
each kind; these pin the edges a case cannot show well."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.rules_engine.calculators.origin_rule import Check, origin_rule_for
from app.rules_engine.origin_rules.materials import Figures, any_of, materials_from, shifts

ON = date(2026, 11, 22)


def check(code: str, *rows: dict, tv: int | None = 100, nc: int | None = None) -> Check:
    figures = Figures(None if tv is None else Decimal(tv), None if nc is None else Decimal(nc), None, Decimal(10))
    return Check(code, materials_from(list(rows)), figures)


def reasons(alternative: dict) -> list[str]:
    return [r["reason"] for r in alternative["why"]]


def test_a_six_digit_code_under_tariff_item_rules_asks_for_the_full_code() -> None:
    rule = origin_rule_for("847180", ON, check("847180", {"hs_code": "847330", "origin": "non_originating", "unit_value": 1}))
    assert rule["met"] is None
    assert {r for a in rule["alternatives"] for r in reasons(a)} == {"tariff_item_rule"}


def test_a_full_code_is_judged_by_its_own_tariff_item_rule_only() -> None:
    rule = origin_rule_for("847180", ON, check("84718040", {"hs_code": "847330", "origin": "non_originating", "unit_value": 1}))
    assert rule["source"] == "HTSUS General Note 11(o), chapter 84, rule 206"
    assert rule["met"] is True


def test_originating_materials_never_count() -> None:
    rule = origin_rule_for("940360", ON, check("940360", {"hs_code": "940390", "origin": "originating", "unit_value": 90}))
    assert rule["alternatives"][0]["met"] is True and reasons(rule["alternatives"][0]) == ["shift_met"]


def test_no_materials_leaves_a_shift_undecided() -> None:
    rule = origin_rule_for("940360", ON, check("940360"))
    assert rule["alternatives"][0]["met"] is None and reasons(rule["alternatives"][0]) == ["no_materials"]


def test_without_a_selling_price_the_tolerance_cannot_be_weighed() -> None:
    rule = origin_rule_for("940360", ON, check("940360", {"hs_code": "940390", "origin": "non_originating", "unit_value": 1}, tv=None))
    assert rule["alternatives"][0]["met"] is None
    assert "de_minimis_unknown" in reasons(rule["alternatives"][0])


def test_exactly_ten_percent_is_within_the_tolerance_and_a_cent_more_is_not() -> None:
    within = origin_rule_for("940360", ON, check("940360", {"hs_code": "940390", "origin": "non_originating", "unit_value": 10}))
    above = origin_rule_for("940360", ON, check("940360", {"hs_code": "940390", "origin": "non_originating", "unit_value": 10.01}))
    assert within["alternatives"][0]["met"] is True
    assert above["alternatives"][0]["met"] is False


@pytest.mark.parametrize(("material", "expected"), [
    ("730890", False),  # heading 7308: the same heading as the good
    ("73", None),       # too short to say (the form never sends it; the function stays safe)
    ("722619", False),  # heading 7226, excepted
    ("760429", True),   # another heading, not excepted
])
def test_a_change_of_heading_with_exceptions(material: str, expected: bool | None) -> None:
    alternative = {"tariff_shift": {"level": "CTH", "from": "any_other",
                                    "except": [{"level": "heading", "from": "7225", "to": "7226"}]}}
    assert shifts(material, "730890", alternative) is expected


def test_a_tariff_item_exception_cannot_be_told_from_six_digits() -> None:
    alternative = {"tariff_shift": {"level": "CC", "from": "any_other",
                                    "except": [{"level": "tariff_item", "from": "1901.90.32", "to": "1901.90.32"}]}}
    assert shifts("190190", "040690", alternative) is None
    assert shifts("19019099", "040690", alternative) is True
    assert shifts("19019032", "040690", alternative) is False


def test_three_valued_or() -> None:
    assert any_of([None, True]) is True
    assert any_of([False, None]) is None
    assert any_of([False, False]) is False
    assert any_of([]) is None


def test_or_any_other_chapter_admits_materials_of_another_chapter() -> None:
    # 24.1: "from tariff items 2401.10.21, 2401.20.14 or 2403.91.20 or any other chapter"
    alternative = {"tariff_shift": {"level": "specific", "or_any_other": "CC",
                                    "from": [{"level": "tariff_item", "from": "2401.10.21", "to": "2401.10.21"}]}}
    assert shifts("120100", "240110", alternative) is True
    assert shifts("24011021", "240110", alternative) is True
    assert shifts("24012014", "240110", alternative) is False


def test_an_exception_named_by_description_cannot_be_told_from_the_code() -> None:
    # 13.3 (reviewed): "except from concentrates of poppy straw of subheading 2939.11"
    alternative = {"tariff_shift": {"level": "CC", "from": "any_other", "except": [
        {"level": "subheading", "from": "2939.11", "to": "2939.11", "goods": "concentrates of poppy straw"},
        {"level": "heading", "from": "2940", "to": "2940"}]}}
    assert shifts("293911", "130211", alternative) is None
    assert shifts("294000", "130211", alternative) is False
    assert shifts("293919", "130211", alternative) is True
    assert shifts("130219", "130211", alternative) is False


def test_a_source_named_by_description_cannot_be_told_from_the_code() -> None:
    # 09.7 (reviewed): "from allspice, neither crushed nor ground of subheading 0904.21 or from any other chapter"
    alternative = {"tariff_shift": {"level": "specific", "or_any_other": "CC", "from": [
        {"level": "subheading", "from": "0904.21", "to": "0904.21", "goods": "allspice, neither crushed nor ground"}]}}
    assert shifts("090421", "090422", alternative) is None
    assert shifts("070990", "090422", alternative) is True
    assert shifts("090411", "090422", alternative) is False
