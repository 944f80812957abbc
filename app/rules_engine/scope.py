"""What one evaluation reads: the visible answers, the date's parameters,
tables, and facts worked out at most once."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date
from typing import Any

from app.rules_engine.model import RuleBase

_UNSET = object()


def get_path(document: Mapping[str, Any], path: str) -> Any:
    node: Any = document
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _delete_path(document: dict[str, Any], path: str) -> None:
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


class EvaluationScope:
    """Answers with the hidden ones removed, read through the rule base on one date."""

    def __init__(self, base: RuleBase, answers: Mapping[str, Any], on: date) -> None:
        self.base = base
        self.on = on
        self.answers: dict[str, Any] = copy.deepcopy(dict(answers))
        self._facts: dict[str, Any] = {}
        self.hidden: list[str] = []
        for path, condition in base.visibility:
            if get_path(self.answers, path) is not None and condition.test(self) is not True:
                _delete_path(self.answers, path)
                self.hidden.append(path)

    def answer(self, path: str) -> Any:
        return get_path(self.answers, path)

    def param(self, name: str) -> Any:
        parameter = self.base.parameters.get(name)
        if parameter is None:
            raise KeyError(f"no parameter {name!r}")
        value = parameter.value_on(self.on)
        return None if value is None else value.value

    def row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        return self.base.tables[table].rows.get(key)

    def fact(self, name: str) -> Any:
        value = self._facts.get(name, _UNSET)
        if value is _UNSET:
            value = self.base.facts[name].function(self)
            self._facts[name] = value
        return value
