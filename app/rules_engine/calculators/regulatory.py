"""Regulatory area facts: which product category the regulations are written
for, read from data (tables/regulated_products.yaml by HS prefix, then
tables/regulated_sectors.yaml by sector answer or NAICS prefix)."""

from __future__ import annotations

from app.rules_engine.facts import FactContext, fact

HS_CODE = "goods.hs_code"
SECTOR = "goods.special_sector"
NAICS = "profile.naics"
PRODUCTS = "regulated_products"
SECTORS = "regulated_sectors"
INPUTS = (HS_CODE, SECTOR, NAICS)


def _longest_prefix(ctx: FactContext, table: str, code: str, shortest: int) -> str | None:
    """The category of the longest prefix of `code` (at least `shortest` digits) with a row."""
    for length in range(len(code), shortest - 1, -1):
        row = ctx.row(table, code[:length])
        if row is not None:
            return str(row["category"])
    return None


def _by_sector(ctx: FactContext) -> str | None:
    """The category the sector answer gives; the NAICS code only when that question was not answered."""
    sector = ctx.answer(SECTOR)
    if isinstance(sector, str):
        row = ctx.row(SECTORS, sector)
        return str(row["category"]) if row is not None else "none"
    naics = ctx.answer(NAICS)
    if isinstance(naics, str) and naics.isdigit():
        return _longest_prefix(ctx, SECTORS, naics, 3)
    return None


@fact("goods.regulated_categories_basis", inputs=INPUTS, tables=(PRODUCTS, SECTORS))
def regulated_categories_basis(ctx: FactContext) -> str | None:
    """hs_code when the HS code decides the product category, sector when the sector or NAICS answer does."""
    code = ctx.answer(HS_CODE)
    if isinstance(code, str) and code.isdigit():
        return "hs_code"
    return "sector" if _by_sector(ctx) is not None else None


@fact("goods.regulated_categories", inputs=INPUTS, tables=(PRODUCTS, SECTORS))
def regulated_categories(ctx: FactContext) -> list[str] | None:
    """The product's regulated categories (food, cosmetics, electrical...): [] when none, unknown when nothing tells."""
    code = ctx.answer(HS_CODE)
    if isinstance(code, str) and code.isdigit():
        category = _longest_prefix(ctx, PRODUCTS, code, 2)
    else:
        category = _by_sector(ctx)
        if category is None:
            return None
    return [] if category in (None, "none") else [category]
