"""The rule base in memory: immutable objects built once by the loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from app.rules_engine.conditions import Condition, Operand
from app.rules_engine.facts import FactDef

AREAS: tuple[str, ...] = ("origin", "temporary_entry", "digital_trade", "financing", "regulatory")
PRIORITIES: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
# The planned dates an action's lead time counts back from, and the answer holding each.
ANCHORS: MappingProxyType[str, str] = MappingProxyType(
    {"first_shipment": "export.first_shipment_date", "first_trip": "travel.first_trip_date"}
)
# The planned date an action without a lead time is due by: its area's. Travel
# steps come before the trip; everything else before the first shipment or
# delivery to a client abroad (the question names both).
AREA_ANCHORS: MappingProxyType[str, str] = MappingProxyType({"temporary_entry": "first_trip"})
DEFAULT_ANCHOR = "first_shipment"

# Each finding key of the plan contract, and its value when nobody defines it.
FINDING_DEFAULTS: MappingProxyType[str, Any] = MappingProxyType(
    {
        "origin_status": "not_applicable",
        "rvc_transaction_value_pct": None,
        "rvc_net_cost_pct": None,
        "rvc_threshold_pct": None,
        "rvc_net_cost_threshold_pct": None,
        "tn_status": "not_applicable",
        "tn_profession": None,
        "entry_category": "none",
        "tax_registrations": (),
        "origin_rule": None,
    }
)


@dataclass(frozen=True)
class ParamValue:
    start: date
    value: Any
    reference: str
    url: str | None
    reviewed: date


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[ParamValue, ...]  # sorted by start
    needs_review: str | None
    source: str
    confidence: str | None = None

    def value_on(self, on: date) -> ParamValue | None:
        current = None
        for value in self.values:
            if value.start <= on:
                current = value
        return current


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    values: tuple[Any, ...] | None
    optional: bool


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: str
    columns: tuple[Column, ...]
    rows: MappingProxyType[Any, MappingProxyType[str, Any]]
    source: str


@dataclass(frozen=True)
class Resource:
    """An official page. `name` and `url` are in `lang`; `urls` and `names`
    give the same page and its title in other languages (the loader makes
    sure every page in another language has its title in that language). A
    plan links to the page in its language where one exists, always under
    `name`: resource names are proper names (contracts.md §2)."""

    id: str
    name: str
    country: str
    url: str
    urls: MappingProxyType[str, str]
    source: str
    lang: str = "en"
    names: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def url_for(self, locale: str) -> str:
        return self.urls.get(locale, self.url)

    def lang_for(self, locale: str) -> str:
        """The language of the page (and its title) a plan in `locale` links to."""
        return locale if locale in self.urls else self.lang


@dataclass(frozen=True)
class OfficialName:
    """A citation that is a proper name in its own language (a Quebec or
    Mexican law): given in each language it has an official name in, the
    original first. Every plan cites the original (never translated); a page
    in another language marks it with its language."""

    names: tuple[tuple[str, str], ...]  # (language, name)


@dataclass(frozen=True)
class CountryCitation:
    """A citation of one country's law: shown only to a business that deals
    with that country (its home, a market, the traveller's destination)."""

    cite: str | OfficialName
    country: str


Citation = str | OfficialName | CountryCitation


@dataclass(frozen=True)
class ScoreItem:
    id: str
    points: int
    when: Condition


@dataclass(frozen=True)
class FindingCase:
    when: Condition
    value: Operand | Any


@dataclass(frozen=True)
class Finding:
    key: str
    not_applicable: Any
    value: Operand | Any = None
    cases: tuple[FindingCase, ...] = ()
    otherwise: Operand | Any = None
    kind: Literal["value", "cases"] = "value"


@dataclass(frozen=True)
class LeadTime:
    """The action needs `param` days (a `unit: days` parameter) before the
    planned date named by `before` (a key of ANCHORS)."""

    param: str
    before: str


@dataclass(frozen=True)
class Rule:
    id: str
    area: str
    when: Condition
    priority: str
    due_in_days: int
    title: str
    detail: str
    vars: MappingProxyType[str, Operand]
    why: tuple[str, ...]
    citations: tuple[Citation, ...]  # proper names, never translated
    resources: tuple[str, ...]
    needs_review: str | None
    source: str
    links: tuple[Resource, ...] = ()  # the resources themselves, in the same order
    lead_time: LeadTime | None = None

    @property
    def anchor(self) -> str:
        """The planned date (a key of ANCHORS) the action is due before."""
        return self.lead_time.before if self.lead_time else AREA_ANCHORS.get(self.area, DEFAULT_ANCHOR)


@dataclass(frozen=True)
class Area:
    name: str
    applies_when: Condition
    score_items: tuple[ScoreItem, ...]
    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class RuleBase:
    version: str
    areas: tuple[Area, ...]
    parameters: MappingProxyType[str, Parameter]
    tables: MappingProxyType[str, Table]
    resources: MappingProxyType[str, Resource]
    visibility: tuple[tuple[str, Condition], ...]
    facts: MappingProxyType[str, FactDef]
    case_files: tuple[str, ...] = field(default=())
