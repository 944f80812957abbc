"""Facts for the origin area: regional value content, HS chapter and section, low-value shipments.

Every calculator is pure: it reads answers, parameters and tables through the
`FactContext` and returns None when an input it needs is unknown. Percentages
are worked out with `Decimal`; the published figure is rounded to one decimal
(ROUND_HALF_UP), but every pass/fail test compares the unrounded value with
its floor, as customs does (59.95 % shows as 60.0 % and still falls short of 60 %).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.rules_engine.facts import FactContext, fact
from app.rules_engine.origin_rules.materials import decimal

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")
CENTS = Decimal("0.01")

TV = "goods.unit_transaction_value"
VNM = "goods.unit_non_originating_value"
NC = "goods.unit_net_cost"
SECTOR = "goods.special_sector"
HS_CODE = "goods.hs_code"
SHIPMENT = "goods.typical_shipment_value"
MARKETS = "export.markets"

P_TV_FLOOR = "origin.rvc_threshold_transaction_value"
P_NC_FLOOR = "origin.rvc_threshold_net_cost"
P_AUTO_NC_FLOOR = "origin.rvc_threshold_net_cost_automotive"
P_HEAVY_NC_FLOOR = "origin.rvc_threshold_net_cost_heavy_truck"
P_DE_MINIMIS = "origin.de_minimis_value_pct"
P_LOW_VALUE = {
    "US": "origin.low_value_threshold_us",
    "CA": "origin.low_value_threshold_ca",
    "MX": "origin.low_value_threshold_mx",
}
P_USD_CAD = "fx.usd_cad"

# The keys of tables/hs_sections.yaml, in HS order; the chapters live in the table.
HS_SECTIONS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
               "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI")
# The HS codes the automotive appendix covers, and the vehicles whose own
# floor their six-digit code settles (tables/automotive_hs.yaml).
AUTOMOTIVE_TABLE = "automotive_hs"
TEXTILE_SECTION = "XI"


def _round(value: Decimal | None, step: Decimal = ONE_DECIMAL) -> float | None:
    if value is None:
        return None
    return float(value.quantize(step, rounding=ROUND_HALF_UP))


def _number(value: Any) -> int | float | None:
    """A parameter's number as written (60 stays 60); None when not a number."""
    return value if decimal(value) is not None else None


def _content_pct(base: Decimal | None, non_originating: Decimal | None) -> Decimal | None:
    """(base − VNM) / base × 100, unrounded; None when unknown or base is not positive."""
    if base is None or non_originating is None or base <= 0:
        return None
    return (base - non_originating) / base * HUNDRED


def _automotive_row(ctx: FactContext) -> Any:
    """The good's row of the automotive table, by its six-digit subheading or its heading."""
    code = ctx.answer(HS_CODE)
    if not isinstance(code, str) or len(code) < 4 or not code.isdigit():
        return None
    return (len(code) >= 6 and ctx.row(AUTOMOTIVE_TABLE, code[:6])) or ctx.row(AUTOMOTIVE_TABLE, code[:4])


def _is_automotive(ctx: FactContext) -> bool:
    """Automotive goods: by the sector answer, or by an HS code of vehicles and their parts."""
    return ctx.answer(SECTOR) == "automotive" or _automotive_row(ctx) is not None


def _tv_pct(ctx: FactContext) -> Decimal | None:
    return _content_pct(decimal(ctx.answer(TV)), decimal(ctx.answer(VNM)))


def _nc_pct(ctx: FactContext) -> Decimal | None:
    return _content_pct(decimal(ctx.answer(NC)), decimal(ctx.answer(VNM)))


def _meets(pct: Decimal | None, floor: Any) -> bool | None:
    floor_value = decimal(floor)
    if pct is None or floor_value is None:
        return None
    return pct >= floor_value


@fact("rvc.transaction_value_pct", inputs=(TV, VNM))
def transaction_value_pct(ctx: FactContext) -> float | None:
    """Regional value content by the transaction-value method, (TV − VNM) / TV × 100, one decimal."""
    return _round(_tv_pct(ctx))


@fact("rvc.net_cost_pct", inputs=(NC, VNM))
def net_cost_pct(ctx: FactContext) -> float | None:
    """Regional value content by the net-cost method, (NC − VNM) / NC × 100, one decimal."""
    return _round(_nc_pct(ctx))


def _vehicle_class(ctx: FactContext) -> str | None:
    """passenger_light or heavy_truck when the six-digit HS code settles it, else None."""
    row = _automotive_row(ctx)
    return row["vehicle_class"] if row and row["vehicle_class"] != "other" else None


