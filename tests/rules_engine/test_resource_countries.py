"""A plan shows only resources of the countries the business deals with.

`evaluate._resources` drops a resource of a country that is neither the
business's home, a target market nor the traveller's destination (`INTL` is
always shown); it no longer falls back to all of a rule's resources, which is
how another country's page reached a plan. These tests check the class:
every resource's `country` matches its government's web host, and in every
example case of the rule base an action still has a source, and a rule with
resources shows at least one of them (a rule whose pages are all of one
country must fire only when the business deals with that country).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlparse

import pytest

from app.rules_engine.evaluate import concerned_countries
from app.rules_engine.scope import EvaluationScope
from tests.rules_engine.conftest import EXAMPLE_CASES

# Web hosts only one country's governments use.
GOVERNMENT_HOSTS: Mapping[str, tuple[str, ...]] = {
    "US": (".gov", ".mil"),
    "CA": (".gc.ca", "canada.ca", ".canada.ca"),
    "MX": (".gob.mx",),
}


def host_country(url: str) -> str | None:
    host = "." + (urlparse(url).hostname or "")
    for country, suffixes in GOVERNMENT_HOSTS.items():
        if host.endswith(suffixes):
            return country
    return None


def test_every_resource_of_a_government_host_carries_that_country(engine):
    wrong = {
        rid: (resource.country, host_country(resource.url))
        for rid, resource in engine.base.resources.items()
        if resource.country != "INTL" and host_country(resource.url) not in (None, resource.country)
    }
    assert wrong == {}


@pytest.mark.parametrize("case", EXAMPLE_CASES, ids=[f"{c.file}:{c.line}" for c in EXAMPLE_CASES])
def test_every_action_keeps_a_source_and_shows_a_resource_of_a_country_concerned(engine, case):
    rules = {rule.id: rule for area in engine.base.areas for rule in area.rules}
    plan = engine.evaluate(case.answers, "en", case.on)
    for action in plan.actions:
        assert action.citations or action.resources, f"{action.id} has no source left"
        if rules[action.id].links:
            assert action.resources, f"{action.id} fired, but none of its resources concerns this business"


def test_the_countries_concerned_include_consumer_sales_and_personal_data_markets(engine):
    answers = {
        "schema_version": 1,
        "profile": {"country": "MX", "naics": "5415", "employees": 5},
        "export": {"stage": "exploring", "markets": ["US"], "offering": ["digital"]},
        "digital": {"data_subject_markets": ["CA"], "annual_b2c_sales": {"US": 1000, "CA": 0}},
        "finance": {"needs": ["none"]},
        "consent": {"aggregate_stats": False},
    }
    scope = EvaluationScope(engine.base, answers, date(2026, 12, 7))
    assert concerned_countries(scope) == {"INTL", "MX", "US", "CA"}
