"""Amounts in the business's own currency, read by the rules in US dollars.

An answers document may give its amounts in Canadian dollars or Mexican
pesos (`profile.currency`; absent: US dollars, as the contract always said).
The rules, their thresholds and their texts work in US dollars, so the
evaluation reads every amount of the contract (the answers it marks
`x-money`) converted with the dated exchange rate of `rules/parameters/fx.yaml`
in force on the evaluation's date, rounded to the cent. One place, so two
rules never convert the same amount differently. Pure: no Flask here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from app.rules_engine.names import answers_schema

CURRENCY = "profile.currency"
US_DOLLARS = "USD"
# The parameter giving units of each currency per US dollar.
RATES = {"CAD": "fx.usd_cad", "MXN": "fx.usd_mxn"}
CURRENCIES = (US_DOLLARS, *RATES)


@cache
def money_paths() -> frozenset[str]:
    """The answers the contract marks `x-money`, and the keys below them (per market)."""

    def walk(node: Mapping[str, Any], prefix: str, inside: bool) -> Iterator[str]:
        for key, child in node.get("properties", {}).items():
            marked = inside or "x-money" in child
            if marked and child.get("type") == "number":
                yield f"{prefix}{key}"
            if child.get("type") == "object":
                yield from walk(child, f"{prefix}{key}.", marked)
            if child.get("type") == "array" and child.get("items", {}).get("type") == "object":
                # rows (the bill of materials): "goods.materials[].unit_value"
                yield from walk(child["items"], f"{prefix}{key}[].", marked)

    return frozenset(walk(answers_schema(), "", False))


def to_us_dollars(amount: Any, currency: Any, rate: Callable[[str], Any]) -> Any:
    """`amount` given in `currency`, in US dollars rounded to the cent; `rate(name)`
    reads a parameter. An amount in US dollars, or not a number, is returned as is;
    None if the rate is missing on that date."""
    if currency not in RATES or isinstance(amount, bool) or not isinstance(amount, (int, float, Decimal)):
        return amount
    per_dollar = rate(RATES[currency])
    if not per_dollar:
        return None
    usd = (Decimal(str(amount)) / Decimal(str(per_dollar))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return int(usd) if usd == usd.to_integral_value() else float(usd)


def convert_flat(flat: dict[str, Any], rate: Callable[[str], Any]) -> None:
    """Every amount of `flat` (answers by dotted path, sections too) in US dollars, in place."""
    currency = flat.get(CURRENCY)
    if currency not in RATES:
        return
    for path in money_paths():
        if "[]." in path:
            rows, key = path.split("[].", 1)
            if isinstance(flat.get(rows), list):
                flat[rows] = [{**row, key: to_us_dollars(row.get(key), currency, rate)} if isinstance(row, dict) else row
                              for row in flat[rows]]
        elif flat.get(path) is not None:
            flat[path] = to_us_dollars(flat[path], currency, rate)
    for path, value in list(flat.items()):  # sections of amounts (per market) as their keys now read
        if isinstance(value, dict) and any(f"{path}.{key}" in money_paths() for key in value):
            flat[path] = {key: flat.get(f"{path}.{key}", amount) for key, amount in value.items()}
