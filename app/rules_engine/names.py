"""The names a rule may refer to: answer paths (from the answers contract),
facts (from the calculators), parameters and table columns."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "answers" / "answers.schema.json"


@cache
def answers_schema() -> Mapping[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _walk(node: Mapping[str, Any], prefix: str) -> Iterator[str]:
    for key, child in node.get("properties", {}).items():
        path = f"{prefix}{key}"
        yield path
        if child.get("type") == "object":
            yield from _walk(child, path + ".")


@cache
def answer_paths() -> frozenset[str]:
    """Every dotted path the answers contract defines (sections and keys)."""
    return frozenset(_walk(answers_schema(), ""))


@cache
def shown_when_paths() -> frozenset[str]:
    """The paths the contract marks with x-shown-when."""

    def walk(node: Mapping[str, Any], prefix: str) -> Iterator[str]:
        for key, child in node.get("properties", {}).items():
            if "x-shown-when" in child:
                yield f"{prefix}{key}"
            if child.get("type") == "object":
                yield from walk(child, f"{prefix}{key}.")

    return frozenset(walk(answers_schema(), ""))


@cache
def whole_money_paths() -> frozenset[str]:
    """The answers the contract marks `x-money: whole` (amounts a text shows in
    whole units of their currency), with the keys below them (per market)."""

    def walk(node: Mapping[str, Any], prefix: str, inside: bool) -> Iterator[str]:
        for key, child in node.get("properties", {}).items():
            marked = inside or child.get("x-money") == "whole"
            if marked:
                yield f"{prefix}{key}"
            if child.get("type") == "object":
                yield from walk(child, f"{prefix}{key}.", marked)

    return frozenset(walk(answers_schema(), "", False))


class KnownNames:
    """Implements the `Names` protocol of conditions for one rule base."""

    def __init__(self, facts: Mapping[str, Any], params: Mapping[str, Any], tables: Mapping[str, Any]) -> None:
        self._facts = facts
        self._params = params
        self._tables = tables

    def has_answer(self, path: str) -> bool:
        return path in answer_paths()

    def has_fact(self, name: str) -> bool:
        return name in self._facts

    def has_param(self, name: str) -> bool:
        return name in self._params

    def has_column(self, table: str, column: str) -> bool | None:
        found = self._tables.get(table)
        if found is None:
            return None
        return any(c.name == column for c in found.columns)
