"""The registry of calculators: named facts worked out from the answers.

A calculator is a plain function of a `FactContext`. It returns the fact's
value, or `None` when the fact is unknown (an input it needs is unknown).
Rules read facts by name in conditions (`{fact: rvc.net_cost_pct, gte: 50}`)
and in text placeholders; the loader refuses a fact name nobody registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class FactContext(Protocol):
    """What a calculator may read: answers, parameters, tables, other facts."""

    def answer(self, path: str) -> Any:
        """The answer at a dotted path, or None when unknown or hidden."""

    def param(self, name: str) -> Any:
        """The parameter's value in force on the evaluation date, or None."""

    def row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        """One table row by key, or None when there is no such row."""

    def fact(self, name: str) -> Any:
        """Another fact's value (worked out once per evaluation), or None."""


Calculator = Callable[[FactContext], Any]


@dataclass(frozen=True)
class FactDef:
    name: str
    inputs: tuple[str, ...]
    params: tuple[str, ...]
    tables: tuple[str, ...]
    function: Calculator
    description: str
    # An amount of money, as texts show it: "whole" units of its currency, or
    # "per_unit" (a product's unit price or cost) with its cents; None if not money.
    money: str | None = None


REGISTRY: dict[str, FactDef] = {}


def fact(
    name: str,
    *,
    inputs: tuple[str, ...] = (),
    params: tuple[str, ...] = (),
    tables: tuple[str, ...] = (),
    money: str | None = None,
) -> Callable[[Calculator], Calculator]:
    """Register a calculator under `name`.

    `inputs` are the answer paths it reads (they become the `why` of a rule
    that uses the fact); `params` and `tables` are checked to exist at load;
    `money` says how a text shows the amount ("whole" or "per_unit").
    """

    def register(function: Calculator) -> Calculator:
        if name in REGISTRY:
            raise ValueError(f"fact {name!r} is registered twice")
        REGISTRY[name] = FactDef(
            name=name,
            inputs=inputs,
            params=params,
            tables=tables,
            function=function,
            description=(function.__doc__ or "").strip().splitlines()[0] if function.__doc__ else "",
            money=money,
        )
        return function

    return register
