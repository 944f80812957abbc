"""The reasons of a plan cite only what the owner was asked, in the reader's
words: an HS code they do not know yet, amounts named by country, provinces
in the reader's language; official links in the plan's language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.chambers.models import Chamber
from app.pdf.render import render_plan_html
from app.plans.explain import explain_answer
from app.plans.services import build_plan
from tests.fixtures import example_answers
from tests.wizard.completed import ResultsPage, open_completed

ON = date(2026, 11, 22)
LOCALES = ("en", "es", "fr")
NOT_KNOWN = {"en": "Not known yet", "es": "Aún no se conoce", "fr": "Pas encore connu"}
COUNTRIES = {"en": ("Canada", "Mexico", "United States"), "es": ("Canadá", "México", "Estados Unidos"),
             "fr": ("Canada", "Mexique", "États-Unis")}


def unsure_food_maker() -> dict[str, Any]:
    """A Vermont food maker that ticked "I don't know" for its HS code, makes
    everything in the region (so the tariff-shift question is never asked) and
    sells online to consumers without saying how much."""
    answers = example_answers("specialty-food-us")
    goods = answers["goods"]
    for key in ("hs_code", "unit_transaction_value", "unit_non_originating_value", "tariff_shift_met"):
        goods.pop(key, None)
    goods["origin_basis"] = "wholly_obtained"
    answers["export"]["offering"] = ["goods", "digital"]
    answers["digital"] = {"b2c": True, "sells_digital_services": True, "collects_personal_data": False}
    return answers


def plan_for(answers: dict[str, Any], locale: str) -> dict[str, Any]:
    result = build_plan(answers, locale, ON)
    assert result.plan is not None, result.problems
    return result.plan.as_dict()


def whys(plan: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(action["id"], why) for action in plan["actions"] for why in action["why"]]


def test_an_answer_the_questionnaire_did_not_ask_is_never_cited(app: Flask) -> None:
    plan = plan_for(unsure_food_maker(), "en")
    cited = {why["answer"] for _, why in whys(plan)}
    assert "goods.hs_code" in cited
    assert "goods.tariff_shift_met" not in cited
    assert all(action["why"] for action in plan["actions"])


def test_an_asked_answer_is_still_cited_when_it_is_given(app: Flask) -> None:
    plan = plan_for(example_answers("furniture-workshop-mx"), "en")
    assert {"answer": "goods.tariff_shift_met", "value": "unknown"} in [why for _, why in whys(plan)]


@pytest.mark.parametrize("locale", LOCALES)
def test_an_hs_code_the_owner_does_not_know_says_so(app: Flask, locale: str) -> None:
    plan = plan_for(unsure_food_maker(), locale)
    hs = [why for _, why in whys(plan) if why["answer"] == "goods.hs_code"]
    assert hs and all(why["value"] is None for why in hs)
    assert explain_answer("goods.hs_code", None, locale)[1] == NOT_KNOWN[locale]


@pytest.mark.parametrize("locale", LOCALES)
def test_each_reason_of_an_action_reads_differently_and_amounts_name_their_country(app: Flask, locale: str) -> None:
    plan = plan_for(unsure_food_maker(), locale)
    for action in plan["actions"]:
        texts = [explain_answer(why["answer"], why["value"], locale) for why in action["why"]]
        assert [text for text, count in Counter(texts).items() if count > 1] == [], action["id"]
    sales = [explain_answer(why["answer"], why["value"], locale)[1]
             for _, why in whys(plan) if why["answer"].startswith("digital.annual_b2c_sales.")]
    assert sales, "the consumer-sales amounts explain the tax reminder"
    assert all(text.startswith(COUNTRIES[locale]) for text in sales)


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, tmp_path: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(tmp_path))


def test_the_results_page_says_the_code_is_not_known_and_skips_unasked_questions(
    served: Flask, make_chamber: Callable[..., Chamber]
) -> None:
    opened = open_completed(served, make_chamber("demo"), unsure_food_maker(), "es")
    page = ResultsPage(opened.client.get(opened.url("results", "es")).text)
    paths = [path for path, _ in page.whys]
    assert "goods.tariff_shift_met" not in paths
    assert any(path == "goods.hs_code" and NOT_KNOWN["es"] in text for path, text in page.whys)
    assert "Sin respuesta" not in " ".join(text for path, text in page.whys if path == "goods.hs_code")


def test_the_pdf_words_the_reasons_the_same_way(app: Flask) -> None:
    plan = plan_for(unsure_food_maker(), "fr")
    html = render_plan_html(plan, {"name": "C"}, "fr")
    assert NOT_KNOWN["fr"] in html
    assert "Canada: Sans réponse" in html


@pytest.mark.parametrize(("locale", "bc", "states"), [
    ("en", "British Columbia", "United States"),
    ("es", "Columbia Británica", "Estados Unidos"),
    ("fr", "Colombie-Britannique", "États-Unis"),
])
def test_provinces_and_states_are_named_in_the_readers_language(
    served: Flask, make_chamber: Callable[..., Chamber], locale: str, bc: str, states: str
) -> None:
    assert explain_answer("profile.region", "CA-BC", locale)[1] == bc
    opened = open_completed(served, make_chamber("demo"), example_answers("software-consultancy-ca"), locale)
    page = opened.client.get(opened.url("step/profile", locale)).text
    assert f">{bc}</option>" in page
    assert f'<optgroup label="{states}">' in page
    if locale != "en":
        assert "British Columbia" not in page and "Nova Scotia" not in page


def test_french_plans_link_to_the_french_pages_of_canadian_agencies(app: Flask) -> None:
    answers = example_answers("specialty-food-us")
    answers["travel"] = {"needed": True, "purposes": ["deliver_professional_services"], "citizenship": "US",
                         "destination": "CA", "profession": "engineer", "education": "bachelor",
                         "years_experience": 7, "has_prearranged_work": True,
                         "self_employed_in_destination": False, "duration": "weeks"}
    answers["export"]["offering"] = ["goods", "digital"]
    answers["digital"] = {"b2c": True, "collects_personal_data": True, "data_subject_markets": ["CA"],
                          "privacy_notice": "none"}
    links = {}
    english = [r["name"] for a in plan_for(answers, "en")["actions"] for r in a["resources"]]  # titles follow the page
    for locale in LOCALES:
        plan = plan_for(answers, locale)
        links[locale] = dict(zip(english, [r["url"] for a in plan["actions"] for r in a["resources"]], strict=True))
    ircc = "IRCC — Canada–United States–Mexico Agreement, International Mobility Program instructions"
    pipeda = "Office of the Privacy Commissioner of Canada — PIPEDA"
    assert links["fr"][ircc].startswith("https://www.canada.ca/fr/immigration-refugies-citoyennete/")
    assert links["fr"][pipeda].startswith("https://www.priv.gc.ca/fr/")
    for locale in ("en", "es"):
        assert "/en/" in links[locale][ircc] and "/en/" in links[locale][pipeda]


@pytest.mark.parametrize("locale", LOCALES)
def test_resource_names_carry_no_english_note(app: Flask, locale: str) -> None:
    answers = example_answers("software-consultancy-ca")
    answers["digital"]["privacy_notice"] = "none"
    plan = plan_for(answers, locale)
    names = [r["name"] for a in plan["actions"] for r in a["resources"]]
    assert "Secretaría Anticorrupción y Buen Gobierno" in names
    assert not [name for name in names if "successor" in name]