def _tv_floor(ctx: FactContext) -> Any:
    """The transaction-value floor; none for automotive goods, whose floors depend on their category."""
    return None if _is_automotive(ctx) else ctx.param(P_TV_FLOOR)


def _nc_floor(ctx: FactContext) -> Any:
    """The net-cost floor: the vehicle's own for passenger vehicles, light and heavy
    trucks; unknown for other automotive goods (their part category decides)."""
    if not _is_automotive(ctx):
        return ctx.param(P_NC_FLOOR)
    vehicle = _vehicle_class(ctx)
    if vehicle == "passenger_light":
        return ctx.param(P_AUTO_NC_FLOOR)
    if vehicle == "heavy_truck":
        return ctx.param(P_HEAVY_NC_FLOOR)
    return None


_FLOOR_PARAMS = (P_TV_FLOOR, P_NC_FLOOR, P_AUTO_NC_FLOOR, P_HEAVY_NC_FLOOR)


@fact("rvc.threshold_transaction_value_pct", inputs=(SECTOR, HS_CODE), params=(P_TV_FLOOR,), tables=(AUTOMOTIVE_TABLE,))
def threshold_transaction_value_pct(ctx: FactContext) -> int | float | None:
    """The transaction-value floor that applies; none for automotive goods (their category decides)."""
    return _number(_tv_floor(ctx))


@fact("rvc.threshold_net_cost_pct", inputs=(SECTOR, HS_CODE), params=_FLOOR_PARAMS, tables=(AUTOMOTIVE_TABLE,))
def threshold_net_cost_pct(ctx: FactContext) -> int | float | None:
    """The net-cost floor that applies: the vehicle's own for automotive goods whose HS code settles it."""
    return _number(_nc_floor(ctx))


@fact("origin.rvc_transaction_value_meets", inputs=(TV, VNM, SECTOR, HS_CODE), params=(P_TV_FLOOR,), tables=(AUTOMOTIVE_TABLE,))
def transaction_value_meets(ctx: FactContext) -> bool | None:
    """Whether the unrounded transaction-value RVC reaches its floor (unknown for automotive goods)."""
    return _meets(_tv_pct(ctx), _tv_floor(ctx))


@fact("origin.rvc_net_cost_meets", inputs=(NC, VNM, SECTOR, HS_CODE), params=_FLOOR_PARAMS, tables=(AUTOMOTIVE_TABLE,))
def net_cost_meets(ctx: FactContext) -> bool | None:
    """Whether the unrounded net-cost RVC reaches the net-cost floor that applies."""
    return _meets(_nc_pct(ctx), _nc_floor(ctx))


@fact("rvc.meets_threshold", inputs=(TV, VNM, NC, SECTOR, HS_CODE), params=_FLOOR_PARAMS, tables=(AUTOMOTIVE_TABLE,))
def meets_threshold(ctx: FactContext) -> bool | None:
    """True if a method open to the good reaches its floor; false only if every such method is known and short."""
    results = [net_cost_meets(ctx)]
    if not _is_automotive(ctx):  # vehicles may use only the net-cost method; parts depend on their table
        results.append(transaction_value_meets(ctx))
    if any(result is True for result in results):
        return True
    if all(result is False for result in results):
        return False
    return None


def _measured(ctx: FactContext) -> bool:
    """Whether the plan reports a regional value content by either method."""
    return _tv_pct(ctx) is not None or _nc_pct(ctx) is not None


@fact("origin.rvc_threshold_pct", inputs=(TV, VNM, NC, SECTOR, HS_CODE), params=(P_TV_FLOOR,), tables=(AUTOMOTIVE_TABLE,))
def finding_transaction_value_threshold(ctx: FactContext) -> int | float | None:
    """The transaction-value floor reported beside the plan's RVC figures (none when no RVC is known)."""
    return threshold_transaction_value_pct(ctx) if _measured(ctx) else None


@fact("origin.rvc_net_cost_threshold_pct", inputs=(TV, VNM, NC, SECTOR, HS_CODE), params=_FLOOR_PARAMS, tables=(AUTOMOTIVE_TABLE,))
def finding_net_cost_threshold(ctx: FactContext) -> int | float | None:
    """The net-cost floor reported beside the plan's RVC figures (none when no RVC is known)."""
    return threshold_net_cost_pct(ctx) if _measured(ctx) else None


@fact("rvc.non_originating_share_pct", inputs=(TV, VNM))
def non_originating_share_pct(ctx: FactContext) -> float | None:
    """Non-originating materials as a share of the transaction value, VNM / TV × 100, one decimal."""
    share = _share(ctx)
    return _round(share)


