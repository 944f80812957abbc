"""Facts for the financing area.

Every calculator is pure: it reads answers and parameters through the
`FactContext` and returns None when an input it needs is unknown.
Money in the answers is in US dollars (`finance.amount_needed`), so only
program limits set in US dollars are compared with it here; limits in
Canadian dollars or pesos are quoted in the texts, never converted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.rules_engine.facts import FactContext, fact

# Exporter's risk of non-payment by payment method, from the safest to the
# riskiest (domain note financing.md, section 4; ITA Trade Finance Guide).
PAYMENT_RISK: dict[str, str] = {
    "cash_in_advance": "low",
    "letter_of_credit": "low",
    "documentary_collection": "medium",
    "open_account": "high",
    "consignment": "high",
}

REAL_NEEDS = frozenset(
    {"working_capital", "credit_insurance", "market_entry_costs", "buyer_financing", "equipment_capacity"}
)

# NAICS prefixes of agriculture, fishing, food and beverage manufacturing:
# Canadian agri-food firms are pointed to AAFC rather than CanExport SMEs.
AGRI_FOOD_NAICS_PREFIXES: tuple[str, ...] = ("11", "311", "3121")

# Program limits in US dollars that `finance.amount_needed` is compared with.
USD_LIMITS: dict[str, str] = {
    "sba_export_express": "financing.sba_export_express_max_usd",
    "sba_ewcp": "financing.sba_ewcp_max_usd",
    "sba_itl": "financing.sba_itl_max_usd",
}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@fact("financing.payment_risk", inputs=("finance.payment_terms",))
def payment_risk(ctx: FactContext) -> str | None:
    """The exporter's non-payment risk of its usual payment terms: low, medium or high."""
    terms = ctx.answer("finance.payment_terms")
    if not isinstance(terms, str):
        return None
    return PAYMENT_RISK.get(terms)  # "unknown" terms give an unknown risk


@fact("financing.has_need", inputs=("finance.needs",))
def has_need(ctx: FactContext) -> bool | None:
    """True if the business named at least one financing need (not only `none`)."""
    needs = ctx.answer("finance.needs")
    if not isinstance(needs, list | tuple):
        return None
    return any(need in REAL_NEEDS for need in needs)


@fact("financing.agri_food", inputs=("profile.naics",))
def agri_food(ctx: FactContext) -> bool | None:
    """True if the NAICS code is agriculture, fishing, food or beverage manufacturing."""
    naics = ctx.answer("profile.naics")
    if not isinstance(naics, str) or not naics:
        return None
    return naics.startswith(AGRI_FOOD_NAICS_PREFIXES)


@fact(
    "financing.canexport_headcount_eligible",
    inputs=("profile.employees",),
    params=("financing.canexport_min_employees", "financing.canexport_max_employees"),
)
def canexport_headcount_eligible(ctx: FactContext) -> bool | None:
    """True if the headcount is within the CanExport SMEs range of full-time employees."""
    employees = _number(ctx.answer("profile.employees"))
    low = _number(ctx.param("financing.canexport_min_employees"))
    high = _number(ctx.param("financing.canexport_max_employees"))
    if employees is None or low is None or high is None:
        return None
    return low <= employees <= high


OWNER_CHOICES = frozenset({"all_citizens_in_us", "includes_permanent_residents", "includes_others"})


@fact(
    "financing.sba_owners_excluded",
    inputs=("finance.owners_us_citizens",),
    params=("financing.sba_owner_rule",),
    tables=("sba_owner_rules",),
)
def sba_owners_excluded(ctx: FactContext) -> bool | None:
    """True if SBA's ownership rule in force (tables/sba_owner_rules.yaml) excludes the business's owners.

    Unknown when the owners are not known, or when the rule in force turns
    on ownership shares the questionnaire does not ask (`settles: false`).
    """
    owners = ctx.answer("finance.owners_us_citizens")
    code = ctx.param("financing.sba_owner_rule")
    row = ctx.row("sba_owner_rules", code) if isinstance(code, str) else None
    if owners not in OWNER_CHOICES or row is None or not row["settles"]:
        return None
    return owners in row["excludes"]


def _within_limit(program: str, param: str) -> Callable[[FactContext], bool | None]:
    def within(ctx: FactContext) -> bool | None:
        amount = _number(ctx.answer("finance.amount_needed"))
        limit = _number(ctx.param(param))
        if amount is None or limit is None:
            return None
        return amount <= limit

    within.__name__ = f"amount_within_{program}"
    within.__doc__ = f"True if finance.amount_needed (USD) is at or below the {program} maximum ({param})."
    return within


for _program, _param in USD_LIMITS.items():
    fact(
        f"financing.amount_within_program_limit.{_program}",
        inputs=("finance.amount_needed",),
        params=(_param,),
    )(_within_limit(_program, _param))
