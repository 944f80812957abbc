"""The advisory areas' names: one source for the results page, the PDF and
the home page, so they never call the same area two different things."""

from __future__ import annotations

from app.i18n.markers import N_

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
