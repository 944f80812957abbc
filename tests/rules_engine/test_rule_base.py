"""The real rule base: it loads, and every plan it gives keeps the plan contract."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from app.i18n.catalogs import get_translations
from app.rules_engine import DEFAULT_ROOT, Engine, load_rule_base
from app.rules_engine.names import answers_schema
from tests.fixtures import EXAMPLE_NAMES, example_answers

PLAN_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "app/plans/plan.schema.json").read_text())
ON = date(2026, 11, 22)


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_gives_a_plan_that_keeps_the_contract(engine, name, locale):
    plan = engine.evaluate(example_answers(name), locale, ON).as_dict()
    errors = [e.message for e in Draft202012Validator(PLAN_SCHEMA, format_checker=FormatChecker()).iter_errors(plan)]
    assert errors == []
    assert plan["actions"], "a sample business always has something to do"
    for action in plan["actions"]:
        assert action["citations"] or action["resources"], action["id"]
        assert action["why"], action["id"]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_actions_are_ordered_by_priority_then_due_date(engine, name):
    actions = engine.evaluate(example_answers(name), "en", ON).as_dict()["actions"]
    keys = [({"high": 0, "medium": 1, "low": 2}[a["priority"]], a["due_in_days"]) for a in actions]
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_ids_citations_and_resource_names_do_not_change_with_the_language(engine, name):
    plans = [engine.evaluate(example_answers(name), locale, ON).as_dict() for locale in ("en", "es", "fr")]
    untranslated = [
        [(a["id"], a["citations"], [r["name"] for r in a["resources"]]) for a in p["actions"]] for p in plans
    ]
    assert untranslated[0] == untranslated[1] == untranslated[2]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_same_answers_and_date_give_the_same_bytes(name):
    first = Engine(load_rule_base(), get_translations).evaluate(example_answers(name), "fr", ON).to_json()
    second = Engine(load_rule_base(), get_translations).evaluate(example_answers(name), "fr", ON).to_json()
    assert first == second


def test_the_rules_version_is_the_changelog_version_plus_a_content_hash(engine):
    heading = next(
        line[3:].strip() for line in (DEFAULT_ROOT / "CHANGELOG.md").read_text().splitlines() if line.startswith("## ")
    )
    version, digest = engine.version.split("+")
    assert version == heading and len(digest) == 12


def test_the_profession_table_lists_exactly_the_contracts_professions(engine):
    codes = answers_schema()["properties"]["travel"]["properties"]["profession"]["enum"]
    assert list(engine.base.tables["tn_professions"].rows) == [c for c in codes if c != "other"]


def test_every_area_has_rules_score_items_and_official_resources(engine):
    for area in engine.base.areas:
        assert area.rules and area.score_items, area.name
    assert all(r.url.startswith("https://") for r in engine.base.resources.values())


def test_there_are_at_least_sixty_example_cases(engine):
    from app.rules_engine.check import iter_cases  # noqa: PLC0415

    cases = list(iter_cases(DEFAULT_ROOT))
    assert len(cases) >= 60
    assert {c.file.split("/")[0] for c in cases} >= {"origin", "temporary_entry", "digital_trade", "financing"}
