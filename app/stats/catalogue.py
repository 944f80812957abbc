"""The fixed, versioned catalogue of release tables.

Nothing else is ever computed for a release: a table not listed here does not
exist (a caller asking for one gets `UnknownTable`, which the API answers with
404). Changing a table, a dimension or a category order is a new
`CATALOGUE_VERSION`.

Every dimension has a closed list of categories, in publication order.
`additive` dimensions are single-valued per business (a business has one
country, one size band): their categories add up to the `total` category, which
the tables publish as a margin. The others (`multi`) are indicators a business
may have several of (target markets, barriers): each category is a count of
the businesses having it, never more than the cell's businesses, and they do
not add up.
"""

from __future__ import annotations

from dataclasses import dataclass

CATALOGUE_VERSION = "1"
TOTAL = "total"
NOT_STATED = "not_stated"

NAICS_SECTORS = (
    "11", "21", "22", "23", "31", "32", "33", "42", "44", "45", "48", "49", "51", "52", "53", "54", "55", "56",
    "61", "62", "71", "72", "81", "92",
)
SIZE_BANDS = ("0-9", "10-49", "50-249", "250-499", "500+")
YES_NO = ("yes", "no", NOT_STATED)
EXPORT_STAGES = ("none", "exploring", "occasional", "regular", NOT_STATED)
MARKETS = ("US", "CA", "MX")
COUNTRIES = ("US", "CA", "MX")
SCORE_AREAS = ("origin", "temporary_entry", "digital_trade", "financing", "regulatory", "overall")
SCORE_BANDS = ("0-24", "25-49", "50-74", "75-100")
BARRIERS = (
    "finding_buyers", "regulations_standards", "customs_procedures", "rules_of_origin", "tariffs",
    "logistics_border_delays", "financing", "payment_risk", "visas_travel", "language", "ip_protection",
    "digital_rules_privacy", "taxes",
)
FINANCE_NEEDS = ("working_capital", "credit_insurance", "market_entry_costs", "buyer_financing", "equipment_capacity", "none")
PAYMENT_TERMS = (
    "cash_in_advance", "letter_of_credit", "documentary_collection", "open_account", "consignment", "unknown", NOT_STATED,
)
TRAVEL_PURPOSES = (
    "meetings_sales", "after_sales_installation", "deliver_professional_services", "intra_company_transfer", "invest_or_trade",
)
ENTRY_CATEGORIES = ("none", "business_visitor", "professional", "intra_company_transferee", "trader_investor")
DIGITAL_PRACTICES = (
    "sells_online", "sells_b2c", "sells_digital_services", "collects_personal_data", "privacy_notice_per_market",
)


@dataclass(frozen=True)
class Dimension:
    name: str
    categories: tuple[str, ...]
    additive: bool
    # For `multi` dimensions: the 0/1 column of `stats_facts` for each category.
    columns: tuple[str, ...] = ()


def _multi(name: str, categories: tuple[str, ...], prefix: str) -> Dimension:
    return Dimension(name, categories, additive=False, columns=tuple(f"{prefix}{c.lower()}" for c in categories))


DIMENSIONS: dict[str, Dimension] = {d.name: d for d in (
    Dimension("country", COUNTRIES, additive=True),
    Dimension("naics_sector", (*NAICS_SECTORS, NOT_STATED), additive=True),
    Dimension("size_band", (*SIZE_BANDS, NOT_STATED), additive=True),
    Dimension("women_owned", YES_NO, additive=True),
    Dimension("indigenous_owned", YES_NO, additive=True),
    Dimension("export_stage", EXPORT_STAGES, additive=True),
    _multi("market", MARKETS, "market_"),
    Dimension("area", SCORE_AREAS, additive=False),
    Dimension("score_band", SCORE_BANDS, additive=True),
    _multi("barrier", BARRIERS, "barrier_"),
    _multi("finance_need", FINANCE_NEEDS, "need_"),
    Dimension("payment_terms", PAYMENT_TERMS, additive=True),
    _multi("travel_purpose", TRAVEL_PURPOSES, "travel_"),
    Dimension("entry_category", ENTRY_CATEGORIES, additive=True),
    _multi("practice", DIGITAL_PRACTICES, "digital_"),
)}

# The order of the dimension columns in the CSV (every dimension any table uses).
DIMENSION_COLUMNS = tuple(DIMENSIONS)


@dataclass(frozen=True)
class Table:
    """One release table: `country` × one more dimension, with its margins.

    kind: `partition` (an additive dimension: counts add up to the margins),
    `indicators` (a multi dimension: counts and shares of the country's
    businesses) or `scores` (readiness score by area: businesses with a score,
    their mean and their distribution over score bands).
    """

    id: str
    sheet: str  # an XLSX sheet name: at most 31 characters
    dimension: str
    kind: str
    shares: bool = False

    @property
    def dimensions(self) -> tuple[str, ...]:
        if self.kind == "scores":
            return ("country", "area", "score_band")
        return ("country", self.dimension)


TABLES: tuple[Table, ...] = (
    Table("businesses_by_country_sector", "country_sector", "naics_sector", "partition"),
    Table("businesses_by_country_size", "country_size", "size_band", "partition"),
    Table("businesses_by_country_women_owned", "country_women_owned", "women_owned", "partition"),
    Table("businesses_by_country_indigenous_owned", "country_indigenous_owned", "indigenous_owned", "partition"),
    Table("businesses_by_country_export_stage", "country_export_stage", "export_stage", "partition"),
    Table("businesses_by_country_target_market", "country_target_market", "market", "indicators", shares=True),
    Table("readiness_by_country_area", "readiness_country_area", "area", "scores"),
    Table("barriers_by_country", "barriers", "barrier", "indicators", shares=True),
    Table("financing_needs_by_country", "financing_needs", "finance_need", "indicators", shares=True),
    Table("payment_terms_by_country", "payment_terms", "payment_terms", "partition"),
    Table("travel_purposes_by_country", "travel_purposes", "travel_purpose", "indicators", shares=True),
    Table("entry_categories_by_country", "entry_categories", "entry_category", "partition"),
    Table("digital_practices_by_country", "digital_practices", "practice", "indicators", shares=True),
)
TABLES_BY_ID = {t.id: t for t in TABLES}


class UnknownTable(LookupError):
    """A table that is not in the catalogue (the API answers 404)."""


def table(table_id: str) -> Table:
    try:
        return TABLES_BY_ID[table_id]
    except KeyError:
        raise UnknownTable(table_id) from None


def score_band(score: int) -> str:
    return SCORE_BANDS[min(score, 99) // 25]
