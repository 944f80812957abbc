"""The advisory areas' names: one source for the results page, the PDF and
the home page, so they never call the same area two different things."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802  (gettext's conventional marker name)
    """Mark a string for extraction; it is translated where it is shown."""
    return message


# The four required areas and the regulatory area first, then those the rules may add, in this order.
AREA_NAMES: dict[str, str] = {
    "origin": N_("Rules of origin"),
    "temporary_entry": N_("Business travel"),
    "digital_trade": N_("Digital trade"),
    "financing": N_("Export financing"),
    "regulatory": N_("Product rules and compliance"),
    "customs_logistics": N_("Customs and logistics"),
    "standards_labeling": N_("Standards and labelling"),
    "market_entry": N_("Market entry"),
}
