"""The product category the regulatory rules are written for: the longest HS
prefix in tables/regulated_products.yaml, else the sector answer, else the
NAICS code (tables/regulated_sectors.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import pytest

from app.rules_engine import load_rule_base
from app.rules_engine.calculators.regulatory import regulated_categories, regulated_categories_basis
from app.rules_engine.model import RuleBase


@cache
def base() -> RuleBase:
    return load_rule_base()


class Context:
    """Answers by dotted path; rows from the real tables."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self.answers = answers

    def answer(self, path: str) -> Any:
        return self.answers.get(path)

    def param(self, name: str) -> Any:
        return None

    def row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        return base().tables[table].rows.get(key)

    def fact(self, name: str) -> Any:
        return None


@pytest.mark.parametrize(
    ("hs_code", "expected"),
    [
        ("200799", ["food"]),  # jam: chapter 20
        ("080440", ["fresh_produce"]),  # avocados: heading 0804 before chapter 08
        ("081190", ["food"]),  # frozen fruit: chapter 08 without a heading row
        ("220421", ["alcoholic_beverage"]),
        ("240220", ["tobacco"]),
        ("330499", ["cosmetics"]),
        ("330130", ["chemicals"]),  # essential oils: chapter 33 outside 3303-3307
        ("300610", ["medical_devices"]),  # sutures: subheading before chapter 30
        ("300490", ["pharmaceuticals"]),
        ("380893", ["pesticides"]),
        ("848210", []),  # bearings: a carve-out of chapter 84
        ("841810", ["electrical"]),
        ("851762", ["electronics"]),
        ("940511", ["electrical"]),
        ("940360", ["wood_products"]),  # wooden furniture: Lacey Act
        ("940320", []),  # metal furniture: no row
        ("620342", ["textiles"]),
        ("950300", ["toys"]),
        ("950691", []),  # sports equipment: no row
    ],
)
def test_the_longest_hs_prefix_with_a_row_decides(hs_code: str, expected: list[str]) -> None:
    ctx = Context({"goods.hs_code": hs_code, "goods.special_sector": "cosmetics", "profile.naics": "311"})
    assert regulated_categories(ctx) == expected
    assert regulated_categories_basis(ctx) == "hs_code"


def test_without_an_hs_code_the_sector_answer_decides_over_the_naics_code() -> None:
    ctx = Context({"goods.special_sector": "medical_devices", "profile.naics": "311421"})
    assert regulated_categories(ctx) == ["medical_devices"]
    assert regulated_categories_basis(ctx) == "sector"


def test_a_sector_answer_of_none_means_no_category_whatever_the_naics_code() -> None:
    assert regulated_categories(Context({"goods.special_sector": "none", "profile.naics": "311421"})) == []


def test_the_naics_code_is_read_only_when_the_sector_question_was_not_answered() -> None:
    assert regulated_categories(Context({"profile.naics": "312130"})) == ["alcoholic_beverage"]
    assert regulated_categories(Context({"profile.naics": "311421"})) == ["food"]
    assert regulated_categories_basis(Context({"profile.naics": "311421"})) == "sector"


def test_nothing_known_leaves_the_category_unknown() -> None:
    ctx = Context({"profile.naics": "5416"})
    assert regulated_categories(ctx) is None
    assert regulated_categories_basis(ctx) is None
