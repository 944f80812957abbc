"""Errors are shown next to each field, summarised at the top, and nothing is saved."""

from __future__ import annotations

import re

from tests.wizard.conftest import WORKSHOP, Owner


def test_a_missing_answer_is_reported_next_to_the_field_and_in_the_summary(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {"profile-naics": "33"})
    assert response.status_code == 422
    text = response.text
    assert '<title>Error: About your business' in text
    assert 'class="error-summary"' in text and 'href="#profile-country"' in text
    assert 'aria-describedby="profile-country-error"' in text
    assert "profile" not in owner.stored().answers


def test_what_was_typed_is_kept_when_a_step_is_refused(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {"profile-naics": "33", "profile-employees": "14"})
    assert 'value="14"' in response.text


def test_messages_are_in_the_page_language(owner: Owner) -> None:
    owner.lang = "fr"
    owner.start()
    response = owner.submit("profile", {})
    assert response.status_code == 422
    assert '<html lang="fr">' in response.text


def test_numbers_may_be_written_with_thousands_separators(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods")})
    owner.submit("goods_costs", {**WORKSHOP["goods_costs"], "goods-unit_transaction_value": "1 250,50",
                                 "goods-unit_non_originating_value": "1,000"})
    goods = owner.stored().answers["goods"]
    assert goods["unit_transaction_value"] == 1250.5 and goods["unit_non_originating_value"] == 1000


def test_non_originating_value_above_the_price_is_refused(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods")})
    response = owner.submit("goods_costs", {**WORKSHOP["goods_costs"], "goods-unit_non_originating_value": "900"})
    assert response.status_code == 422
    assert "unit_non_originating_value" not in owner.stored().answers["goods"]


def test_an_hs_code_may_be_unknown(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    fields = {**WORKSHOP["goods"], "goods-hs_code": "", "goods-hs_code-unknown": "y"}
    assert owner.submit("goods", fields).status_code == 302
    assert "hs_code" not in owner.stored().answers["goods"]
    assert "I don&#39;t know" in owner.review().text or "I don't know" in owner.review().text


def test_an_hs_code_must_have_4_6_8_or_10_digits(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    response = owner.submit("goods", {**WORKSHOP["goods"], "goods-hs_code": "94036"})
    assert response.status_code == 422


def test_none_cannot_be_chosen_with_another_need(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods", "goods_costs", "travel")})
    response = owner.submit("finance", {"finance-needs": ["none", "working_capital"]})
    assert response.status_code == 422


def test_a_naics_code_must_belong_to_the_chosen_sector(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {**WORKSHOP["profile"], "profile-naics-detail": "5415"})
    assert response.status_code == 422


def test_the_profession_picker_filters_without_javascript_and_saves_nothing(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods", "goods_costs")})
    owner.submit("travel", {"travel-needed": "yes"})
    response = owner.submit("travel_details", {"travel-profession-filter": "engin", "action": "filter:travel-profession"})
    assert response.status_code == 200
    assert "1 match" in response.text and ">Engineer<" in response.text and ">Architect<" not in response.text
    assert "purposes" not in owner.stored().answers["travel"]


def test_every_form_needs_its_csrf_token(owner: Owner) -> None:
    owner.start()
    response = owner.client.post(owner.step_url("profile"), data={"version": "1", **WORKSHOP["profile"]})
    assert response.status_code == 400


def test_the_naics_sector_list_is_searchable_without_javascript(owner: Owner) -> None:
    owner.start()
    typed = {"profile-country": "CA", "profile-employees": "6"}
    by_name = owner.submit("profile", {**typed, "profile-naics-filter": "scienti", "action": "filter:profile-naics"})
    assert by_name.status_code == 200
    assert "1 match" in by_name.text
    assert re.search(r'<option value="54">54 – Professional, scientific', by_name.text)
    assert '<option value="11">' not in by_name.text
    assert 'value="6"' in by_name.text  # what was typed stays, unsaved
    assert "profile" not in owner.stored().answers
    by_code = owner.submit("profile", {**typed, "profile-naics-filter": "5415", "action": "filter:profile-naics"})
    assert "1 match" in by_code.text and '<option value="54">' in by_code.text and '<option value="33">' not in by_code.text


def test_the_naics_search_keeps_the_chosen_sector(owner: Owner) -> None:
    owner.start()
    page = owner.submit("profile", {"profile-naics": "33", "profile-naics-filter": "scienti", "action": "filter:profile-naics"})
    assert '<option value="33" selected>' in page.text and '<option value="54">' in page.text
    assert "1 match" in page.text
