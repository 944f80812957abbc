"""Facts for the digital_trade area: consumption-tax registrations and parcel de minimis.

Every calculator is pure: it reads answers and dated parameters through the
`FactContext` and returns a value, or None when an input it needs is unknown.

Consumption-tax registration (`tax.*`)
--------------------------------------
The answers give yearly sales to consumers per market in US dollars
(`digital.annual_b2c_sales.<market>`). Each threshold is compared in its own
currency: US dollars are converted with the dated rate
`fx.usd_cad` and the result is rounded to the cent (half up)
before the comparison, so "exactly at the threshold" is well defined.

- `CA-GST/HST`: the simplified GST/HST regime for non-resident vendors of
  digital products and services (traditional services included). Reached
  when the threshold amount is MORE THAN CAD 30,000 (Excise Tax Act s. 211.12
  and CRA guidance: "exceeds $30,000"); exactly CAD 30,000.00 is not reached.
  Goods shipped to Canadian consumers from abroad are taxed at the border,
  not through this regime, so a seller of goods only is not in scope.
- `CA-QST`: Quebec's specified QST system, same scope and the same
  "more than CAD 30,000" test, but on supplies to consumers IN QUEBEC. The
  answers give Canadian sales without their province. If all Canadian sales
  are at most CAD 30,000, Quebec's share cannot exceed it: False. Above that,
  Quebec's share is unknown: None, and `tax.qst_check_needed` is True so a
  rule asks the business to work it out. The fact is never True from the
  answers alone.
- `MX-IVA-DIGITAL`: Ley del IVA, Chapter III Bis (Arts. 18-B to 18-M):
  foreign providers of digital services to recipients in Mexico register
  from the first service (no threshold): reached when MX sales are above 0.
- `US-STATE-REVIEW`: post-Wayfair economic nexus. The answers give US sales
  without their state, so this is a review flag, reached when total US
  sales are AT LEAST the lowest common state threshold (USD 100,000;
  conservative, since state wording varies between "exceeds" and "or more").

A market is considered only when it is not the business's home country (home
sales are domestic, outside these non-resident regimes). A foreign market the
business targets (in `export.markets`) without a sales figure is unknown, not
zero; a market it neither targets nor reports sales for is False. A business
that sells only to businesses (`digital.b2c` false) reaches none of them.

Parcels (`parcel.*`)
--------------------
`digital.typical_parcel_value` (USD, the value of a typical parcel to a
consumer; never the B2B `goods.typical_shipment_value`) against each market's low-value
thresholds for courier shipments: Canada CAD 150 duty / CAD 40 tax (CUSMA
courier, "up to and including"), Mexico USD 117 duty / USD 50 tax (T-MEC
courier, "no exceda"), United States USD 800 duty (19 U.S.C. 1321), which is
False while `digital_trade.us_de_minimis_suspended` is true.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.rules_engine.facts import FactContext, fact
from app.rules_engine.truth import all_of

CODES: tuple[str, ...] = ("CA-GST/HST", "CA-QST", "MX-IVA-DIGITAL", "US-STATE-REVIEW")

_SALES_INPUTS: tuple[str, ...] = (
    "profile.country",
    "export.markets",
    "export.offering",
    "digital.b2c",
)

FX_USD_CAD = "fx.usd_cad"
CA_THRESHOLD = "digital_trade.ca_gst_hst_simplified_threshold_cad"
QC_THRESHOLD = "digital_trade.qc_qst_specified_threshold_cad"
MX_THRESHOLD = "digital_trade.mx_iva_digital_threshold_mxn"
US_THRESHOLD = "digital_trade.us_state_nexus_min_usd"


# --- helpers (plain functions, not facts) -----------------------------------------


def _number(value: Any) -> Decimal | None:
    """A JSON number as an exact Decimal, or None when absent or not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(str(value))


