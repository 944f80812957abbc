"""The bill of materials on the cost page: rows added and removed by buttons (no JavaScript),
"I don't know" for a code or an origin, errors naming the row and field, nothing lost."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from flask import Flask

from app.chambers.models import Chamber
from tests.fixtures import example_answers
from tests.wizard.completed import open_completed
from tests.wizard.conftest import WORKSHOP, Owner, error_summary

BEFORE_COSTS = ("profile", "export", "goods")


def at_costs(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in BEFORE_COSTS})


def row(index: int, code: str = "", origin: str = "", value: str = "", unknown: bool = False) -> dict[str, str]:
    fields = {f"goods-materials-{index}-hs_code": code, f"goods-materials-{index}-origin": origin,
              f"goods-materials-{index}-unit_value": value}
    if unknown:
        fields[f"goods-materials-{index}-hs_unknown"] = "y"
    return fields


def rows_on(html: str) -> list[str]:
    return re.findall(r'<fieldset class="material-row" id="(goods-materials-\d+)"', html)


def test_the_cost_page_offers_one_empty_material_row_and_a_button_to_add_one(owner: Owner) -> None:
    at_costs(owner)
    page = owner.get("goods_costs").text
    assert rows_on(page) == ["goods-materials-0"]
    assert 'name="action" value="add:goods-materials"' in page
    assert '<label class="sub-label" for="goods-materials-0-hs_code">HS code</label>' in page


def test_adding_a_row_keeps_every_value_typed_and_saves_nothing(owner: Owner) -> None:
    at_costs(owner)
    sent = {**WORKSHOP["goods_costs"], "goods-unit_transaction_value": "812.50",
            **row(0, "4407.11", "non_originating", "30"), "action": "add:goods-materials"}
    response = owner.submit("goods_costs", sent)
    assert response.status_code == 200
    assert rows_on(response.text) == ["goods-materials-0", "goods-materials-1"]
    assert 'value="4407.11"' in response.text and 'value="812.50"' in response.text
    assert '<option value="non_originating" selected>' in response.text
    assert "materials" not in (owner.stored().answers.get("goods") or {})


def test_removing_a_row_drops_only_that_row(owner: Owner) -> None:
    at_costs(owner)
    sent = {**WORKSHOP["goods_costs"], **row(0, "440711", "non_originating", "30"),
            **row(1, "830242", "originating", "5"), "action": "remove:goods-materials-0"}
    response = owner.submit("goods_costs", sent)
    assert response.status_code == 200
    assert rows_on(response.text) == ["goods-materials-0"]
    assert 'value="830242"' in response.text and 'value="440711"' not in response.text


def test_the_materials_are_saved_as_the_contract_list_and_empty_rows_are_dropped(owner: Owner) -> None:
    at_costs(owner)
    sent = {**WORKSHOP["goods_costs"], **row(0, "4407.11", "non_originating", "30"),
            **row(1, "", "unknown", "12.50", unknown=True), **row(2)}
    assert owner.submit("goods_costs", sent).status_code == 302
    assert owner.stored().answers["goods"]["materials"] == [
        {"hs_code": "440711", "origin": "non_originating", "unit_value": 30},
        {"origin": "unknown", "unit_value": 12.5},
    ]
    page = owner.get("goods_costs").text
    assert rows_on(page) == ["goods-materials-0", "goods-materials-1"]
    assert re.search(r'id="goods-materials-1-hs_unknown" name="goods-materials-1-hs_unknown" value="y" checked', page)


def test_each_error_names_its_row_and_field_and_nothing_is_lost(owner: Owner) -> None:
    at_costs(owner)
    sent = {**WORKSHOP["goods_costs"], **row(0, "4407.11", "non_originating", "30"),
            **row(1, "77.01.00", "", "ten")}
    response = owner.submit("goods_costs", sent)
    assert response.status_code == 422
    summary = [(link, html.unescape(text)) for link, text in error_summary(response.text)]
    assert ("#goods-materials-1-hs_code", "Material 2: the first two digits must be an HS chapter, from 01 to 97 (77 is not used).") in summary
    assert ("#goods-materials-1-origin", "Material 2: say whether it is originating, or choose “I don't know”.") in summary
    assert ("#goods-materials-1-unit_value", "Material 2: Enter an amount, like 1500 or 1500.50.") in summary
    assert 'value="77.01.00"' in response.text and 'value="ten"' in response.text and 'value="4407.11"' in response.text
    assert re.search(r'id="goods-materials-1-origin" name="goods-materials-1-origin" aria-describedby="goods-materials-1-origin-error" aria-invalid="true"', response.text)


def test_a_row_without_a_code_needs_i_dont_know_ticked(owner: Owner) -> None:
    at_costs(owner)
    response = owner.submit("goods_costs", {**WORKSHOP["goods_costs"], **row(0, "", "non_originating", "3")})
    assert response.status_code == 422
    summary = [(link, html.unescape(text)) for link, text in error_summary(response.text)]
    assert ("#goods-materials-0-hs_code", "Material 1: enter its HS code, or tick “I don't know the code”.") in summary


def test_the_errors_are_in_the_pages_language(owner: Owner) -> None:
    at_costs(owner)
    page = owner.get("goods_costs", lang="fr")
    response = owner.client.post(owner.step_url("goods_costs", "fr"), data={
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1),
        **WORKSHOP["goods_costs"], **row(0, "12", "non_originating", "3")})
    assert response.status_code == 422
    assert "Matière 1" in response.text


def test_no_more_rows_than_the_contract_takes_are_read(owner: Owner) -> None:
    at_costs(owner)
    sent = dict(WORKSHOP["goods_costs"])
    for index in range(60):
        sent.update(row(index, "440711", "non_originating", "1"))
    assert owner.submit("goods_costs", sent).status_code == 302
    assert len(owner.stored().answers["goods"]["materials"]) == 50
    page = owner.get("goods_costs").text
    assert 'value="add:goods-materials"' not in page


def test_the_review_page_lists_the_materials_in_words(owner: Owner) -> None:
    at_costs(owner)
    sent = {**WORKSHOP["goods_costs"], **row(0, "4407.11", "non_originating", "30"), **row(1, "", "unknown", "5", unknown=True),
            "goods-materials-1-weight_pct": "4.5"}
    owner.submit("goods_costs", sent)
    owner.answer_all({k: v for k, v in WORKSHOP.items() if k not in (*BEFORE_COSTS, "goods_costs")})
    review = owner.review().text
    assert "HS 4407.11, not originating, US$30; HS code not known, origin not known, US$5, 4.5% of the weight" in review


# The verdict per option, on the results page and in the PDF, in the plan's language.

VERDICT_WORDS = {
    "en": ("With your answers: Met.", "With your answers: Not met.", "material 1 (HS 9403.90)"),
    "es": ("Con sus respuestas: Cumplida.", "Con sus respuestas: No cumplida.", "material 1 (SA 9403.90)"),
    "fr": ("Avec vos réponses\u202f: Respectée.", "Avec vos réponses\u202f: Non respectée.", "matière 1 (SH 9403.90)"),
}


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_each_option_says_met_or_not_and_names_the_material_that_decided(
        served: Flask, make_chamber: Callable[..., Chamber], locale: str) -> None:
    answers = example_answers("furniture-workshop-mx")
    # legs of 9403.90 worth 30 % of the price: option A (change of chapter) lost, option B
    # (from 9403.90 with a regional value content) met
    answers["goods"] = {**answers["goods"], "hs_code": "940360", "unit_transaction_value": 100,
                        "unit_non_originating_value": 30, "materials": [
                            {"hs_code": "940390", "origin": "non_originating", "unit_value": 30}]}
    opened = open_completed(served, make_chamber("demo"), answers, locale)
    page = html.unescape(opened.client.get(opened.url("results", locale)).text)
    met, not_met, material = VERDICT_WORDS[locale]
    options = page.split('class="rule-alternatives"', 1)[1].split("</ol>", 1)[0]
    first, second = re.findall(r"<li>(.*?)</li>", options, re.S)
    assert not_met in first and material in first
    assert met in second and not_met not in second
    from tests.pdf.conftest import pdf_text
    text = " ".join(pdf_text(opened.client.get(opened.url("plan.pdf", locale)).data).split())
    plain = [" ".join(words.replace("\u202f", " ").split()) for words in (met, not_met, material)]
    assert all(words in text for words in plain), plain


def test_hostile_row_names_and_actions_are_harmless(owner: Owner) -> None:
    at_costs(owner)
    sent = {**WORKSHOP["goods_costs"], **row(99999999999999999999, "440711", "non_originating", "3"),
            "goods-materials-0-origin": "<script>", "action": "remove:goods-materials-12345"}
    response = owner.submit("goods_costs", sent)
    assert response.status_code == 200
    assert rows_on(response.text) == ["goods-materials-0", "goods-materials-1"]
    assert "<script>" not in response.text
    saved = owner.submit("goods_costs", {**sent, "action": "save"})
    assert saved.status_code == 422  # the row with "<script>" as its origin is refused, not stored
    assert "materials" not in (owner.stored().answers.get("goods") or {})


def test_a_textile_materials_share_of_the_weight_is_optional_and_saved_as_a_percentage(owner: Owner) -> None:
    at_costs(owner)
    sent = {**WORKSHOP["goods_costs"], **row(0, "5205.12", "non_originating", "2"),
            "goods-materials-0-weight_pct": "4,5 %", **row(1, "4407.11", "non_originating", "30")}
    assert owner.submit("goods_costs", sent).status_code == 302
    assert owner.stored().answers["goods"]["materials"] == [
        {"hs_code": "520512", "origin": "non_originating", "unit_value": 2, "weight_pct": 4.5},
        {"hs_code": "440711", "origin": "non_originating", "unit_value": 30},
    ]
    page = owner.get("goods_costs").text
    assert '<label class="sub-label" for="goods-materials-0-weight_pct">' in page
    assert re.search(r'id="goods-materials-0-weight_pct" name="goods-materials-0-weight_pct" value="4.50"', page)


@pytest.mark.parametrize("typed", ["120", "-3", "half", "1" * 40])
def test_a_share_of_the_weight_outside_0_to_100_is_refused_by_name_and_kept(owner: Owner, typed: str) -> None:
    at_costs(owner)
    sent = {**WORKSHOP["goods_costs"], **row(0, "5205.12", "non_originating", "2"), "goods-materials-0-weight_pct": typed}
    response = owner.submit("goods_costs", sent)
    assert response.status_code == 422
    summary = [(link, html.unescape(text)) for link, text in error_summary(response.text)]
    assert ("#goods-materials-0-weight_pct", "Material 1: enter its share of the weight as a percentage from 0 to 100, "
            "like 4.5, or leave it empty.") in summary
    assert f'value="{typed}"' in response.text
    assert "materials" not in (owner.stored().answers.get("goods") or {})
