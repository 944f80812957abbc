"""The results page in Spanish and French: links to pages in another language
(and laws' names in another language) marked with it (WCAG 3.1.2; citations
and resource names stay proper names, contracts.md §2), no ISO date in the
sources, French spacing before a colon."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from app.chambers.models import Chamber
from app.plans.services import current_engine
from tests.fixtures import EXAMPLE_NAMES, example_answers
from tests.pdf.languages import ISO_DATE, PageLanguages, check_page
from tests.wizard.completed import open_completed

NBSP = "\u00a0"
COUNSELLING = {
    "name": "Export counselling desk",
    "url": "https://www.example.org/counselling",
    "description": {"en": "Free meetings with a trade adviser.", "fr": "Rencontres gratuites avec un conseiller."},
    "areas": [],
}


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, tmp_path: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(tmp_path / "pdf-cache"))


def results_page(served: Flask, chamber: Chamber, name: str, locale: str) -> str:
    opened = open_completed(served, chamber, example_answers(name), locale)
    response = opened.client.get(opened.url("results", locale))
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("locale", ["es", "fr"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_links_of_a_spanish_or_french_results_page_to_english_pages_are_marked(
    served: Flask, make_chamber: Callable[..., Chamber], name: str, locale: str
) -> None:
    html = results_page(served, make_chamber(), name, locale)
    with served.app_context():
        others = dict(current_engine().languages(locale))
    page, findings = check_page(html, others)
    assert page.page_lang == locale
    assert {"es": "Fuente", "fr": "Source"}[locale] in page.sources_text  # the citations were found
    assert findings.unmarked_links == []
    english_links = [link for link in page.links if link.lang == "en"]
    assert english_links and all(link.hreflang == "en" for link in english_links)
    assert not ISO_DATE.search(page.sources_text)


def test_a_spanish_results_page_marks_a_quebec_law_as_french(
    served: Flask, make_chamber: Callable[..., Chamber]
) -> None:
    page = PageLanguages(results_page(served, make_chamber(), "software-consultancy-ca", "es"))
    french = [m.text for m in page.marked if m.lang == "fr"]
    assert any(t.startswith("Loi sur la protection des renseignements personnels dans le secteur privé") for t in french)


def test_a_french_results_page_links_to_the_french_page_where_one_exists(
    served: Flask, make_chamber: Callable[..., Chamber]
) -> None:
    page = PageLanguages(results_page(served, make_chamber(), "specialty-food-us", "fr"))
    cbsa = next(link for link in page.links if link.href.endswith("overview-survol-fra.html"))
    assert cbsa.lang is None and cbsa.hreflang is None


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", 'counselling">Export counselling desk</a>: Free meetings with a trade adviser.'),
    ("fr", 'counselling">Export counselling desk</a>\u202f: Rencontres gratuites avec un conseiller.'),
])
def test_a_chamber_resource_and_its_description_are_separated_as_the_language_writes_it(
    served: Flask, make_chamber: Callable[..., Chamber], locale: str, expected: str
) -> None:
    chamber = make_chamber(local_resources=[COUNSELLING])
    assert expected in results_page(served, chamber, "specialty-food-us", locale)
