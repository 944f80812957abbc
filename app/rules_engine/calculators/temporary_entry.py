"""Facts for the temporary_entry area: USMCA Chapter 16 and Annex 16-A.

Which of the four categories fits the trip (business visitor, trader or
investor, intra-company transferee, professional) and, for a professional,
whether the traveller meets the conditions of Annex 16-A Section D and the
credential of their profession in Appendix 2 (`tables/tn_professions.yaml`).

Every fact is three-valued: `None` when an answer it needs is unknown. A fact
never turns "not answered" into "not eligible", and a profession the
questionnaire could not map (`other`) is never reported as "not on the list"
by the status: the rules send it to an adviser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.rules_engine.facts import FactContext, fact
from app.rules_engine.truth import all_of, any_of

USMCA_COUNTRIES = ("US", "CA", "MX")
TABLE = "tn_professions"

# The ordered scale of travel.education, without its last value: a
# professional licence says that the holder may practise, not how far they
# studied, so it has no place on the scale of study (see _study_rank).
STUDY_SCALE = ("none", "secondary", "post_secondary_diploma", "bachelor", "graduate")
LICENCE = "professional_licence"

PROFESSIONAL = "deliver_professional_services"
TRAVEL_INPUTS = (
    "travel.citizenship",
    "travel.destination",
    "travel.purposes",
    "travel.profession",
    "travel.education",
    "travel.years_experience",
    "travel.has_prearranged_work",
    "travel.self_employed_in_destination",
)
CREDENTIAL_INPUTS = ("travel.profession", "travel.education", "travel.years_experience")


def _row(ctx: FactContext) -> Mapping[str, Any] | None:
    profession = ctx.answer("travel.profession")
    return None if profession is None else ctx.row(TABLE, profession)


def _study_rank(level: str | None) -> int | None:
    return STUDY_SCALE.index(level) if level in STUDY_SCALE else None


def _at_least(years: int | None, needed: int) -> bool | None:
    return None if years is None else years >= needed


@fact("entry.citizen_of_destination", inputs=("travel.citizenship", "travel.destination"))
def citizen_of_destination(ctx: FactContext) -> bool | None:
    """The traveller is a citizen of the destination country and needs no temporary entry at all."""
    citizenship = ctx.answer("travel.citizenship")
    destination = ctx.answer("travel.destination")
    if citizenship is None or destination is None:
        return None
    return citizenship == destination


@fact("tn.citizenship_ok", inputs=("travel.citizenship", "travel.destination"))
def citizenship_ok(ctx: FactContext) -> bool | None:
    """A citizen of one USMCA country going to another one (permanent residents do not qualify)."""
    citizenship = ctx.answer("travel.citizenship")
    destination = ctx.answer("travel.destination")
    if citizenship is not None and citizenship not in USMCA_COUNTRIES:
        return False  # "other": not a citizen of a Party, whatever their residence
    if citizenship is None or destination is None:
        return None
    return destination in USMCA_COUNTRIES and destination != citizenship


@fact("tn.profession_listed", inputs=("travel.profession",), tables=(TABLE,))
def profession_listed(ctx: FactContext) -> bool | None:
    """The profession is one of the 63 of Appendix 2 to Annex 16-A (`other` is false)."""
    if ctx.answer("travel.profession") is None:
        return None
    return _row(ctx) is not None


@fact("tn.education_rank_ok", inputs=CREDENTIAL_INPUTS, tables=(TABLE,))
def education_rank_ok(ctx: FactContext) -> bool | None:
    """The level of study reaches the profession's minimum (unknown for a licence, which is no level of study)."""
    row = _row(ctx)
    rank = _study_rank(ctx.answer("travel.education"))
    if row is None or rank is None:
        return None
    return rank >= STUDY_SCALE.index(row["min_education"])


