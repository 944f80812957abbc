"""Conditions use three-valued logic: unknown is never false."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from app.rules_engine.conditions import compile_condition


class Names:
    def has_answer(self, path: str) -> bool:
        return True

    def has_fact(self, name: str) -> bool:
        return True

    def has_param(self, name: str) -> bool:
        return True

    def has_column(self, table: str, column: str) -> bool | None:
        return True


class Scope:
    def __init__(self, answers: Mapping[str, Any], params: Mapping[str, Any] | None = None) -> None:
        self.flat = answers  # already keyed by dotted path
        self.params = params or {}

    def answer(self, path: str) -> Any:
        return self.flat.get(path)

    def fact(self, name: str) -> Any:
        return None

    def param(self, name: str) -> Any:
        return self.params.get(name)

    def row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        return {"engineer": {"group": "general"}}.get(key)


def truth(raw: Mapping[str, Any], answers: Mapping[str, Any], params: Mapping[str, Any] | None = None) -> bool | None:
    return compile_condition(raw, Names()).test(Scope(answers, params))


A_TRUE = {"answer": "a", "is_true": True}
B_TRUE = {"answer": "b", "is_true": True}


@pytest.mark.parametrize(
    ("a", "b", "all_", "any_"),
    [
        (True, True, True, True),
        (True, False, False, True),
        (True, None, None, True),
        (False, None, False, None),
        (None, None, None, None),
        (False, False, False, False),
    ],
)
def test_all_and_any_follow_kleene_logic(a, b, all_, any_):
    answers = {"a": a, "b": b}
    assert truth({"all": [A_TRUE, B_TRUE]}, answers) is all_
    assert truth({"any": [A_TRUE, B_TRUE]}, answers) is any_


def test_not_keeps_unknown_unknown():
    assert truth({"not": A_TRUE}, {}) is None
    assert truth({"not": A_TRUE}, {"a": False}) is True


def test_a_comparison_with_an_unknown_answer_is_unknown_not_false():
    assert truth({"answer": "a", "equals": "x"}, {}) is None
    assert truth({"answer": "a", "not_equals": "x"}, {}) is None


def test_is_known_turns_a_missing_answer_into_a_definite_result():
    assert truth({"answer": "a", "is_known": False}, {}) is True
    assert truth({"answer": "a", "is_known": True}, {"a": 0}) is True


@pytest.mark.parametrize(
    ("raw", "answers", "expected"),
    [
        ({"answer": "n", "gte": 60}, {"n": 60}, True),
        ({"answer": "n", "gte": 60}, {"n": 59.9}, False),
        ({"answer": "n", "gt": 60}, {"n": 60}, False),
        ({"answer": "n", "lt": 60}, {"n": 59.99}, True),
        ({"answer": "n", "lte": 60}, {"n": 60}, True),
        ({"answer": "l", "contains": "goods"}, {"l": ["goods", "digital"]}, True),
        ({"answer": "l", "contains_any": ["x", "digital"]}, {"l": ["goods", "digital"]}, True),
        ({"answer": "l", "contains_all": ["goods", "x"]}, {"l": ["goods", "digital"]}, False),
        ({"answer": "s", "in": ["a", "b"]}, {"s": "b"}, True),
        ({"answer": "s", "not_in": ["a", "b"]}, {"s": "c"}, True),
        ({"answer": "n", "gte": {"param": "floor"}}, {"n": 50}, True),
    ],
)
def test_operators_compare_as_documented(raw, answers, expected):
    assert truth(raw, answers, {"floor": 50}) is expected


def test_a_comparison_with_a_parameter_not_in_force_is_unknown():
    assert truth({"answer": "n", "gte": {"param": "floor"}}, {"n": 50}, {}) is None


def test_a_lookup_reads_a_table_cell_and_an_unknown_key_stays_unknown():
    lookup = {"lookup": {"table": "t", "key": {"answer": "p"}, "column": "group"}, "equals": "general"}
    assert truth(lookup, {"p": "engineer"}) is True
    assert truth(lookup, {}) is None
    assert truth(lookup, {"p": "other"}) is None