def _share(ctx: FactContext) -> Decimal | None:
    tv, vnm = decimal(ctx.answer(TV)), decimal(ctx.answer(VNM))
    if tv is None or vnm is None or tv <= 0:
        return None
    return vnm / tv * HUNDRED


@fact("origin.non_originating_within_de_minimis", inputs=(TV, VNM), params=(P_DE_MINIMIS,))
def within_de_minimis(ctx: FactContext) -> bool | None:
    """Whether all non-originating materials together stay within the de minimis share of the transaction value."""
    limit = decimal(ctx.param(P_DE_MINIMIS))
    share = _share(ctx)
    if share is None or limit is None:
        return None
    return share <= limit


@fact(
    "origin.vnm_cut_for_transaction_value_floor",
    inputs=(TV, VNM, SECTOR, HS_CODE),
    params=(P_TV_FLOOR,),
    tables=(AUTOMOTIVE_TABLE,),
    money="per_unit",
)
def vnm_cut_for_floor(ctx: FactContext) -> float | None:
    """How much the non-originating value per unit must fall to reach the transaction-value floor (0 if it already does)."""
    tv, vnm = decimal(ctx.answer(TV)), decimal(ctx.answer(VNM))
    floor = decimal(ctx.param(P_TV_FLOOR))
    if tv is None or vnm is None or floor is None or tv <= 0 or _is_automotive(ctx):
        return None
    allowed = tv * (HUNDRED - floor) / HUNDRED
    return _round(max(vnm - allowed, Decimal(0)), CENTS)


@fact("goods.hs_chapter", inputs=(HS_CODE,))
def hs_chapter(ctx: FactContext) -> int | None:
    """The HS chapter: the first two digits of the HS code, as an integer."""
    code = ctx.answer(HS_CODE)
    if not isinstance(code, str) or len(code) < 2 or not code[:2].isdigit():
        return None
    return int(code[:2])


@fact("goods.hs_section", inputs=(HS_CODE,), tables=("hs_sections",))
def hs_section(ctx: FactContext) -> str | None:
    """The HS section (roman numeral) whose chapter range holds the good's chapter."""
    chapter = hs_chapter(ctx)
    if chapter is None:
        return None
    for section in HS_SECTIONS:
        row = ctx.row("hs_sections", section)
        if row and row["first_chapter"] <= chapter <= row["last_chapter"]:
            return section
    return None


@fact("origin.sector_regime", inputs=(SECTOR, HS_CODE), tables=("hs_sections", AUTOMOTIVE_TABLE))
def sector_regime(ctx: FactContext) -> str | None:
    """automotive, textile_apparel or none: the special regime the good falls under, by sector answer or HS code."""
    sector = ctx.answer(SECTOR)
    chapter = hs_chapter(ctx)
    if _is_automotive(ctx):
        return "automotive"
    if sector == "textile_apparel" or hs_section(ctx) == TEXTILE_SECTION:
        return "textile_apparel"
    if sector is None and chapter is None:
        return None
    return "none"


def _threshold_usd(ctx: FactContext, market: str) -> Decimal | None:
    """The market's no-certification threshold in US dollars (Canada's is set in CAD)."""
    limit = decimal(ctx.param(P_LOW_VALUE[market]))
    if limit is None:
        return None
    if market == "CA":
        rate = decimal(ctx.param(P_USD_CAD))
        if rate is None or rate <= 0:
            return None
        return limit / rate
    return limit


def _lowest_threshold_usd(ctx: FactContext) -> Decimal | None:
    markets = ctx.answer(MARKETS)
    if not markets:
        return None
    limits = [_threshold_usd(ctx, market) for market in markets if market in P_LOW_VALUE]
    if not limits or any(limit is None for limit in limits):
        return None
    return min(limit for limit in limits if limit is not None)


@fact(
    "origin.lowest_certification_threshold_usd",
    inputs=(MARKETS,),
    params=(*P_LOW_VALUE.values(), P_USD_CAD),
    money="whole",
)
def lowest_certification_threshold_usd(ctx: FactContext) -> float | None:
    """The lowest no-certification threshold among the target markets, in US dollars (2 decimals)."""
    return _round(_lowest_threshold_usd(ctx), CENTS)


@fact(
    "goods.shipment_below_certification_threshold",
    inputs=(SHIPMENT, MARKETS),
    params=(*P_LOW_VALUE.values(), P_USD_CAD),
)
def shipment_below_certification_threshold(ctx: FactContext) -> bool | None:
    """Whether the typical shipment does not exceed the no-certification threshold of every target market."""
    value = decimal(ctx.answer(SHIPMENT))
    limit = _lowest_threshold_usd(ctx)
    if value is None or limit is None:
        return None
    # The three rules exempt an importation whose value "does not exceed" the amount.
    return value <= limit
