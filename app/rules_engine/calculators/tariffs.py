"""Facts for the tariff measures USMCA origin does not remove (Section 232, Canada's surtaxes).

A measure reaches a product by its HS code (`tables/tariff_hs.yaml`) and is in
force on the evaluation date when its dated rate `tariffs.<measure>_pct` is a
positive number. Only the first six digits of `goods.hs_code` are read: they
are shared by the three countries, while an 8- or 10-digit code is the
business's own national line, never the US or Canadian one.

For each measure a product is:
- covered (True): a row of its chapter, heading or subheading lists the
  measure as `covered`;
- to check (None): no such row, but a row lists it as `check`, or the
  product's own code (cut to six digits) lists it as `partly`, so the
  business must find its 10-digit line in the official list;
- not covered (False): neither, with the HS code known.
An unknown HS code, or a measure not in force, leaves no room for advice:
the per-measure fact is None or False, and the lists leave the measure out.
Without an HS code, `tariff.us_232_by_activity` names the measures in force
that the NAICS code or sector answer suggests (`tables/tariff_activity.yaml`),
for "classify and check" advice only.
"""

from __future__ import annotations

from typing import Any

from app.rules_engine.facts import FactContext, fact

HS_CODE = "goods.hs_code"
NAICS = "profile.naics"
SECTOR = "goods.special_sector"
HS_TABLE = "tariff_hs"
MEASURES_TABLE = "tariff_measures"
ACTIVITY_TABLE = "tariff_activity"

# The keys of tables/tariff_measures.yaml (a test keeps them in step), by the
# country imposing the measure.
US_232 = (
    "us_232_steel_aluminium",
    "us_232_steel_aluminium_derivatives",
    "us_232_copper",
    "us_232_softwood_lumber",
    "us_232_upholstered_furniture",
    "us_232_kitchen_cabinets_vanities",
    "us_232_autos",
    "us_232_auto_parts",
    "us_232_trucks",
    "us_232_buses",
)
CA_SURTAX = ("ca_surtax_steel_aluminium", "ca_surtax_motor_vehicles")
MEASURES = US_232 + CA_SURTAX
COVERED, CHECK, UNKNOWN = "covered", "check", "unknown"


def rate_param(measure: str) -> str:
    """The dated parameter holding the measure's rate."""
    return f"tariffs.{measure}_pct"


def _prefixes(ctx: FactContext) -> list[str] | None:
    """The chapter, heading and (if given) subheading of the HS code; None when unknown."""
    code = ctx.answer(HS_CODE)
    if not isinstance(code, str) or len(code) < 4 or not code.isdigit():
        return None
    return [code[:n] for n in (2, 4, 6) if len(code) >= n]


def _listed(row: Any, column: str, measure: str) -> bool:
    return row is not None and measure in (row.get(column) or ())


def _in_force(ctx: FactContext, measure: str) -> bool:
    rate = ctx.param(rate_param(measure))
    return isinstance(rate, int | float) and not isinstance(rate, bool) and rate > 0


def reach(ctx: FactContext, measure: str) -> str | None:
    """covered, check or None (not reached) for a known HS code; `unknown` without one."""
    prefixes = _prefixes(ctx)
    if prefixes is None:
        return UNKNOWN
    rows = [ctx.row(HS_TABLE, prefix) for prefix in prefixes]
    if any(_listed(row, "covered", measure) for row in rows):
        return COVERED
    if any(_listed(row, "check", measure) for row in rows) or _listed(rows[-1], "partly", measure):
        return CHECK
    return None


def _status(ctx: FactContext, measure: str) -> bool | None:
    """True covered and in force; None to check or HS unknown (in force); False otherwise."""
    if not _in_force(ctx, measure):
        return False
    found = reach(ctx, measure)
    if found == COVERED:
        return True
    return None if found in (CHECK, UNKNOWN) else False


def _ids(ctx: FactContext, measures: tuple[str, ...], wanted: str) -> list[str] | None:
    if _prefixes(ctx) is None:
        return None
    return [m for m in measures if _in_force(ctx, m) and reach(ctx, m) == wanted]


_PARAMS = tuple(rate_param(m) for m in MEASURES)
_TABLES = (HS_TABLE, MEASURES_TABLE)


@fact("tariff.us_232_measures", inputs=(HS_CODE,), params=_PARAMS, tables=_TABLES)
def us_232_measures(ctx: FactContext) -> list[str] | None:
    """The US Section 232 measures in force on the date that cover the product's HS code (None if the code is unknown)."""
    return _ids(ctx, US_232, COVERED)


@fact("tariff.us_232_to_check", inputs=(HS_CODE,), params=_PARAMS, tables=_TABLES)
def us_232_to_check(ctx: FactContext) -> list[str] | None:
    """The US Section 232 measures in force that cover some US lines of the product's HS code: check the 10-digit line."""
    return _ids(ctx, US_232, CHECK)


@fact("tariff.ca_surtax_to_check", inputs=(HS_CODE,), params=_PARAMS, tables=_TABLES)
def ca_surtax_to_check(ctx: FactContext) -> list[str] | None:
    """Canada's surtaxes on US goods in force on the date that may reach the product's HS code."""
    found = _ids(ctx, CA_SURTAX, CHECK)
    covered = _ids(ctx, CA_SURTAX, COVERED)
    return None if found is None or covered is None else covered + found


def _activity_rows(ctx: FactContext) -> list[Any]:
    """The row of the sector answer and the row of the longest listed start of the NAICS code."""
    sector, naics = ctx.answer(SECTOR), ctx.answer(NAICS)
    rows = [ctx.row(ACTIVITY_TABLE, sector)] if isinstance(sector, str) else []
    if isinstance(naics, str):
        starts = (ctx.row(ACTIVITY_TABLE, naics[:n]) for n in range(len(naics), 2, -1))
        rows.append(next((row for row in starts if row is not None), None))
    return [row for row in rows if row is not None]


@fact("tariff.us_232_by_activity", inputs=(NAICS, SECTOR), params=_PARAMS, tables=(ACTIVITY_TABLE,))
def us_232_by_activity(ctx: FactContext) -> list[str]:
    """The US Section 232 measures in force that the business's NAICS code or sector answer suggests (for "classify and check")."""
    named = {m for row in _activity_rows(ctx) for m in row.get("measures", ())}
    return [m for m in US_232 if m in named and _in_force(ctx, m)]


def _register(measure: str) -> None:
    def status(ctx: FactContext) -> bool | None:
        return _status(ctx, measure)

    status.__doc__ = f"Whether {measure} is in force and covers the HS code (None: to check, or the code is unknown)."
    fact(f"tariff.{measure}", inputs=(HS_CODE,), params=(rate_param(measure),), tables=_TABLES)(status)


for _measure in MEASURES:
    _register(_measure)
