"""What one evaluation reads: the visible answers, the date's parameters,
tables, and facts worked out at most once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app.rules_engine.model import RuleBase

_UNSET = object()


def get_path(document: Mapping[str, Any], path: str) -> Any:
    node: Any = document
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


class EvaluationScope:
    """Answers with the hidden ones removed, read through the rule base on one date."""

    def __init__(self, base: RuleBase, answers: Mapping[str, Any], on: date) -> None:
        self.base = base
        self.on = on
        self.answers = answers  # read only: hidden answers are masked, not deleted
        self.countries: frozenset[str] = frozenset()  # set by the evaluation, once
        self._facts: dict[str, Any] = {}
        self._answers: dict[str, Any] = {}
        self.hidden: list[str] = []
        for path, condition in base.visibility:
            if get_path(answers, path) is not None and condition.test(self) is not True:
                self.hidden.append(path)
                self._answers.clear()

    def answer(self, path: str) -> Any:
        try:
            return self._answers[path]
        except KeyError:
            value = None if self._is_hidden(path) else get_path(self.answers, path)
            self._answers[path] = value
            return value

    def _is_hidden(self, path: str) -> bool:
        return any(path == hidden or path.startswith(hidden + ".") for hidden in self.hidden)

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