def _routes(ctx: FactContext, row: Mapping[str, Any]) -> tuple[bool | None, bool | None]:
    """Whether the credential is met by (degree or licence, an experience substitute)."""
    education = ctx.answer("travel.education")
    years = ctx.answer("travel.years_experience")
    if education == LICENCE:
        by_degree: bool | None = True if row["alt_licence"] else None
    else:
        by_degree = education_rank_ok(ctx)
    substitutes: list[bool | None] = []
    if row.get("alt_experience_years") is not None:
        substitutes.append(_at_least(years, row["alt_experience_years"]))
    if row.get("alt_diploma_plus_years") is not None:
        if education is None or education == LICENCE:
            has_diploma = None
        else:
            has_diploma = education in ("post_secondary_diploma", "bachelor", "graduate")
        substitutes.append(all_of([has_diploma, _at_least(years, row["alt_diploma_plus_years"])]))
    return by_degree, any_of(substitutes)


@fact("tn.credentials_met", inputs=CREDENTIAL_INPUTS, tables=(TABLE,))
def credentials_met(ctx: FactContext) -> bool | None:
    """Education, licence or experience meet the profession's entry in Appendix 2."""
    row = _row(ctx)
    if row is None:
        return None
    by_degree, by_substitute = _routes(ctx, row)
    met = any_of([by_degree, by_substitute])
    if met is not True:
        return met
    if row["credential_check"] == "adviser":
        return None  # the list also asks for something the questionnaire does not record
    if row["credential_check"] == "named_degree":
        # A level of study cannot show the named degree or field (nor can a
        # diploma: Hotel Manager's must be in the field too); a licence can.
        licensed = row["alt_licence"] and ctx.answer("travel.education") == LICENCE
        return True if licensed else None
    return True


@fact("tn.experience_substitute_used", inputs=CREDENTIAL_INPUTS, tables=(TABLE,))
def experience_substitute_used(ctx: FactContext) -> bool | None:
    """The credential is met only through experience (alone, or with a post-secondary diploma)."""
    row = _row(ctx)
    if row is None or credentials_met(ctx) is not True:
        return None
    by_degree, by_substitute = _routes(ctx, row)
    if by_degree is True:
        return False
    return True if by_substitute is True else None


def _purposes(ctx: FactContext) -> list[str] | None:
    purposes = ctx.answer("travel.purposes")
    return None if purposes is None else list(purposes)


def _professional_blockers(ctx: FactContext) -> list[bool | None]:
    """The Section D conditions other than the profession itself (True when each is satisfied)."""
    prearranged = ctx.answer("travel.has_prearranged_work")
    self_employed = ctx.answer("travel.self_employed_in_destination")
    return [
        citizenship_ok(ctx),
        credentials_met(ctx),
        None if prearranged is None else prearranged is True,
        None if self_employed is None else self_employed is False,
    ]


@fact("tn.eligible", inputs=TRAVEL_INPUTS, tables=(TABLE,))
def eligible(ctx: FactContext) -> bool | None:
    """All professional conditions: citizenship, listed profession, credentials, prearranged work, not self-employed, purpose."""
    purposes = _purposes(ctx)
    purpose_ok = None if purposes is None else PROFESSIONAL in purposes
    return all_of([*_professional_blockers(ctx), profession_listed(ctx), purpose_ok])


@fact("entry.category", inputs=TRAVEL_INPUTS, tables=(TABLE,))
def category(ctx: FactContext) -> str | None:
    """The Annex 16-A category that fits the trip: professional, business_visitor, intra_company_transferee, trader_investor or none."""
    citizenship = ctx.answer("travel.citizenship")
    if citizenship is not None and citizenship not in USMCA_COUNTRIES:
        return "none"  # Chapter 16 covers citizens only
    if citizen_of_destination(ctx) is True:
        return "none"  # no temporary entry needed
    purposes = _purposes(ctx)
    if citizenship is None or ctx.answer("travel.destination") is None or purposes is None:
        return None
    professional = PROFESSIONAL in purposes
    if professional and eligible(ctx) is True:
        return "professional"
    if "intra_company_transfer" in purposes:
        return "intra_company_transferee"
    if "invest_or_trade" in purposes:
        return "trader_investor"
    # Still the professional route when nothing rules it out; an unmapped
    # profession ("other") is for an adviser to place, not a reason to leave it.
    if professional and False not in _professional_blockers(ctx):
        return "professional"
    if "meetings_sales" in purposes or "after_sales_installation" in purposes:
        return "business_visitor"
    return "none"
