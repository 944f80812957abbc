"""A chamber can add a local resource for the regulatory area (product rules
and compliance); it shows on the results page of a member it applies to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from app.chambers.models import Chamber
from app.extensions import db
from tests.fixtures import example_answers
from tests.wizard.completed import ResultsPage, open_completed

LABELLING_CLINIC = ["--name", "Labelling clinic", "--url", "https://www.example.org/labels",
                    "--area", "regulatory", "--description-en", "Have your labels checked for each market."]


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, tmp_path: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(tmp_path))


def test_a_regulatory_resource_is_accepted_and_shown_to_a_food_exporter(
    served: Flask, app: Flask, make_chamber: Callable[..., Chamber]
) -> None:
    make_chamber("demo")
    result = app.test_cli_runner().invoke(args=["chambers", "add-resource", "demo", *LABELLING_CLINIC])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    chamber = db.session.scalar(sa.select(Chamber).filter_by(slug="demo"))
    assert chamber.local_resources[0]["areas"] == ["regulatory"]
    opened = open_completed(served, chamber, example_answers("specialty-food-us"), "en")
    page = ResultsPage(opened.client.get(opened.url("results", "en")).text)
    assert page.local_areas == ["regulatory"]
    assert "Labelling clinic" in page.text and "Product rules and compliance" in page.text
