"""The PDF in Spanish and French: citations and resource names are proper
names, the same in every language (contracts.md §2); a link to a page in
another language (and a law's name in another language) is marked with that
language; no ISO date in the text; French spacing before a colon."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from app.pdf.render import render_plan_html
from app.pdf.services import pdf_figures, reference_texts
from app.plans.services import build_plan, current_engine
from tests.fixtures import EXAMPLE_NAMES, example_answers
from tests.pdf.conftest import BRANDING, ON, Rendered
from tests.pdf.languages import ISO_DATE, check_page

NBSP = "\u00a0"


def plan_html(answers: dict[str, Any], locale: str) -> tuple[dict[str, Any], str]:
    plan = build_plan(answers, locale, ON).plan
    assert plan is not None
    data = plan.as_dict()
    reference = reference_texts(data, locale)
    return data, render_plan_html(data, BRANDING, locale, pdf_figures(answers), reference)


@pytest.mark.parametrize("locale", ["es", "fr"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_a_spanish_or_french_pdf_marks_links_to_english_only_pages(
    pdf_app: Flask, name: str, locale: str
) -> None:
    _, html = plan_html(example_answers(name), locale)
    others = dict(current_engine().languages(locale))
    page, findings = check_page(html, others)
    assert page.page_lang == locale
    assert {"es": "Fuentes", "fr": "Sources"}[locale] in page.sources_text  # the citations were found
    assert findings.unmarked_links == []
    english_links = [link for link in page.links if link.lang == "en"]
    assert english_links and all(link.hreflang == "en" for link in english_links)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_a_french_pdf_writes_no_iso_date_in_its_text(rendered: Callable[[str, str], Rendered], name: str) -> None:
    text = rendered(name, "fr").text
    assert not ISO_DATE.search(text.replace(rendered(name, "fr").plan["evaluated_on"], ""))


def test_a_spanish_pdf_marks_a_quebec_law_as_french(pdf_app: Flask) -> None:
    _, html = plan_html(example_answers("software-consultancy-ca"), "es")
    page, _ = check_page(html, {})
    french = [m.text for m in page.marked if m.lang == "fr"]
    assert any(text.startswith("Loi sur la protection des renseignements personnels dans le secteur privé") for text in french)


def test_a_french_pdf_links_to_a_french_page_without_marking_it(pdf_app: Flask) -> None:
    _, html = plan_html(example_answers("specialty-food-us"), "fr")
    page, _ = check_page(html, {})
    cbsa = next(link for link in page.links if link.href.endswith("overview-survol-fra.html"))
    assert cbsa.lang is None and cbsa.hreflang is None


@pytest.mark.parametrize(("locale", "separator"), [("en", ": "), ("fr", "\u202f: ")])  # French: U+202F
def test_a_label_and_its_text_are_separated_as_the_language_writes_it(
    pdf_app: Flask, locale: str, separator: str
) -> None:
    _, html = plan_html(example_answers("specialty-food-us"), locale)
    assert f'counselling">Export counselling desk</a>{separator}One-hour meetings' in html
    method = {"en": "Transaction-value method", "fr": "Méthode de la valeur transactionnelle"}[locale]
    assert f"{method}{separator}" in html


@pytest.mark.parametrize(("locale", "expected", "absent"), [
    ("en", "United States and Mexico", "Canada"),
    ("es", "Estados Unidos y México", "Canadá"),
    ("fr", "États-Unis et Mexique", "Canada"),
])
def test_the_cover_names_only_the_markets_targeted(pdf_app: Flask, locale: str, expected: str, absent: str) -> None:
    answers = example_answers("software-consultancy-ca")
    answers["export"]["markets"] = ["US", "MX"]
    _, html = plan_html(answers, locale)
    cover = html.split('class="cover-facts"')[1].split("</table>")[0]
    assert expected in cover and absent not in cover
    front = html.split('class="toc"')[0]  # the cover, before the contents
    assert "Canada and Mexico" not in front and "Canadá y México" not in front and "Canada et Mexique" not in front
