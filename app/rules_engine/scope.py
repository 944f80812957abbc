"""What one evaluation reads: the visible answers, the date's parameters,
tables, and facts worked out at most once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from app.rules_engine.model import RuleBase
from app.rules_engine.money import convert_flat

_UNSET = object()


def get_path(document: Mapping[str, Any], path: str) -> Any:
    node: Any = document
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


class PathReader:
    """An `AnswerLookup` that walks the document on each read: for scopes that
    live for one test only, where flattening first would cost more."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = answers

    def get(self, path: str, /) -> Any:
        return get_path(self._answers, path)


def _flatten(node: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for key, value in node.items():
        path = prefix + key
        yield path, value
        if isinstance(value, dict):
            yield from _flatten(value, path + ".")


class EvaluationScope:
    """Answers with the hidden ones removed, read through the rule base on one date."""

    def __init__(self, base: RuleBase, answers: Mapping[str, Any], on: date) -> None:
        self.base = base
        self.on = on
        self.countries: frozenset[str] = frozenset()  # set by the evaluation, once
        self._facts: dict[str, Any] = {}
        # Every answer by its dotted path (sections too), read with one lookup.
        self.flat: dict[str, Any] = dict(_flatten(answers, ""))
        convert_flat(self.flat, self.param)  # amounts in the business's currency, read in US dollars
        for path, condition in base.visibility:
            if self.flat.get(path) is not None and condition.test(self) is not True:
                for key in [k for k in self.flat if k == path or k.startswith(path + ".")]:
                    del self.flat[key]

    def answer(self, path: str) -> Any:
        return self.flat.get(path)

    def asked(self, path: str) -> bool:
        """Whether the questionnaire asks `path` for these answers: no branching
        condition on it or a section holding it is other than true."""
        return all(
            condition.test(self) is True
            for hidden, condition in self.base.visibility
            if path == hidden or path.startswith(hidden + ".")
        )

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
