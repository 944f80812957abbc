"""Translated messages for the problems found in an answers document.

One message per kind of schema rule (jsonschema's validator names) and per
consistency rule. Texts are marked with N_ for extraction and translated at
call time with the catalog of the requested locale.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from babel.support import Translations
from jsonschema.exceptions import ValidationError

from app.i18n.catalogs import format_locale
from app.i18n.markers import N_

TYPE_NAMES = {
    "object": N_("a group of answers (a JSON object)"),
    "array": N_("a list"),
    "string": N_("text"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "null": N_("empty (null)"),
}

# Friendlier wording than "not in the expected format" for known keys.
PATTERN_BY_KEY = {
    "region": N_("Must be a region code such as CA-QC, US-TX or MX-NLE."),
    "naics": N_("Must be a NAICS code of 2 to 6 digits."),
    "hs_code": N_("Must be an HS code of 4, 6, 8 or 10 digits."),
    "first_shipment_date": N_("Must be a date written YYYY-MM-DD, such as 2027-03-15."),
    "first_trip_date": N_("Must be a date written YYYY-MM-DD, such as 2027-03-15."),
}

REQUIRED = N_("This answer is required.")
UNKNOWN_KEY = N_("This key is not part of the answers format.")
UNKNOWN_PROFESSION = N_("Is not a profession code of the USMCA list (or “other”).")
MARKET_IS_HOME = N_("A target market cannot be the business's home country.")
NON_ORIGINATING_ABOVE_VALUE = N_("The value of non-originating materials cannot exceed the transaction value per unit.")
REGION_OF_OTHER_COUNTRY = N_("This region is not in the business's country.")
INVALID_NAICS_SECTOR = N_("The first two digits are not a NAICS sector.")
NET_COST_BELOW_NON_ORIGINATING = N_("The net cost per unit includes the non-originating materials, so it cannot be lower than their value.")
TOO_DEEP = N_("The document nests lists or groups more deeply than the answers format allows.")
NOT_FINITE = N_("Must be a finite number.")


def too_large(limit: float, t: Translations, locale: str) -> str:
    """The message for a number above the largest the portal accepts."""
    return t.gettext(AT_MOST) % {"limit": _number(limit, locale)}

# Lists longer than this are not spelled out in a message.
MAX_CHOICES_SHOWN = 8


def _number(value: Any, locale: str) -> str:
    return format_decimal(value, locale=format_locale(locale))


def _choices(values: list[Any]) -> str:
    # Choice codes are ids, identical in every language.
    return ", ".join(str(value) for value in values)


def schema_message(error: ValidationError, key: str | None, t: Translations, locale: str) -> str:
    """The message for one jsonschema error, in the catalog's language."""
    kind, limit = error.validator, error.validator_value
    if kind == "enum":
        if key == "profession":
            return t.gettext(UNKNOWN_PROFESSION)
        if len(limit) > MAX_CHOICES_SHOWN:
            return t.gettext("Is not one of the accepted values.")
        return t.gettext("Must be one of: %(choices)s.") % {"choices": _choices(limit)}
    if kind == "const":
        return t.gettext("Must be %(value)s.") % {"value": limit}
    if kind == "type":
        # The contract gives each key a single type.
        name = limit[0] if isinstance(limit, list) else limit
        return t.gettext("Must be %(type)s.") % {"type": t.gettext(TYPE_NAMES.get(name, name))}
    if kind == "pattern":
        return t.gettext(PATTERN_BY_KEY.get(key or "", N_("Is not in the expected format.")))
    if kind == "format":
        if limit == "email":
            return t.gettext("Must be a valid e-mail address.")
        if limit == "date":
            return t.gettext("Must be a real date written YYYY-MM-DD, such as 2027-03-15.")
        return t.gettext("Is not in the expected format.")
    if kind in _BOUNDS:
        return t.gettext(_BOUNDS[kind]) % {"limit": _number(limit, locale)}
    if kind in _COUNTS:
        singular, plural = _COUNTS[kind]
        return t.ngettext(singular, plural, limit) % {"count": limit}
    if kind == "uniqueItems":
        return t.gettext("Must not list the same choice twice.")
    return t.gettext("Is not valid.")


AT_MOST = N_("Must be at most %(limit)s.")
_BOUNDS = {
    "minimum": N_("Must be at least %(limit)s."),
    "maximum": AT_MOST,
    "exclusiveMinimum": N_("Must be greater than %(limit)s."),
    "exclusiveMaximum": N_("Must be less than %(limit)s."),
}


def ngettext(singular: str, plural: str, n: int) -> tuple[str, str]:
    """Extraction marker for a plural pair (translated later with t.ngettext)."""
    return singular, plural


_COUNTS = {
    "minItems": ngettext("Must list at least %(count)s choice.", "Must list at least %(count)s choices.", 1),
    "maxItems": ngettext("Must list at most %(count)s choice.", "Must list at most %(count)s choices.", 1),
    "minLength": ngettext(
        "Must be at least %(count)s character long.", "Must be at least %(count)s characters long.", 1
    ),
    "maxLength": ngettext("Must be at most %(count)s character long.", "Must be at most %(count)s characters long.", 1),
}
