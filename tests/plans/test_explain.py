"""A plan's reasons in plain words: the wizard's question and the choice's
label, translated, the same on the results page and in the PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from app.chambers.models import Chamber
from app.i18n.catalogs import get_translations
from app.pdf.render import render_plan_html
from app.plans.explain import explain_answer
from app.plans.services import build_plan
from app.wizard import current_steps
from tests.fixtures import example_answers
from tests.wizard.completed import ResultsPage, open_completed

LOCALES = ("en", "es", "fr")
EXPECTED = {
    "en": ("What will they do there?", "Deliver professional services to a client"),
    "es": ("¿Qué hará allá?", "Prestar servicios profesionales a un cliente"),
    "fr": ("Que fera-t-elle là-bas\u202f?", "Fournir des services professionnels à un client"),
}


@pytest.mark.parametrize("locale", LOCALES)
def test_a_choice_is_explained_by_its_question_and_its_label_in_the_language(app: Flask, locale: str) -> None:
    assert explain_answer("travel.purposes", ["deliver_professional_services"], locale) == EXPECTED[locale]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_label_is_the_one_the_wizard_asks(app: Flask, locale: str) -> None:
    question = current_steps().questions["finance.needs"]
    asked = get_translations(locale).pgettext("question.finance.needs|label", question.label)
    label, value = explain_answer("finance.needs", ["working_capital", "credit_insurance"], locale)
    assert label == asked != "finance.needs" and "working_capital" not in value
    assert value.count(", ") == 1


@pytest.mark.parametrize(("locale", "yes", "amount"), [("en", "Yes", "Mexico: US$12,000"),
                                                         ("es", "Sí", "México: 12,000\xa0USD"),
                                                         ("fr", "Oui", "Mexique: 12\xa0000\xa0$ US")])
def test_yes_no_and_amounts_are_written_for_the_reader(app: Flask, locale: str, yes: str, amount: str) -> None:
    assert explain_answer("digital.b2c", True, locale)[1] == yes
    label, value = explain_answer("digital.annual_b2c_sales.MX", 12000, locale)
    assert value == amount and label != "digital.annual_b2c_sales.MX"


def test_a_path_no_question_asks_falls_back_to_the_path(app: Flask) -> None:
    assert explain_answer("profile.no_such_answer", False, "fr") == ("profile.no_such_answer", "Non")


def test_a_missing_or_odd_value_is_shown_not_a_failure(app: Flask) -> None:
    assert explain_answer("digital.annual_b2c_sales.MX", None, "en")[1] == "Mexico: Not answered"
    assert explain_answer("profile.employees", "many", "en")[1] == "many"


def test_it_works_without_an_application() -> None:
    assert explain_answer("travel.purposes", ["deliver_professional_services"], "es") == EXPECTED["es"]


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, tmp_path: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(tmp_path))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_results_page_shows_each_reason_as_question_and_answer(
    served: Flask, make_chamber: Callable[..., Chamber], locale: str
) -> None:
    opened = open_completed(served, make_chamber("demo"), example_answers("software-consultancy-ca"), locale)
    page = ResultsPage(opened.client.get(opened.url("results", locale)).text)
    label, value = EXPECTED[locale]
    assert ("travel.purposes", " ".join(f"{label} {value}".split())) in page.whys  # the page's spaces read as one
    for path, text in page.whys:
        asked = " ".join(explain_answer(path, None, locale)[0].split())
        assert asked != path and text.startswith(asked)
    assert "travel.purposes" not in page.text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_shows_each_reason_as_question_and_answer(app: Flask, locale: str) -> None:
    plan = build_plan(example_answers("software-consultancy-ca"), locale).plan.as_dict()
    html = render_plan_html(plan, {"name": "C"}, locale)
    label, value = EXPECTED[locale]
    assert f"{label} = {value}".replace("'", "&#39;") in html
    assert "travel.purposes" not in html
