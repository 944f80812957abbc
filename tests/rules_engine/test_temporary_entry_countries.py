"""A temporary-entry action speaks the destination's law, never a third country's.

For every citizenship x destination x kind of trip, and every home country of
the business, the plan's temporary-entry actions may carry only resources of
the destination (or `INTL`, the treaty text), citations of the destination's
law or of the treaty, and texts naming no other country's status or
authority (the traveller's own country may be named: "a Mexican citizen needs
a visa"). Issue 10, item 1: a Canadian analyst going to Mexico was told about
"TN status in the United States" and 8 CFR 214.6.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import pytest

from app.answers.validation import validate_answers
from app.rules_engine import Engine
from app.rules_engine.plan import Action
from app.rules_engine.sources import canonical_citation

ON = date(2026, 12, 7)
COUNTRIES = ("US", "CA", "MX")
CITIZENSHIPS = (*COUNTRIES, "other")
AREA = "temporary_entry"

# Citations that belong to one country's law (the treaty's own, "USMCA ...", to none).
CITATION_PREFIXES: Mapping[str, tuple[str, ...]] = {
    "US": ("8 CFR", "9 FAM", "22 CFR", "19 CFR", "INA ", "USCIS", "CBP", "U.S. ", "One Big Beautiful Bill"),
    "CA": ("IRPR", "RIPR", "IRPA", "LIPR", "IRCC", "CBSA", "ASFC"),
    "MX": ("Ley de Migración", "Reglamento de la Ley de Migración", "Lineamientos", "INM", "SRE"),
}
# Words that name one country's status, procedure or authority in an English text.
TEXT_MARKERS: Mapping[str, tuple[str, ...]] = {
    "US": (
        "TN status",
        "TN visa",
        "USCIS",
        "CBP",
        "State Department",
        "B-1",
        "I-94",
        "L-1",
        "E-1",
        "E-2",
        "in the United States",
        "into the United States",
        "US port of entry",
        "US consulate",
    ),
    "CA": (
        "IRCC",
        "LMIA",
        "eTA",
        "CUSMA",
        "in Canada",
        "into Canada",
        "Canadian port of entry",
        "Canadian officers",
        "Canadian border",
    ),
    "MX": ("INM", "visitante", "residente temporal", "in Mexico", "into Mexico", "Mexican consulate", "T-MEC"),
}
# Rules about leaving or returning home may also cite the business's home country.
EXIT_AND_RETURN_RULES: frozenset[str] = frozenset(
    {"temporary_entry.return.ca_permanent_resident", "temporary_entry.return.us_permanent_resident"}
)

PROFESSIONAL = {
    "purposes": ["deliver_professional_services"],
    "profession": "engineer",
    "education": "bachelor",
    "years_experience": 6,
    "has_prearranged_work": True,
    "self_employed_in_destination": False,
}
# One trip per entry category (and the ways a trip falls outside all of them).
TRIPS: Mapping[str, Mapping[str, Any]] = {
    "business visitor": {"purposes": ["meetings_sales"]},
    "after-sales visitor": {"purposes": ["after_sales_installation"]},
    "professional placed at a client": {**PROFESSIONAL, "work_arrangement": "home_employer_client"},
    "professional, arrangement unknown": {
        **PROFESSIONAL,
        "profession": "computer_systems_analyst",
        "work_arrangement": "unknown",
    },
    "licensed nurse": {
        **PROFESSIONAL,
        "profession": "registered_nurse",
        "education": "professional_licence",
        "work_arrangement": "destination_employer",
    },
    "scientific technician": {
        **PROFESSIONAL,
        "profession": "scientific_technician",
        "education": "post_secondary_diploma",
    },
    "unlisted profession": {**PROFESSIONAL, "profession": "other"},
    "intra-company transferee": {"purposes": ["intra_company_transfer"], "has_prearranged_work": True},
    "trader or investor": {"purposes": ["invest_or_trade", "meetings_sales"], "self_employed_in_destination": True},
    "no category (self-employed)": {**PROFESSIONAL, "self_employed_in_destination": True},
    "no category (credentials short)": {
        **PROFESSIONAL,
        "profession": "management_consultant",
        "education": "secondary",
        "years_experience": 2,
    },
}


def answers(home: str, citizenship: str, destination: str, trip: Mapping[str, Any]) -> dict[str, Any]:
    market = destination if destination != home else next(c for c in COUNTRIES if c != home)
    return {
        "schema_version": 1,
        "profile": {"country": home, "naics": "5416", "employees": 5},
        "export": {"stage": "exploring", "markets": [market], "offering": ["services", "goods"]},
        "travel": {"needed": True, "citizenship": citizenship, "destination": destination, **trip},
        "finance": {"needs": ["none"]},
        "consent": {"aggregate_stats": False},
    }


def combinations() -> Iterator[tuple[str, str, str, str]]:
    for citizenship, destination, trip in itertools.product(CITIZENSHIPS, COUNTRIES, TRIPS):
        yield citizenship, destination, trip, "US" if destination != "US" else "CA"
    # Every home country of the business, for one trip of each category.
    for citizenship, destination, home in itertools.product(CITIZENSHIPS, COUNTRIES, COUNTRIES):
        yield citizenship, destination, "professional placed at a client", home


def citation_country(citation: str) -> str | None:
    for country, prefixes in CITATION_PREFIXES.items():
        if citation.startswith(prefixes):
            return country
    return None


def foreign_problems(engine: Engine, action: Action, destination: str, citizenship: str, home: str) -> list[str]:
    rule = next(r for a in engine.base.areas for r in a.rules if r.id == action.id)
    allowed = {destination, "INTL"} | ({home} if action.id in EXIT_AND_RETURN_RULES else set())
    problems = [f"resource {r.name!r} of {r.country}" for r in rule.links if r.country not in allowed]
    for text in action.citations:  # as the plan cites them (a law of another country is left out)
        country = citation_country(text)
        if country is not None and country not in allowed:
            problems.append(f"citation {text!r} of {country}")
    named = {destination, citizenship}
    for country, markers in TEXT_MARKERS.items():
        if country not in named:
            problems += [f"text names {m!r} ({country})" for m in markers if m in f"{action.title} {action.detail}"]
    return problems


@pytest.mark.parametrize(("citizenship", "destination", "trip", "home"), list(combinations()))
def test_temporary_entry_actions_speak_only_the_destinations_law(engine, citizenship, destination, trip, home):
    document = answers(home, citizenship, destination, TRIPS[trip])
    assert validate_answers(document) == []
    plan = engine.evaluate(document, "en", ON)
    actions = [a for a in plan.actions if a.area == AREA]
    assert actions, "a trip always gets at least one temporary-entry action"
    problems = {a.id: p for a in actions if (p := foreign_problems(engine, a, destination, citizenship, home))}
    assert problems == {}
    assert all(a.citations or a.resources for a in actions)


@pytest.mark.parametrize("destination", COUNTRIES)
def test_a_citizen_of_the_destination_gets_only_the_no_entry_needed_action(engine, destination):
    for trip in TRIPS.values():
        plan = engine.evaluate(answers("US", destination, destination, trip), "en", ON)
        assert [a.id for a in plan.actions if a.area == AREA] == ["temporary_entry.category.no_entry_needed"]


def test_the_treaty_file_cites_only_the_treaty(engine):
    """rules/temporary_entry/temporary_entry.yaml fires for every destination: treaty citations and INTL pages only."""
    for rule in next(a for a in engine.base.areas if a.name == AREA).rules:
        if rule.source.split(":")[0] == "temporary_entry/temporary_entry.yaml":
            assert all(r.country == "INTL" for r in rule.links), rule.id
            assert all(canonical_citation(c).startswith("USMCA") for c in rule.citations), rule.id
