"""The regulatory area on the results page: its score card and its actions,
named in the page's language, for the sample food exporter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from app.chambers.models import Chamber
from app.i18n.catalogs import get_translations
from app.plans import areas
from tests.fixtures import example_answers
from tests.wizard.completed import open_completed


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, tmp_path: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(tmp_path / "pdf-cache"))


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_the_food_exporters_results_page_shows_the_regulatory_area_and_its_actions(
    served: Flask, make_chamber: Callable[..., Chamber], locale: str
) -> None:
    opened = open_completed(served, make_chamber(), example_answers("specialty-food-us"), locale)
    html = opened.client.get(opened.url("results", locale)).text
    name = get_translations(locale).gettext(areas.AREA_NAMES["regulatory"])
    assert locale == "en" or name != areas.AREA_NAMES["regulatory"], "the area's name is translated"
    assert f'<span class="score-name">{name}</span>' in html
    for action in ("regulatory.food_ca.sfc_licence", "regulatory.food_mx.nom051_label"):
        assert f'data-action-id="{action}"' in html
    assert f'<span class="tag">{name}</span>' in html
    assert 'data-action-id="regulatory.food_us.register_facility"' not in html  # it sells to Canada and Mexico only
