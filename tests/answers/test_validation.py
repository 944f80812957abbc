"""validate_answers: every problem, by JSON path, in the reader's language."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.answers.validation import Problem, validate_answers

ROOT = Path(__file__).resolve().parents[2]


def valid() -> dict:
    """A small valid document each test changes in one place."""
    return {
        "schema_version": 1,
        "profile": {"country": "MX", "region": "MX-NLE", "naics": "337", "employees": 14},
        "export": {"stage": "exploring", "markets": ["US"], "offering": ["goods"]},
        "goods": {
            "origin_basis": "some_non_originating",
            "unit_transaction_value": 100,
            "unit_non_originating_value": 40,
        },
        "travel": {"needed": True, "profession": "engineer"},
        "finance": {"needs": ["working_capital"]},
        "consent": {"aggregate_stats": True},
        "contact": {"email": "owner@example.org"},
    }


def paths(problems: list[Problem]) -> list[str]:
    return [problem.path for problem in problems]


def test_a_valid_document_has_no_problem():
    assert validate_answers(valid()) == []


@pytest.mark.parametrize("name", ["furniture-workshop-mx", "software-consultancy-ca", "specialty-food-us"])
def test_the_contract_examples_are_valid(name):
    document = json.loads((ROOT / "app/answers/examples" / f"{name}.json").read_text())
    assert validate_answers(document) == []


def test_a_target_market_equal_to_the_home_country_is_reported_at_its_index():
    document = valid()
    document["export"]["markets"] = ["US", "MX"]
    assert validate_answers(document) == [
        Problem("$.export.markets[1]", "A target market cannot be the business's home country.")
    ]


def test_non_originating_value_above_transaction_value_is_reported():
    document = valid()
    document["goods"]["unit_non_originating_value"] = 120
    assert paths(validate_answers(document)) == ["$.goods.unit_non_originating_value"]


def test_non_originating_value_equal_to_transaction_value_is_accepted():
    document = valid()
    document["goods"]["unit_non_originating_value"] = 100
    assert validate_answers(document) == []


def test_a_region_of_another_country_is_reported():
    document = valid()
    document["profile"]["region"] = "CA-QC"
    assert paths(validate_answers(document)) == ["$.profile.region"]


def test_an_unknown_profession_code_is_reported():
    document = valid()
    document["travel"]["profession"] = "astrologer"
    assert validate_answers(document) == [
        Problem("$.travel.profession", "Is not a profession code of the USMCA list (or “other”).")
    ]


@pytest.mark.parametrize("naics", ["10", "34", "4312", "99"])
def test_a_naics_code_outside_the_sectors_is_reported(naics):
    document = valid()
    document["profile"]["naics"] = naics
    assert paths(validate_answers(document)) == ["$.profile.naics"]


@pytest.mark.parametrize("naics", ["11", "31", "33", "44", "45", "48", "49", "51", "56", "92", "541511"])
def test_a_naics_code_in_a_sector_is_accepted(naics):
    document = valid()
    document["profile"]["naics"] = naics
    assert validate_answers(document) == []


def test_every_problem_is_listed_not_only_the_first():
    document = valid()
    document["export"]["markets"] = ["MX"]
    document["profile"]["region"] = "US-TX"
    document["profile"]["employees"] = -1
    del document["consent"]
    assert paths(validate_answers(document)) == [
        "$.consent",
        "$.export.markets[0]",
        "$.profile.employees",
        "$.profile.region",
    ]


SCHEMA_CASES = [
    ("required", lambda d: d["profile"].pop("country"), "$.profile.country", "This answer is required."),
    (
        "enum",
        lambda d: d["export"].update(stage="often"),
        "$.export.stage",
        "Must be one of: none, exploring, occasional, regular.",
    ),
    ("type", lambda d: d["profile"].update(employees="14"), "$.profile.employees", "Must be a whole number."),
    (
        "pattern",
        lambda d: d["goods"].update(hs_code="94A3"),
        "$.goods.hs_code",
        "Must be an HS code of 4, 6, 8 or 10 digits.",
    ),
    ("minimum", lambda d: d["profile"].update(employees=-3), "$.profile.employees", "Must be at least 0."),
    ("maximum", lambda d: d["profile"].update(employees=200000), "$.profile.employees", "Must be at most 100,000."),
    (
        "exclusiveMinimum",
        lambda d: d["goods"].update(unit_transaction_value=0),
        "$.goods.unit_transaction_value",
        "Must be greater than 0.",
    ),
    (
        "additionalProperties",
        lambda d: d["profile"].update(colour="blue"),
        "$.profile.colour",
        "This key is not part of the answers format.",
    ),
    (
        "uniqueItems",
        lambda d: d["finance"].update(needs=["none", "none"]),
        "$.finance.needs",
        "Must not list the same choice twice.",
    ),
    ("minItems", lambda d: d["export"].update(offering=[]), "$.export.offering", "Must list at least 1 choice."),
    ("const", lambda d: d.update(schema_version=2), "$.schema_version", "Must be 1."),
    (
        "format",
        lambda d: d["contact"].update(email="not an address"),
        "$.contact.email",
        "Must be a valid e-mail address.",
    ),
    (
        "maxLength",
        lambda d: d["contact"].update(business_name="x" * 201),
        "$.contact.business_name",
        "Must be at most 200 characters long.",
    ),
]


@pytest.mark.parametrize(("kind", "change", "path", "message"), SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_each_kind_of_schema_rule_has_its_own_message(kind, change, path, message):
    document = copy.deepcopy(valid())
    change(document)
    assert validate_answers(document) == [Problem(path, message)]


def test_a_document_that_is_not_an_object_is_reported_at_the_root():
    assert validate_answers(["not", "answers"]) == [Problem("$", "Must be a group of answers (a JSON object).")]


def test_messages_are_in_spanish_when_asked():
    document = valid()
    document["export"]["markets"] = ["MX"]
    del document["profile"]["naics"]
    assert validate_answers(document, "es") == [
        Problem("$.export.markets[0]", "Un mercado de destino no puede ser el país de origen de la empresa."),
        Problem("$.profile.naics", "Esta respuesta es obligatoria."),
    ]


def test_messages_are_in_french_when_asked():
    document = valid()
    document["profile"]["region"] = "US-VT"
    document["profile"]["employees"] = 200000
    assert validate_answers(document, "fr") == [
        Problem("$.profile.employees", "Doit être d’au plus 100\xa0000."),
        Problem("$.profile.region", "Cette région ne se trouve pas dans le pays de l’entreprise."),
    ]


def test_an_unknown_locale_gives_english_messages():
    document = valid()
    del document["profile"]["naics"]
    assert validate_answers(document, "de") == [Problem("$.profile.naics", "This answer is required.")]


def test_the_validator_runs_without_flask():
    code = "import sys, app.answers.validation; sys.exit('flask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def _without_absent_required(document: dict, problems: list[Problem], locale: str) -> list[Problem]:
    """The definition of a partial document's problems: all, except 'required'
    for answers not given yet."""
    required = validate_answers({}, locale)[0].message

    def absent(path: str) -> bool:
        node = document
        for part in path.removeprefix("$.").split("."):
            if not isinstance(node, dict) or part not in node:
                return True
            node = node[part]
        return False

    return [p for p in problems if not (p.message == required and absent(p.path))]


def _partial_cases() -> list[dict]:
    """Documents a questionnaire passes through: sections and answers missing,
    some of what is present wrong."""
    cases = [{}, {"schema_version": 1}]
    whole = valid()
    for section in list(whole):
        shorter = copy.deepcopy(whole)
        del shorter[section]
        cases.append(shorter)
        if isinstance(whole[section], dict):
            for key in whole[section]:
                thinner = copy.deepcopy(whole)
                del thinner[section][key]
                cases.append(thinner)
    wrong = {"schema_version": 1, "profile": {"country": "XX", "employees": -3}, "export": {"markets": ["MX", "MX"]}}
    cases += [wrong, {**wrong, "consent": {}}, {"schema_version": 1, "profile": {"country": "CA", "naics": "99"}},
              {"schema_version": 1, "contact": {"email": "not an e-mail"}}, {"schema_version": 1, "extra": True}]
    return cases


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("document", _partial_cases())
def test_a_partial_document_has_every_problem_but_the_answers_not_given_yet(document, locale):
    assert validate_answers(document, locale, partial=True) == _without_absent_required(
        document, validate_answers(document, locale), locale
    )


def test_a_partial_document_still_reports_what_is_wrong():
    problems = validate_answers({"schema_version": 1, "profile": {"country": "XX"}}, partial=True)
    assert paths(problems) == ["$.profile.country"]
    assert validate_answers({"schema_version": 1}, partial=True) == []
