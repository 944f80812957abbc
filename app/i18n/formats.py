"""Numbers, money and dates written for a page language, one way everywhere.

Pure (Babel only): the wizard, the results page, the PDF, the plan's reasons
and the answers validator all format through these, with the conventions of
`catalogs.format_locale` (en_US, es_MX, fr_CA) while the texts come from the
`es`/`fr` catalogs. The rules engine fills its texts with the same locales.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from babel import dates, numbers

from app.i18n.catalogs import format_locale

# Grouped digits and at most two decimals: 1,500 · 1,500.5 · 1 500,5.
AMOUNT = "#,##0.##"
# Money with cents: both digits of them (812.50), more only if the value has more.
CENTS = "#,##0.00"


def format_number(value: Any, lang: str, pattern: str | None = None) -> str:
    """`value` (int, float, Decimal) grouped and with the decimal mark of `lang`'s
    audience; `pattern` is a Babel number pattern (`AMOUNT`, "#,##0.00")."""
    try:
        return numbers.format_decimal(value, format=pattern, locale=format_locale(lang))
    except ArithmeticError:
        return _in_full(value)


def format_money(value: Any, lang: str) -> str:
    """An amount of money as an answer holds it: with its cents when it has
    any, both digits of them (812.50 · 812,50), none when it is whole (75,000 ·
    75 000), so a whole number never shows decimals. A digit is never dropped:
    a value the API stored with a fraction of a cent keeps it (0.005)."""
    try:
        exact = Decimal(str(value))
        if exact == exact.to_integral_value():
            return numbers.format_decimal(exact, format=AMOUNT, locale=format_locale(lang))
        return numbers.format_decimal(exact, format=CENTS, locale=format_locale(lang), decimal_quantization=False)
    except ArithmeticError:
        whole, _, cents = _in_full(value).partition(".")
        return f"{whole}.{cents:0<2}" if cents else whole


def format_exact(value: float | Decimal, lang: str) -> str:
    """Every decimal the value has, none added: 77.1 stays 77.1, not 77.09999…"""
    try:
        return numbers.format_decimal(Decimal(str(value)), locale=format_locale(lang), decimal_quantization=False)
    except ArithmeticError:
        return _in_full(value)


def format_percent(value: float | Decimal, lang: str) -> str:
    """A percentage given out of 100 (62.5 → 62.5% · 62,5 %), every decimal kept."""
    try:
        return numbers.format_percent(Decimal(str(value)) / 100, locale=format_locale(lang), decimal_quantization=False)
    except ArithmeticError:
        return _in_full(value) + "%"


def _in_full(value: Any) -> str:
    """Babel rounds within 28 significant digits; a larger value (no answer may
    reach it now, but one stored earlier or sent to the API could) is written
    in full, without grouping, rather than failing the page."""
    return format(Decimal(str(value)), "f")


@cache
def format_date(value: date, lang: str, width: str = "long") -> str:
    """July 1, 2036 · 1 de julio de 2036 · 1 juillet 2036 (width "long")."""
    return dates.format_date(value, format=width, locale=format_locale(lang))