def _usd_to_cad(ctx: FactContext, usd: Any) -> Decimal | None:
    """USD converted to CAD at the dated rate, rounded half up to the cent."""
    amount = _number(usd)
    rate = _number(ctx.param(FX_USD_CAD))
    if amount is None or rate is None:
        return None
    return (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _sales_usd(ctx: FactContext, market: str) -> Decimal | None:
    """Yearly B2C sales in one foreign market, USD.

    Decimal(0) when the market is neither targeted nor reported, None when it
    is targeted but the figure is missing (unknown, never zero).
    """
    reported = _number(ctx.answer(f"digital.annual_b2c_sales.{market}"))
    if reported is not None:
        return reported
    markets = ctx.answer("export.markets")
    if markets is None:
        return None
    return None if market in markets else Decimal(0)


def _sales_usd_or_none(ctx: FactContext, market: str) -> float | None:
    sales = _sales_usd(ctx, market)
    return None if sales is None else float(sales)


def _foreign(ctx: FactContext, market: str) -> bool | None:
    home = ctx.answer("profile.country")
    return None if home is None else home != market


def _digital_services(ctx: FactContext) -> bool | None:
    """Sells digital services (software, SaaS, downloads, streaming, courses):
    the choice `digital` of `export.offering`, the one question that asks it
    (`digital.sells_digital_services` repeated it and is no longer asked)."""
    offering = ctx.answer("export.offering")
    return None if offering is None else "digital" in offering


def _digital_or_services(ctx: FactContext) -> bool | None:
    """Supplies digital products or any services: the Canadian simplified regime's scope."""
    digital = _digital_services(ctx)
    if digital is True:
        return True
    offering = ctx.answer("export.offering")
    if offering is not None and "services" in offering:
        return True
    return digital  # False (goods only) or None


def _sells_to_consumers(ctx: FactContext) -> bool:
    """False only when the business says it sells to businesses only.

    An unanswered `digital.b2c` is not held against the business: the sales
    figures it reads are, by definition, sales to consumers.
    """
    return ctx.answer("digital.b2c") is not False


# --- facts ---------------------------------------------------------------------------


@fact(
    "tax.ca_digital_scope",
    inputs=("profile.country", "export.offering", "digital.b2c"),
)
def ca_digital_scope(ctx: FactContext) -> bool | None:
    """A non-resident selling digital products or services to Canadian consumers."""
    return all_of((_foreign(ctx, "CA"), _sells_to_consumers(ctx), _digital_or_services(ctx)))


@fact(
    "tax.mx_digital_scope",
    inputs=("profile.country", "export.offering", "digital.b2c"),
)
def mx_digital_scope(ctx: FactContext) -> bool | None:
    """A foreign provider of digital services to consumers in Mexico."""
    return all_of((_foreign(ctx, "MX"), _sells_to_consumers(ctx), _digital_services(ctx)))


@fact(
    "tax.ca_b2c_sales_cad",
    inputs=("export.markets", "digital.annual_b2c_sales.CA"),
    params=(FX_USD_CAD,),
    money="whole",
)
def ca_b2c_sales_cad(ctx: FactContext) -> float | None:
    """Yearly sales to Canadian consumers converted to CAD at the dated rate, to the cent."""
    cad = _usd_to_cad(ctx, _sales_usd_or_none(ctx, "CA"))
    return None if cad is None else float(cad)


def _ca_over(ctx: FactContext, threshold_param: str) -> bool | None:
    """Canadian B2C sales in CAD strictly above a CAD threshold ("more than")."""
    sales = _sales_usd(ctx, "CA")
    if sales is None:
        return None
    cad = _usd_to_cad(ctx, float(sales))
    threshold = _number(ctx.param(threshold_param))
    if cad is None or threshold is None:
        return None
    return cad > threshold


@fact(
    "tax.reached.CA-GST/HST",
    inputs=(*_SALES_INPUTS, "digital.annual_b2c_sales.CA"),
    params=(FX_USD_CAD, CA_THRESHOLD),
)
def reached_ca_gst_hst(ctx: FactContext) -> bool | None:
    """Must register for the simplified GST/HST: in scope and more than CAD 30,000 a year."""
    scope = ca_digital_scope(ctx)
    if scope is False:
        return False
    return all_of((scope, _ca_over(ctx, CA_THRESHOLD)))


@fact(
    "tax.reached.CA-QST",
    inputs=(*_SALES_INPUTS, "digital.annual_b2c_sales.CA"),
    params=(FX_USD_CAD, QC_THRESHOLD),
)
def reached_ca_qst(ctx: FactContext) -> bool | None:
    """Must register for Quebec's specified QST system: False or unknown from the answers, never True.

    False when out of scope or when all Canadian consumer sales are at most
    CAD 30,000 (Quebec's share cannot be more); otherwise unknown, because the
    answers do not say how much of it is sold to consumers in Quebec.
    """
    scope = ca_digital_scope(ctx)
    if scope is False:
        return False
    over = _ca_over(ctx, QC_THRESHOLD)
    if over is False:
        return False
    return None


@fact(
    "tax.qst_check_needed",
    inputs=(*_SALES_INPUTS, "digital.annual_b2c_sales.CA"),
    params=(FX_USD_CAD, QC_THRESHOLD),
)
def qst_check_needed(ctx: FactContext) -> bool | None:
    """Canadian consumer sales exceed CAD 30,000, so Quebec's share alone may too."""
    scope = ca_digital_scope(ctx)
    if scope is False:
        return False
    return all_of((scope, _ca_over(ctx, QC_THRESHOLD)))


@fact(
    "tax.reached.MX-IVA-DIGITAL",
    inputs=(*_SALES_INPUTS, "digital.annual_b2c_sales.MX"),
    params=(MX_THRESHOLD,),
)
def reached_mx_iva_digital(ctx: FactContext) -> bool | None:
    """Must register in Mexico's RFC and charge 16% VAT: digital services sold there at all."""
    scope = mx_digital_scope(ctx)
    if scope is False:
        return False
    sales = _sales_usd(ctx, "MX")
    threshold = _number(ctx.param(MX_THRESHOLD))
    over = None if sales is None or threshold is None else sales > threshold
    return all_of((scope, over))


@fact(
    "tax.reached.US-STATE-REVIEW",
    inputs=("profile.country", "export.markets", "digital.b2c", "digital.annual_b2c_sales.US"),
    params=(US_THRESHOLD,),
)
def reached_us_state_review(ctx: FactContext) -> bool | None:
    """US consumer sales at or above the lowest common state economic-nexus threshold."""
    foreign = _foreign(ctx, "US")
    if foreign is False or not _sells_to_consumers(ctx):
        return False
    sales = _sales_usd(ctx, "US")
    threshold = _number(ctx.param(US_THRESHOLD))
    over = None if sales is None or threshold is None else sales >= threshold
    return all_of((foreign, over))


_REACHED = {
    "CA-GST/HST": reached_ca_gst_hst,
    "CA-QST": reached_ca_qst,
    "MX-IVA-DIGITAL": reached_mx_iva_digital,
    "US-STATE-REVIEW": reached_us_state_review,
}


@fact(
    "tax.registrations",
    inputs=(
        *_SALES_INPUTS,
        "digital.annual_b2c_sales.CA",
        "digital.annual_b2c_sales.MX",
        "digital.annual_b2c_sales.US",
    ),
    params=(FX_USD_CAD, CA_THRESHOLD, QC_THRESHOLD, MX_THRESHOLD, US_THRESHOLD),
)
def registrations(ctx: FactContext) -> list[str] | None:
    """The codes reached, in the fixed order of CODES; None if any but CA-QST is unknown.

    CA-QST can only be False or unknown from the answers (see the module
    note); its being unknown does not make the list unknown, and
    `tax.qst_check_needed` carries that doubt instead.
    """
    values = {code: ctx.fact(f"tax.reached.{code}") for code in CODES}
    if any(values[code] is None for code in CODES if code != "CA-QST"):
        return None
    return [code for code in CODES if values[code] is True]


@fact(
    "tax.us_b2c_sales_below_review",
    inputs=("profile.country", "digital.b2c", "digital.annual_b2c_sales.US"),
    params=(US_THRESHOLD,),
)
def us_sales_below_review(ctx: FactContext) -> bool | None:
    """Some US consumer sales, but below the lowest common state dollar threshold."""
    if _foreign(ctx, "US") is not True or not _sells_to_consumers(ctx):
        return False
    sales = _number(ctx.answer("digital.annual_b2c_sales.US"))
    threshold = _number(ctx.param(US_THRESHOLD))
    if sales is None or threshold is None:
        return None
    return Decimal(0) < sales < threshold


# --- parcels -------------------------------------------------------------------------

# A consumer parcel's value: the wholesale shipment value says nothing about it.
PARCEL = "digital.typical_parcel_value"
_PARCEL_INPUTS = (PARCEL,)


def _parcel_at_most(ctx: FactContext, limit_param: str, currency: str) -> bool | None:
    value = ctx.answer(PARCEL)
    limit = _number(ctx.param(limit_param))
    if limit is None:
        return None
    amount = _usd_to_cad(ctx, value) if currency == "CAD" else _number(value)
    if amount is None:
        return None
    return amount <= limit


@fact("parcel.value_cad", inputs=_PARCEL_INPUTS, params=(FX_USD_CAD,), money="whole")
def parcel_value_cad(ctx: FactContext) -> float | None:
    """The typical consumer parcel's value converted to CAD at the dated rate, to the cent (texts show whole dollars)."""
    cad = _usd_to_cad(ctx, ctx.answer(PARCEL))
    return None if cad is None else float(cad)


@fact("parcel.value_usd", inputs=_PARCEL_INPUTS, money="whole")
def parcel_value_usd(ctx: FactContext) -> float | None:
    """The typical consumer parcel's value in US dollars, as answered (texts show whole dollars)."""
    amount = _number(ctx.answer(PARCEL))
    return None if amount is None else float(amount)


@fact("parcel.duty_free.CA", inputs=_PARCEL_INPUTS, params=(FX_USD_CAD, "digital_trade.ca_parcel_duty_de_minimis_cad"))
def parcel_duty_free_ca(ctx: FactContext) -> bool | None:
    """A typical courier parcel to Canada is within the CAD 150 duty de minimis."""
    return _parcel_at_most(ctx, "digital_trade.ca_parcel_duty_de_minimis_cad", "CAD")


@fact("parcel.tax_free.CA", inputs=_PARCEL_INPUTS, params=(FX_USD_CAD, "digital_trade.ca_parcel_tax_de_minimis_cad"))
def parcel_tax_free_ca(ctx: FactContext) -> bool | None:
    """A typical courier parcel to Canada is within the CAD 40 tax de minimis."""
    return _parcel_at_most(ctx, "digital_trade.ca_parcel_tax_de_minimis_cad", "CAD")


@fact("parcel.duty_free.MX", inputs=_PARCEL_INPUTS, params=("digital_trade.mx_parcel_duty_de_minimis_usd",))
def parcel_duty_free_mx(ctx: FactContext) -> bool | None:
    """A typical courier parcel to Mexico is within the USD 117 T-MEC duty de minimis."""
    return _parcel_at_most(ctx, "digital_trade.mx_parcel_duty_de_minimis_usd", "USD")


@fact("parcel.tax_free.MX", inputs=_PARCEL_INPUTS, params=("digital_trade.mx_parcel_tax_de_minimis_usd",))
def parcel_tax_free_mx(ctx: FactContext) -> bool | None:
    """A typical courier parcel to Mexico is within the USD 50 T-MEC duty-and-VAT de minimis."""
    return _parcel_at_most(ctx, "digital_trade.mx_parcel_tax_de_minimis_usd", "USD")


@fact(
    "parcel.duty_free.US",
    inputs=_PARCEL_INPUTS,
    params=("digital_trade.us_parcel_duty_de_minimis_usd", "digital_trade.us_de_minimis_suspended"),
)
def parcel_duty_free_us(ctx: FactContext) -> bool | None:
    """A typical parcel to the US is within the USD 800 de minimis, and it is not suspended."""
    suspended = ctx.param("digital_trade.us_de_minimis_suspended")
    if suspended is True:
        return False
    if suspended is None:
        return None
    return _parcel_at_most(ctx, "digital_trade.us_parcel_duty_de_minimis_usd", "USD")
