"""A business owner answers every step, checks the answers and gets the plan."""

from __future__ import annotations

import pytest

from app.answers.validation import validate_answers
from tests.wizard.conftest import CONSULTANCY, WORKSHOP, Owner


def test_the_home_page_links_to_the_questionnaire(owner: Owner) -> None:
    home = owner.client.get("/demo/es/")
    assert 'href="/demo/es/questionnaire/"' in home.text


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_a_questionnaire_starts_on_the_company_profile_in_any_language(owner: Owner, lang: str) -> None:
    owner.lang = lang
    response = owner.start()
    assert response.location.endswith("/step/profile")
    page = owner.client.get(response.location)
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text


def test_each_step_is_saved_before_the_next_page_is_shown(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", CONSULTANCY["profile"])
    assert response.status_code == 302 and response.location.endswith("/step/export")
    assert owner.stored().answers["profile"] == {
        "country": "CA", "region": "CA-QC", "naics": "5415", "employees": 6, "women_owned": False}


def test_the_consultancy_sees_travel_details_and_digital_but_not_goods(owner: Owner) -> None:
    owner.start()
    visited = []
    for step, fields in CONSULTANCY.items():
        response = owner.submit(step, fields)
        assert response.status_code == 302, response.text
        visited.append(response.location.rsplit("/", 1)[1])
    assert visited == ["export", "travel", "travel_details", "digital", "finance", "consent", "review"]


def test_the_answers_of_a_finished_questionnaire_are_a_valid_document(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    answers = owner.stored().answers
    assert validate_answers(answers) == []
    assert answers["goods"] == {"hs_code": "940360", "origin_basis": "some_non_originating",
                                "has_certification_process": False, "unit_transaction_value": 800,
                                "unit_non_originating_value": 300, "tariff_shift_met": "unknown"}
    assert answers["finance"] == {"needs": ["working_capital"], "amount_needed": 50000}


def test_submitting_the_review_completes_the_questionnaire_and_shows_the_plan(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    response = owner.complete()
    assert response.status_code == 302 and response.location.endswith("/results")
    stored = owner.stored()
    assert stored.status == "completed" and stored.rules_version
    results = owner.client.get(response.location)
    assert results.status_code == 200
    assert "Your action plan" in results.text and "How ready you are" in results.text


def test_the_review_cannot_be_submitted_before_every_step_is_answered(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    response = owner.complete()
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert owner.stored().status == "draft"


def test_the_review_lists_every_answer_with_a_link_to_change_it(owner: Owner) -> None:
    owner.start()
    owner.answer_all(CONSULTANCY)
    review = owner.review()
    assert "Check your answers" in review.text
    assert f"/questionnaire/{owner.public_id}/step/travel_details?return=review#travel-profession" in review.text
    assert "Computer Systems Analyst" in review.text
    assert "US$40,000" in review.text


def test_changing_an_answer_from_the_review_returns_to_the_review(owner: Owner) -> None:
    owner.start()
    owner.answer_all(CONSULTANCY)
    response = owner.submit("finance", {"finance-needs": ["working_capital"]}, **{"return": "review"})
    assert response.location.endswith("/review")


def test_results_are_only_shown_for_a_completed_questionnaire(owner: Owner) -> None:
    owner.start()
    response = owner.client.get(owner.url(f"{owner.public_id}/results"))
    assert response.status_code == 302 and response.location.endswith("/review")
