"""Names of the release tables, dimensions and categories in the reader's language.

Categories coming from questionnaire answers take the questionnaire's own
(already translated) labels, so the dashboard calls a barrier what the
business was asked; the rest are marked here.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext, pgettext

from app.i18n.markers import COUNTRY_NAMES, N_
from app.pdf.texts import ENTRY_CATEGORIES
from app.plans.areas import AREA_NAMES
from app.stats.catalogue import NOT_STATED, TOTAL

TABLE_TITLES = {
    "businesses_by_country_sector": N_("Businesses by country and sector (NAICS)"),
    "businesses_by_country_size": N_("Businesses by country and size (employees)"),
    "businesses_by_country_women_owned": N_("Businesses by country: women-owned"),
    "businesses_by_country_indigenous_owned": N_("Businesses by country: Indigenous-owned"),
    "businesses_by_country_export_stage": N_("Businesses by country and export stage"),
    "businesses_by_country_target_market": N_("Target markets by country"),
    "readiness_by_country_area": N_("Readiness score by country and area"),
    "barriers_by_country": N_("Barriers reported, by country"),
    "financing_needs_by_country": N_("Financing needs, by country"),
    "payment_terms_by_country": N_("Payment terms, by country"),
    "travel_purposes_by_country": N_("Purposes of business travel, by country"),
    "entry_categories_by_country": N_("Temporary entry categories, by country"),
    "digital_practices_by_country": N_("Digital-trade practices, by country"),
}
MEASURES = {"count": N_("Businesses"), "mean": N_("Mean score"), "share_pct": N_("Share of the country's businesses (%)"),
            "median": N_("Median")}
FLAG_SHORT = {"primary": N_("hidden: fewer than k businesses"), "dominance": N_("hidden: one chamber holds most of the cell"),
              "homogeneity": N_("hidden: almost everyone gave the same answer"),
              "complementary": N_("hidden to protect another cell")}
PRACTICES = {
    "sells_online": N_("Sells online"), "sells_b2c": N_("Sells to consumers"),
    "sells_digital_services": N_("Sells digital services"), "collects_personal_data": N_("Collects personal data"),
    "privacy_notice_per_market": N_("Privacy notice for each market"),
}
OTHER = {TOTAL: N_("Total"), NOT_STATED: N_("Not stated"), "yes": N_("Yes"), "no": N_("No"),
         "none": N_("None")}
QUESTIONS = {"naics_sector": "profile.naics", "export_stage": "export.stage", "barrier": "export.barriers",
             "finance_need": "finance.needs", "payment_terms": "finance.payment_terms",
             "travel_purpose": "travel.purposes"}


def _from_question(question_id: str, value: str) -> str | None:
    from app.wizard import EXTENSION_KEY  # noqa: PLC0415

    book = current_app.extensions.get(EXTENSION_KEY)
    question = book.questions.get(question_id) if book is not None else None
    choice = question.choice(value) if question is not None else None
    if choice is None:
        return None
    return pgettext(choice.context, choice.label) if choice.context else choice.label


def category(dimension: str, value: str) -> str:
    """A category's name for the page (its code when nothing better is known)."""
    if value in (TOTAL, NOT_STATED):
        return gettext(OTHER[value])
    if dimension in ("country", "market") and value in COUNTRY_NAMES:
        return gettext(COUNTRY_NAMES[value])
    if dimension == "area":
        return gettext(AREA_NAMES[value]) if value in AREA_NAMES else gettext("Overall") if value == "overall" else value
    if dimension == "practice" and value in PRACTICES:
        return gettext(PRACTICES[value])
    if dimension == "entry_category" and value in ENTRY_CATEGORIES:
        return gettext(ENTRY_CATEGORIES[value])
    if dimension == "size_band":
        return gettext("%(range)s employees", range=value.replace("-", "–"))
    if dimension == "score_band":
        return gettext("Score %(range)s", range=value.replace("-", "–"))
    if dimension in QUESTIONS:
        found = _from_question(QUESTIONS[dimension], value)
        if found:
            return f"{value} – {found}" if dimension == "naics_sector" else found
    if value in OTHER:
        return gettext(OTHER[value])
    return value


def title(table_id: str) -> str:
    return gettext(TABLE_TITLES[table_id]) if table_id in TABLE_TITLES else table_id


def flag(code: str) -> str:
    return gettext(FLAG_SHORT[code]) if code in FLAG_SHORT else ""


def measure(code: str) -> str:
    return gettext(MEASURES[code]) if code in MEASURES else code


def as_dict() -> dict[str, Any]:
    """For templates."""
    return {"category": category, "title": title, "flag": flag, "measure": measure}


def number(value: Any) -> str:
    """A published figure as the page's readers write numbers."""
    from app.i18n.web import format_number  # noqa: PLC0415

    return format_number(value, None)
