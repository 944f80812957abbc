"""Rule texts in the plan's language: gettext lookup by stable context,
then placeholders filled with values formatted for the locale."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from app.i18n.catalogs import format_locale
from app.rules_engine.conditions import Operand, Scope
from app.rules_engine.model import RuleBase
from app.rules_engine.names import whole_money_paths

LOCALES = ("en", "es", "fr")
UNKNOWN_MARK = "—"

# Money in prose is shown in whole units of its currency (the text writes the
# currency): parameters with a currency unit, answers the contract marks
# `x-money: whole`, facts declared `money="whole"`. Amounts per unit of a
# product (`money="per_unit"`: the cut needed to reach a floor) keep their cents.
MONEY_UNITS = frozenset({"USD", "CAD", "MXN"})


def number_formatter(locale: str) -> Callable[[int | float], str]:
    """Grouped digits and up to four decimals (a rate keeps its digits, money
    its cents), with the symbols of the plan language's audience
    (`format_locale`): 1,234.5 (en, es: Mexico) · 1 234,5 (fr: Canada)."""
    group, decimal = get_group_symbol(format_locale(locale)), get_decimal_symbol(format_locale(locale))

    def format_number(value: int | float) -> str:
        text = f"{value:,.4f}".rstrip("0").rstrip(".")
        return text.replace(",", "\0").replace(".", decimal).replace("\0", group)

    return format_number


def cents_formatter(locale: str) -> Callable[[int | float], str]:
    """Grouped digits and exactly two decimals, with the locale's symbols (1,234.50 · 1 234,50)."""
    group, decimal = get_group_symbol(format_locale(locale)), get_decimal_symbol(format_locale(locale))

    def format_cents(value: int | float) -> str:
        return f"{value:,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", group)

    return format_cents


def whole_units(value: Any) -> Any:
    """A number rounded half up to a whole number (11,643.3 -> 11,643); anything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pgettext(context: str, message: str) -> str:
    """Marks a text for extraction; the plan's catalog translates it later."""
    return message


BOOLEAN_WORDS = {True: pgettext("value|boolean", "yes"), False: pgettext("value|boolean", "no")}


class Catalog(Protocol):
    def pgettext(self, context: str, message: str) -> str: ...


class Texts:
    """Translates and fills the texts of one rule base for one locale."""

    def __init__(self, base: RuleBase, locale: str, catalog: Catalog) -> None:
        self.base = base
        self.locale = locale
        self.catalog = catalog
        self.format_number = number_formatter(locale)
        self.format_cents = cents_formatter(locale)
        self._translated: dict[tuple[str, str], str] = {}

    def get(self, context: str, message: str) -> str:
        """The translation, remembered: an engine keeps one `Texts` per locale."""
        key = (context, message)
        found = self._translated.get(key)
        if found is None:
            found = self._translated[key] = self.catalog.pgettext(context, message)
        return found

    def cell(self, table: str, key: Any, column: str, value: Any) -> Any:
        found = self.base.tables.get(table)
        if found is None or not isinstance(value, str):
            return value
        kind = next((c.type for c in found.columns if c.name == column), None)
        return self.get(f"{table}.{key}.{column}", value) if kind == "text" else value

    def fill(
        self, template: str, variables: Mapping[str, Operand | Any], scope: Scope, shown: dict[int, str]
    ) -> str:
        """`template` with its placeholders filled; `shown` remembers, for one
        evaluation, each operand's text (many actions show the same figure)."""
        if not variables:
            return template
        values = {}
        for name, operand in variables.items():
            text = shown.get(id(operand))
            if text is None:
                text = shown[id(operand)] = self.display(operand, scope)
            values[name] = text
        return template.format_map(values)

    def display(self, operand: Operand | Any, scope: Scope) -> str:
        value = operand.read(scope) if isinstance(operand, Operand) else operand
        if isinstance(operand, Operand) and operand.kind == "lookup":
            key = operand.key.read(scope) if isinstance(operand.key, Operand) else operand.key
            value = self.cell(operand.name, key, operand.column or "", value)
        if isinstance(operand, Operand) and self.is_money(operand):
            value = whole_units(value)
        if self.is_per_unit_money(operand) and isinstance(value, float) and value != int(value):
            return self.format_cents(value)
        return self.format_value(value)

    def _fact_money(self, operand: Operand | Any) -> str | None:
        if not isinstance(operand, Operand) or operand.kind != "fact":
            return None
        found = self.base.facts.get(operand.name)
        return found.money if found is not None else None

    def is_per_unit_money(self, operand: Operand | Any) -> bool:
        return self._fact_money(operand) == "per_unit"

    def is_money(self, operand: Operand) -> bool:
        """Whether the operand is an amount of money shown in whole units."""
        if operand.kind == "param":
            found = self.base.parameters.get(operand.name)
            return found is not None and found.unit in MONEY_UNITS
        if operand.kind == "answer":
            return operand.name in whole_money_paths()
        return self._fact_money(operand) == "whole"

    def format_value(self, value: Any) -> str:
        if value is None:
            return UNKNOWN_MARK
        if isinstance(value, bool):
            return self.get("value|boolean", BOOLEAN_WORDS[value])
        if isinstance(value, int | float):
            return self.format_number(value)
        if isinstance(value, list | tuple):
            return ", ".join(self.format_value(v) for v in value)
        if isinstance(value, date):
            return format_date(value, "long", locale=format_locale(self.locale))
        return str(value)
