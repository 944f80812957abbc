"""Amounts keep their cents wherever an answer is shown; sales are asked only
for the markets the business targets; the NAICS and profession searches find
what people type, in their language and in either gender."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask, g

from app.chambers.models import Chamber
from app.i18n.formats import format_money
from app.pdf.render import render_plan_html
from app.plans.explain import explain_answer, shown_reasons
from app.plans.services import build_plan
from app.wizard import current_steps
from app.wizard.forms import show_number
from app.wizard.search_words import other_gender
from tests.fixtures import example_answers
from tests.wizard.completed import ResultsPage, open_completed
from tests.wizard.conftest import CONSULTANCY, WORKSHOP, Owner

NB = "\u00a0"
SALES = "digital-annual_b2c_sales"
# An amount missing a digit of its cents: 812.5 or 812,5 not followed by another digit.
CENTS_CUT = re.compile(r"812[.,]5(?!\d)|75[,\u00a0\u202f ]000[.,]5(?!\d)")


def dropped_cents(text: str) -> list[str]:
    return CENTS_CUT.findall(text)


# 1. Money shows two decimals when it has cents, none when whole.

@pytest.mark.parametrize(("lang", "cents", "whole", "grouped"), [
    ("en", "812.50", "75,000", "75,000.50"),
    ("es", "812.50", "75,000", "75,000.50"),
    ("fr", "812,50", f"75{NB}000", f"75{NB}000,50"),
])
def test_money_shows_both_digits_of_its_cents_and_none_when_whole(lang: str, cents: str, whole: str, grouped: str) -> None:
    assert format_money(812.5, lang) == cents
    assert format_money(75000, lang) == whole
    assert format_money(75000.0, lang) == whole
    assert format_money(75000.5, lang) == grouped
    assert format_money(Decimal("0.05"), lang) == f"0{cents[3]}05"


def test_money_never_drops_a_digit_and_a_huge_amount_is_written_in_full() -> None:
    assert format_money(0.125, "en") == "0.125"  # more than cents (the API can store it): kept
    assert format_money(10**26, "fr") == "1" + "0" * 26
    assert format_money(Decimal("1E+26") + Decimal("0.5"), "en") == "1" + "0" * 26 + ".50"


def test_a_number_answer_on_a_page_shows_cents_in_full_and_whole_numbers_plainly(app: Flask) -> None:
    with app.test_request_context("/demo/fr/"):
        g.lang = "fr"
        assert show_number(812.5) == "812,50"
        assert show_number(14) == "14"


def test_an_amount_with_cents_comes_back_in_full_in_its_box(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods")})
    owner.submit("goods_costs", {**WORKSHOP["goods_costs"], "goods-unit_transaction_value": "812.50"})
    owner.answer_all({"travel": WORKSHOP["travel"]})
    owner.submit("finance", {**WORKSHOP["finance"], "finance-amount_needed": "75,000.50"})
    assert owner.stored().answers["goods"]["unit_transaction_value"] == 812.5
    assert 'value="812.50"' in owner.get("goods_costs").text
    assert 'value="75,000.50"' in owner.get("finance").text
    assert 'value="812,50"' in owner.get("goods_costs", lang="fr").text
    assert f'value="75{NB}000,50"' in owner.get("finance", lang="fr").text
    assert 'value="14"' in owner.get("profile").text  # a whole number: no decimals


@pytest.mark.parametrize(("lang", "cents", "whole"), [
    ("en", "US$812.50", "US$50,000"), ("es", f"812.50{NB}USD", f"50,000{NB}USD"), ("fr", f"812,50{NB}$ US", f"50{NB}000{NB}$ US")])
def test_the_review_page_shows_amounts_with_their_cents(owner: Owner, lang: str, cents: str, whole: str) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods")})
    owner.submit("goods_costs", {**WORKSHOP["goods_costs"], "goods-unit_transaction_value": "812.50"})
    owner.answer_all({k: WORKSHOP[k] for k in ("travel", "finance", "consent")})
    owner.lang = lang
    text = owner.review().text
    assert cents in text and whole in text  # the amount needed: a whole 50,000
    assert dropped_cents(text) == []


def cents_workshop() -> dict[str, Any]:
    answers = example_answers("furniture-workshop-mx")
    answers["goods"]["unit_transaction_value"] = 812.5
    return answers


@pytest.mark.parametrize(("lang", "cents"), [("en", "US$812.50"), ("es", f"812.50{NB}USD"), ("fr", f"812,50{NB}$ US")])
def test_the_results_page_gives_a_reason_with_its_cents(served: Flask, chamber: Chamber, lang: str, cents: str) -> None:
    opened = open_completed(served, chamber, cents_workshop(), lang)
    page = ResultsPage(opened.client.get(opened.url("results", lang)).text)
    values = [text for path, text in page.whys if path == "goods.unit_transaction_value"]
    assert values and all(text.endswith(cents.replace(NB, " ")) for text in values)  # the parser folds spaces
    assert dropped_cents(page.text) == []


@pytest.mark.parametrize(("lang", "cents"), [("en", "US$812.50"), ("es", f"812.50{NB}USD"), ("fr", f"812,50{NB}$ US")])
def test_the_pdf_gives_a_reason_with_the_cents_of_its_own_calculation(app: Flask, lang: str, cents: str) -> None:
    html = render_plan_html(build_plan(cents_workshop(), lang).plan.as_dict(), {"name": "C"}, lang)
    assert cents in html
    assert dropped_cents(html) == []


# 2. Yearly sales are asked only for the markets the business targets.

def digital_seller(markets: list[str]) -> dict[str, dict[str, Any]]:
    """A Canadian consultancy selling online to consumers, its target markets given."""
    journey = {k: CONSULTANCY[k] for k in ("profile", "export")}
    journey["export"] = {**journey["export"], "export-markets": markets}
    journey["travel"] = {"travel-needed": "no"}
    return journey


def sales_boxes(html: str) -> list[str]:
    return re.findall(rf'<input [^>]*id="{SALES}-(US|CA|MX)"', html)


def test_only_the_target_markets_get_a_sales_box(owner: Owner) -> None:
    owner.start()
    owner.answer_all(digital_seller(["MX"]))
    page = owner.get("digital").text
    assert sales_boxes(page) == ["MX"]  # neither the United States, not targeted, nor Canada, home
    assert re.findall(rf'<label class="sub-label" for="{SALES}-\w\w">([^<]+)</label>', page) == ["Mexico"]


def test_a_market_not_shown_is_neither_checked_nor_kept(owner: Owner) -> None:
    owner.start()
    owner.answer_all(digital_seller(["MX"]))
    response = owner.submit("digital", {**CONSULTANCY["digital"], f"{SALES}-US": "abc", f"{SALES}-CA": "5000",
                                        f"{SALES}-MX": "812.50"})
    assert response.status_code == 302, response.text
    assert owner.stored().answers["digital"]["annual_b2c_sales"] == {"MX": 812.5}


def test_an_amount_for_a_market_no_longer_targeted_is_removed(owner: Owner) -> None:
    owner.start()
    owner.answer_all(digital_seller(["US", "MX"]))
    owner.submit("digital", CONSULTANCY["digital"])
    assert owner.stored().answers["digital"]["annual_b2c_sales"] == {"US": 40000, "MX": 12000}
    owner.submit("export", digital_seller(["MX"])["export"])
    assert owner.stored().answers["digital"]["annual_b2c_sales"] == {"MX": 12000}
    assert sales_boxes(owner.get("digital").text) == ["MX"]
    review = owner.review().text
    assert "Mexico: US$12,000" in review and "United States: US$" not in review


def test_the_only_targeted_amount_removed_leaves_no_empty_group(owner: Owner) -> None:
    owner.start()
    owner.answer_all(digital_seller(["US"]))
    owner.submit("digital", {**CONSULTANCY["digital"], f"{SALES}-MX": ""})
    assert owner.stored().answers["digital"]["annual_b2c_sales"] == {"US": 40000}
    owner.submit("export", digital_seller(["MX"])["export"])
    assert "annual_b2c_sales" not in owner.stored().answers["digital"]


def test_the_sales_boxes_are_never_required(owner: Owner) -> None:
    owner.start()
    owner.answer_all(digital_seller(["US", "MX"]))
    fields = {k: v for k, v in CONSULTANCY["digital"].items() if not k.startswith(SALES)}
    assert owner.submit("digital", fields).status_code == 302
    assert "annual_b2c_sales" not in owner.stored().answers["digital"]


def test_the_reasons_do_not_name_a_market_the_business_does_not_target(owner: Owner, app: Flask) -> None:
    owner.start()
    journey = digital_seller(["MX"])
    journey["digital"] = {k: v for k, v in CONSULTANCY["digital"].items() if not k.startswith(SALES)}
    journey.update({k: CONSULTANCY[k] for k in ("finance", "consent")})
    owner.answer_all(journey)
    assert owner.complete().status_code == 302
    page = ResultsPage(owner.client.get(owner.url(f"{owner.public_id}/results")).text)
    cited = [path for path, _ in page.whys if path.startswith("digital.annual_b2c_sales.")]
    assert "digital.annual_b2c_sales.MX" in cited  # "estimate your sales": the one market asked
    assert set(cited) == {"digital.annual_b2c_sales.MX"}
    assert "United States: Not answered" not in page.text and "Canada: Not answered" not in page.text
    plan = build_plan(owner.stored().answers, "en").plan.as_dict()
    html = render_plan_html(plan, {"name": "C"}, "en")
    assert "Mexico: Not answered" in html and "United States: Not answered" not in html


def test_a_reason_keeps_a_market_that_is_targeted_or_has_a_figure(app: Flask) -> None:
    why = [{"answer": "export.markets", "value": ["US"]},
           {"answer": "digital.annual_b2c_sales.US", "value": None},
           {"answer": "digital.annual_b2c_sales.CA", "value": None},
           {"answer": "digital.annual_b2c_sales.MX", "value": 500}]
    assert [w["answer"] for w in shown_reasons(why)] == [
        "export.markets", "digital.annual_b2c_sales.US", "digital.annual_b2c_sales.MX"]
    unknown_targets = why[1:]
    assert shown_reasons(unknown_targets) == unknown_targets
    assert explain_answer("digital.annual_b2c_sales.MX", 812.5, "fr")[1] == f"Mexique: 812,50{NB}$ US"


# 3. NAICS sectors are found by what the business does.

def naics_search(owner: Owner, typed: str) -> str:
    page = owner.submit("profile", {"profile-country": "CA", "profile-employees": "6", "profile-naics-filter": typed,
                                    "action": "filter:profile-naics"})
    assert page.status_code == 200
    return page.text


def sectors(html: str) -> list[str]:
    select = html.split('id="profile-naics"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d\d)"', select)


def status_line(html: str, name: str) -> str:
    found = re.search(rf'<p class="hint" id="{name}-matches" role="status"[^>]*>([^<]*)</p>', html)
    assert found, f"no status line for {name}"
    return found.group(1)


@pytest.mark.parametrize(("typed", "found"), [
    ("software", ["51", "54"]), ("Computer", ["33", "44", "54", "61", "81"]), ("consulting", ["54"]),
    ("restaurants", ["72"]), ("customs brokers", ["48"]),
])
def test_the_naics_search_finds_sectors_by_what_they_do(owner: Owner, typed: str, found: list[str]) -> None:
    owner.start()
    html = naics_search(owner, typed)
    assert sectors(html) == found
    assert status_line(html, "profile-naics") == (f"{len(found)} matches" if len(found) > 1 else "1 match")


@pytest.mark.parametrize(("lang", "typed"), [("es", "sistemas"), ("es", "consultoría"), ("es", "CONSULTORIA"),
                                             ("fr", "informatique"), ("fr", "conseil")])
def test_the_naics_search_works_in_the_pages_language(owner: Owner, lang: str, typed: str) -> None:
    owner.lang = lang
    owner.start()
    assert "54" in sectors(naics_search(owner, typed))


def test_every_sectors_keywords_are_a_list_of_words(app: Flask) -> None:
    with app.app_context():
        naics = current_steps().questions["profile.naics"]
    keywords = {c.value: c.keywords for c in naics.choices if c.keywords}
    assert sorted(keywords) == ["11", "21", "22", "23", "31", "32", "33", "42", "44", "45", "48", "49", "51", "52",
                                "53", "54", "55", "56", "61", "62", "71", "72", "81", "92"]
    for sector, words in keywords.items():
        items = words.split(", ")
        assert len(items) >= 5 and all(item.strip() == item and item for item in items), sector
        assert len(set(items)) == len(items), sector


def test_the_script_gets_the_same_keywords_and_the_count_wording(owner: Owner) -> None:
    owner.start()
    html = owner.get("profile").text
    search = re.search(r'<input [^>]*id="profile-naics-filter"[^>]*>', html).group(0)
    assert 'data-keywords="{' in search and "computer system design" in search  # as search_words reads them
    assert 'data-status="profile-naics-matches"' in search
    assert status_line(html, "profile-naics") == ""  # nothing searched: empty, but there for screen readers
    line = re.search(r'<p class="hint" id="profile-naics-matches"[^>]*>', html).group(0)
    assert 'data-none="0 matches"' in line and 'data-one="1 match"' in line and 'data-many="%(num)d matches"' in line


def test_a_naics_code_still_finds_its_sector(owner: Owner) -> None:
    owner.start()
    assert sectors(naics_search(owner, "337")) == ["33"]
    assert sectors(naics_search(owner, "5415")) == ["54"]


# 4. Professions are found in either gender, and "Another profession" stays.

def profession_search(owner: Owner, typed: str) -> str:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export", "travel")})
    page = owner.submit("travel_details", {"travel-profession-filter": typed, "action": "filter:travel-profession"})
    assert page.status_code == 200
    return page.text


def professions(html: str) -> list[str]:
    select = html.split('id="travel-profession"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([a-z_]+)"', select)


@pytest.mark.parametrize(("lang", "typed", "found"), [
    ("es", "enfermera", ["registered_nurse"]),
    ("es", "ingeniera", ["engineer", "forester"]),
    ("es", "Enfermera registrada", ["registered_nurse"]),
    ("es", "contadora", ["accountant"]),
    ("fr", "infirmière autorisée", ["registered_nurse"]),
    ("fr", "ingenieure", ["engineer"]),
    ("fr", "avocate", ["lawyer"]),
    ("fr", "rédactrice", ["technical_publications_writer"]),
])
def test_a_profession_is_found_by_its_other_form(owner: Owner, lang: str, typed: str, found: list[str]) -> None:
    owner.lang = lang
    html = profession_search(owner, typed)
    assert professions(html) == [*found, "other"]


def test_a_search_that_finds_no_profession_keeps_another_profession(owner: Owner) -> None:
    html = profession_search(owner, "astronaut")
    assert professions(html) == ["other"]
    assert status_line(html, "travel-profession") == "0 matches"
    search = re.search(r'<input [^>]*id="travel-profession-filter"[^>]*>', html).group(0)
    assert 'data-keep="other"' in search


@pytest.mark.parametrize(("lang", "label", "other"), [
    ("es", "Enfermero registrado", "Enfermera registrada"),
    ("es", "Contador", "Contadora"),
    ("es", "Dentista", ""),
    ("fr", "Infirmier autorisé", "Infirmière autorisée"),
    ("fr", "Conseiller en orientation professionnelle", "Conseillère en orientation professionnelle"),
    ("fr", "Agriculteur (y compris agronome)", "Agricultrice (y compris agronome)"),
    ("fr", "Arpenteur", "Arpenteuse"),
    ("fr", "Pharmacien", "Pharmacienne"),
    ("fr", "Enseignant (université)", "Enseignante (université)"),
    ("en", "Registered Nurse", ""),
])
def test_the_other_form_of_a_profession(lang: str, label: str, other: str) -> None:
    assert other_gender(label, lang) == other

