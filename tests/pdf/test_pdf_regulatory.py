"""The regulatory area in the plan and its PDF: a score, a section with its
actions in the plan's language, and a plan that still meets its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from app.i18n.catalogs import get_translations
from app.plans import areas
from tests.pdf.conftest import normalized

PLAN_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "app/plans/plan.schema.json").read_text())


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_the_food_exporters_pdf_has_a_regulatory_section_with_its_actions(rendered, locale):
    result = rendered("specialty-food-us", locale)
    gettext = get_translations(locale).gettext
    assert isinstance(result.plan["scores"]["regulatory"], int)
    assert normalized(gettext(areas.AREA_NAMES["regulatory"])) in result.text
    titles = {a["id"]: a["title"] for a in result.plan["actions"]}
    for action in ("regulatory.food_ca.sfc_licence", "regulatory.food_mx.nom051_label"):
        assert normalized(titles[action]) in result.text, action
    assert "NOM-051-SCFI/SSA1-2010" in result.text
    assert "regulatory.food_us.register_facility" not in titles  # no FDA advice: it does not sell to the US


@pytest.mark.parametrize("name", ["specialty-food-us", "furniture-workshop-mx", "software-consultancy-ca"])
def test_every_sample_plan_scores_the_regulatory_area_and_meets_the_plan_schema(rendered, name):
    plan = rendered(name, "en").plan
    assert "regulatory" in plan["scores"]
    jsonschema.validate(plan, PLAN_SCHEMA)


def test_a_plan_without_the_regulatory_score_still_meets_the_schema(rendered):
    plan = json.loads(json.dumps(rendered("specialty-food-us", "en").plan))
    del plan["scores"]["regulatory"]
    jsonschema.validate(plan, PLAN_SCHEMA)
