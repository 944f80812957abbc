"""Validation of an answers document: its form, then its consistency.

Pure Python (no Flask): the rules engine, the CLI and the API call it
outside any request. Every problem is reported, each with a JSONPath-like
path (`$.export.markets[1]`) and a message in the requested language.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.support import Translations
from email_validator import EmailNotValidError, validate_email
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from app.answers import messages
from app.i18n.catalogs import get_translations

SCHEMA_PATH = Path(__file__).resolve().parent / "answers.schema.json"
NAICS_SECTORS = frozenset(
    {"11", "21", "22", "23", "31", "32", "33", "42", "44", "45", "48", "49"}
    | {"51", "52", "53", "54", "55", "56", "61", "62", "71", "72", "81", "92"}
)
COUNTRIES = ("US", "CA", "MX")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an answers document."""

    path: str
    message: str


def json_path(parts: Sequence[str | int]) -> str:
    """`["export", "markets", 1]` → `$.export.markets[1]`."""
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _IDENTIFIER.match(part):
            path += f".{part}"
        else:
            path += "[" + json.dumps(part) + "]"
    return path


@lru_cache(maxsize=1)
def answers_schema() -> dict[str, Any]:
    """The answers contract, as shipped with the application."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def _validator(partial: bool = False) -> Draft202012Validator:
    checker = FormatChecker(formats=())
    checker.checks("email", raises=EmailNotValidError)(_is_email)
    checker.checks("date", raises=ValueError)(_is_date)
    schema = _without_required(answers_schema()) if partial else answers_schema()
    return Draft202012Validator(schema, format_checker=checker)


def _without_required(node: Any) -> Any:
    """The schema with every `required` list removed: what a document still
    being filled in must satisfy. (The contract's `required` lists are plain
    object-level ones, not inside if/then or oneOf, so nothing else changes.)"""
    if isinstance(node, dict):
        return {key: _without_required(value) for key, value in node.items() if key != "required"}
    if isinstance(node, list):
        return [_without_required(value) for value in node]
    return node


def _is_email(value: object) -> bool:
    if not isinstance(value, str):
        return True  # a wrong type is reported by the `type` rule
    validate_email(value, check_deliverability=False)
    return True


def _is_date(value: object) -> bool:
    """A real calendar date (the pattern checks the YYYY-MM-DD form)."""
    if isinstance(value, str) and len(value) == 10:
        date.fromisoformat(value)
    return True


# The largest number an answer may hold, wherever the contract sets no
# maximum (today the amounts in US dollars; its integers all have one). A
# trillion dollars is far above any sale, shipment or loan of a small
# business, keeps cents exact in a float, and keeps every sum and ratio of
# the rules finite.
NUMBER_MAXIMUM = 10**12
# The answers format nests four levels (document, section, a list or map,
# an item); anything much deeper is refused before the schema walks it.
MAX_DEPTH = 8


def depth(document: object) -> int:
    """How deeply lists and objects nest in `document` (a scalar is 0), without recursion."""
    deepest, pending = 0, [(document, 1)]
    while pending:
        node, level = pending.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        pending.extend((child, level + 1) for child in children)
    return deepest


def validate_answers(document: object, locale: str = "en", *, partial: bool = False) -> list[Problem]:
    """Every problem with `document`, by path; an empty list when it is valid.

    `partial`: the document is still being filled in, so a missing answer is
    not a problem; everything present must still be right.
    """
    t = get_translations(locale)
    if depth(document) > MAX_DEPTH:
        return [Problem("$", t.gettext(messages.TOO_DEEP))]
    problems = list(_schema_problems(document, t, locale, partial))
    flagged = {problem.path for problem in problems}
    problems += [p for p in _number_problems(document, [], t, locale) if p.path not in flagged]
    flagged = {problem.path for problem in problems}
    problems += [p for p in _consistency_problems(document, t) if p.path not in flagged]
    return sorted(problems, key=lambda problem: (problem.path, problem.message))


def _schema_problems(document: object, t: Translations, locale: str, partial: bool) -> Iterator[Problem]:
    for error in _validator(partial).iter_errors(document):
        parts = list(error.absolute_path)
        if error.validator == "required":
            for name in _missing(error):
                yield Problem(json_path([*parts, name]), t.gettext(messages.REQUIRED))
        elif error.validator == "additionalProperties":
            for name in _unexpected(error):
                yield Problem(json_path([*parts, name]), t.gettext(messages.UNKNOWN_KEY))
        else:
            key = next((p for p in reversed(parts) if isinstance(p, str)), None)
            yield Problem(json_path(parts), messages.schema_message(error, key, t, locale))


def _missing(error: ValidationError) -> list[str]:
    present = error.instance if isinstance(error.instance, dict) else {}
    return [name for name in error.validator_value if name not in present]


def _unexpected(error: ValidationError) -> list[str]:
    allowed = error.schema.get("properties", {})
    return sorted(name for name in error.instance if name not in allowed)


def _section(document: object, name: str) -> dict[str, Any]:
    value = document.get(name) if isinstance(document, dict) else None
    return value if isinstance(value, dict) else {}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_problems(node: object, where: list[str | int], t: Translations, locale: str) -> Iterator[Problem]:
    """Numbers the rules could not work with: not finite, or above NUMBER_MAXIMUM."""
    if isinstance(node, dict | list):
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            yield from _number_problems(child, [*where, key], t, locale)
    elif _is_number(node) and not math.isfinite(node):
        yield Problem(json_path(where), t.gettext(messages.NOT_FINITE))
    elif _is_number(node) and abs(node) > NUMBER_MAXIMUM:
        yield Problem(json_path(where), messages.too_large(NUMBER_MAXIMUM, t, locale))


def _consistency_problems(document: object, t: Translations) -> Iterator[Problem]:
    """The contract's rules that a schema cannot express."""
    profile, export, goods = (_section(document, n) for n in ("profile", "export", "goods"))
    country = profile.get("country")
    if country not in COUNTRIES:
        country = None  # already reported by the schema; nothing to compare with
    markets = export.get("markets")
    if isinstance(country, str) and isinstance(markets, list):
        for index, market in enumerate(markets):
            if market == country:
                yield Problem(json_path(["export", "markets", index]), t.gettext(messages.MARKET_IS_HOME))
    region = profile.get("region")
    if isinstance(country, str) and isinstance(region, str) and not region.startswith(f"{country}-"):
        yield Problem("$.profile.region", t.gettext(messages.REGION_OF_OTHER_COUNTRY))
    naics = profile.get("naics")
    if isinstance(naics, str) and len(naics) >= 2 and naics[:2] not in NAICS_SECTORS:
        yield Problem("$.profile.naics", t.gettext(messages.INVALID_NAICS_SECTOR))
    value, non_originating = goods.get("unit_transaction_value"), goods.get("unit_non_originating_value")
    # Compared only when both are valid in form; otherwise their own problems say enough.
    if _is_number(value) and _is_number(non_originating) and 0 < value < non_originating:
        yield Problem("$.goods.unit_non_originating_value", t.gettext(messages.NON_ORIGINATING_ABOVE_VALUE))
    net_cost = goods.get("unit_net_cost")
    if _is_number(net_cost) and _is_number(non_originating) and 0 < net_cost < non_originating:
        yield Problem("$.goods.unit_net_cost", t.gettext(messages.NET_COST_BELOW_NON_ORIGINATING))
