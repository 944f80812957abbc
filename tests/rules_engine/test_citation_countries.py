"""A plan cites one country's law only to a business that deals with that country.

Issue 10, item 1, as a class: a Mexican plan for a trip to the US quoted a
Canadian trusted-trader memorandum. A citation of one country's law carries
that country in the rule files (`{cite: …, country: CA}`), and the engine
drops it from the plans of businesses that deal with neither that country as
home, market, destination nor consumer or data market. These tests check
that every citation that reads as one country's law is tagged, and that no
example case's plan cites a country its business does not deal with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import pytest

from app.rules_engine.evaluate import concerned_countries
from app.rules_engine.model import CountryCitation
from app.rules_engine.scope import EvaluationScope
from app.rules_engine.sources import canonical_citation
from tests.rules_engine.conftest import EXAMPLE_CASES

# How citations of each country's law begin (the treaty's own, "USMCA …", and
# international texts such as Incoterms belong to none).
LOOKS_LIKE: Mapping[str, re.Pattern[str]] = {
    "US": re.compile(r"^(\d+ (U\.S\.C\.|CFR\b|FR\b)|\d+ FAM\b|INA |CBP |Executive Order|Proclamation \d|Pub\. L\.|SBA "
                     r"|USCIS|U\.S\. |Cal\. Civ|CAN-SPAM|E-SIGN|FTC Act|Uyghur|UFLPA)"),
    "CA": re.compile(r"^(CBSA|PIPEDA|IRCC|IRPA|IRPR|SOR/|DORS/|Excise Tax Act|Customs Act \(Canada\)|Customs Tariff"
                     r"|Income Tax Regulations|Loi |Charte de la langue|Canada's Anti-Spam|United States Surtax)"),
    "MX": re.compile(r"^(Código|DOF |Ley |LFPDPPP|Lineamientos|NOM-|Reglas Generales|Reglamento de la Ley|LISR )"),
}
# …or name their statute book anywhere (a tax convention binds both its Parties).
NAMES_BOOK: Mapping[str, re.Pattern[str]] = {
    "US": re.compile(r"U\.S\.C\.|\bCFR\b"),
    "CA": re.compile(r"\((S\.C\.|R\.S\.C\.|C\.R\.C\.)|SOR/|DORS/"),
}


def looks_like(text: str) -> str | None:
    if "Convention" in text:
        return None
    for patterns in (LOOKS_LIKE, NAMES_BOOK):
        found = next((c for c, pattern in patterns.items() if pattern.search(text)), None)
        if found:
            return found
    return None


def test_every_citation_of_one_countrys_law_names_that_country(engine):
    untagged = []
    for area in engine.base.areas:
        for rule in area.rules:
            for citation in rule.citations:
                text = canonical_citation(citation)
                looks = looks_like(text)
                tagged = citation.country if isinstance(citation, CountryCitation) else None
                if looks and tagged != looks:
                    untagged.append((rule.id, text, tagged))
    assert untagged == []


def test_a_citation_tagged_with_a_country_is_left_out_for_a_business_that_never_deals_with_it(engine):
    rule = next(r for area in engine.base.areas for r in area.rules if r.id == "origin.trusted_trader.consider_programs")
    canadian = [canonical_citation(c) for c in rule.citations if isinstance(c, CountryCitation) and c.country == "CA"]
    assert canadian, "the Canadian trusted-trader memorandum is tagged CA"
    answers = {
        "schema_version": 1, "profile": {"country": "MX", "naics": "337122", "employees": 14},
        "export": {"stage": "regular", "markets": ["US"], "offering": ["goods"]},
        "goods": {"origin_basis": "wholly_obtained", "trusted_trader": ["none"]},
        "finance": {"needs": ["none"]}, "consent": {"aggregate_stats": False},
    }
    plan = engine.evaluate(answers, "es", date(2026, 12, 7)).as_dict()
    action = next(a for a in plan["actions"] if a["id"] == rule.id)
    assert not set(canadian) & set(action["citations"])
    assert action["citations"] or action["resources"]


@pytest.mark.parametrize("case", EXAMPLE_CASES, ids=[f"{c.file}:{c.line}" for c in EXAMPLE_CASES])
def test_no_plan_cites_a_country_its_business_does_not_deal_with(engine, case):
    plan = engine.evaluate(case.answers, case.locale, case.on)
    countries = concerned_countries(EvaluationScope(engine.base, case.answers, case.on))
    tagged = {canonical_citation(c): c.country for area in engine.base.areas for rule in area.rules
              for c in rule.citations if isinstance(c, CountryCitation)}
    foreign = [(a.id, c) for a in plan.actions for c in a.citations if tagged.get(c, "INTL") not in countries | {"INTL"}]
    assert foreign == []
