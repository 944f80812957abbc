"""A chamber's own local resources: added from the command line with their
descriptions in three languages, refused when unsafe or unknown, and shown in
its members' plans (results page and PDF) for the areas that apply."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from app.audit.models import AuditEvent
from app.chambers.models import Chamber
from app.chambers.services import chamber_view
from app.extensions import db
from app.pdf.services import branding_for_chamber
from tests.fixtures import example_answers
from tests.pdf.conftest import pdf_text
from tests.wizard.completed import ResultsPage, open_completed

COUNSELLING = ["--name", "Export counselling desk", "--url", "https://www.example.org/counselling",
               "--area", "temporary_entry", "--area", "digital_trade",
               "--description-en", "Free meetings with a trade adviser.",
               "--description-es", "Reuniones gratuitas con un asesor comercial."]
ORIGIN_CLINIC = ["--name", "Rules-of-origin clinic", "--url", "https://www.example.org/origin",
                 "--area", "origin", "--description-en", "Help with certifications of origin."]


def add(app: Flask, slug: str, arguments: list[str]):
    return app.test_cli_runner().invoke(args=["chambers", "add-resource", slug, *arguments])


def stored(slug: str) -> Chamber:
    db.session.expire_all()
    return db.session.scalar(sa.select(Chamber).filter_by(slug=slug))


def test_a_resource_is_added_with_its_descriptions_and_areas(app: Flask, make_chamber) -> None:
    make_chamber("qc")
    result = add(app, "qc", COUNSELLING)
    assert result.exit_code == 0, result.output
    assert stored("qc").local_resources == [{
        "name": "Export counselling desk", "url": "https://www.example.org/counselling",
        "description": {"en": "Free meetings with a trade adviser.", "es": "Reuniones gratuitas con un asesor comercial."},
        "areas": ["temporary_entry", "digital_trade"],
    }]
    assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.action == "chamber.resource_added"))


def test_the_view_gives_the_description_in_the_language_else_english(app: Flask, make_chamber) -> None:
    make_chamber("qc")
    add(app, "qc", COUNSELLING)
    assert chamber_view(stored("qc"), "es").local_resources[0]["description"].startswith("Reuniones")
    assert chamber_view(stored("qc"), "fr").local_resources[0]["description"].startswith("Free meetings")


@pytest.mark.parametrize("url", ["http://www.example.org/counselling", "javascript:alert(1)", "https://", "www.example.org"])
def test_a_url_that_is_not_https_is_refused(app: Flask, make_chamber, url: str) -> None:
    make_chamber("qc")
    arguments = [*COUNSELLING]
    arguments[arguments.index("--url") + 1] = url
    result = add(app, "qc", arguments)
    assert result.exit_code != 0 and "https://" in result.output
    assert stored("qc").local_resources == []


def test_an_unknown_area_is_refused(app: Flask, make_chamber) -> None:
    make_chamber("qc")
    result = add(app, "qc", [*ORIGIN_CLINIC, "--area", "tourism"])
    assert result.exit_code != 0 and "tourism" in result.output and "origin, temporary_entry" in result.output
    assert stored("qc").local_resources == []


def test_an_unknown_chamber_or_a_second_resource_of_the_same_name_is_refused(app: Flask, make_chamber) -> None:
    assert add(app, "nowhere", COUNSELLING).exit_code != 0
    make_chamber("qc")
    assert add(app, "qc", COUNSELLING).exit_code == 0
    again = add(app, "qc", COUNSELLING)
    assert again.exit_code != 0 and "already has" in again.output


def test_a_resource_can_be_listed_and_removed(app: Flask, make_chamber) -> None:
    make_chamber("qc")
    add(app, "qc", COUNSELLING)
    runner = app.test_cli_runner()
    assert "Export counselling desk" in runner.invoke(args=["chambers", "resources", "qc"]).output
    assert runner.invoke(args=["chambers", "remove-resource", "qc", "--name", "Export counselling desk"]).exit_code == 0
    assert stored("qc").local_resources == []


def test_the_pdf_branding_carries_the_chambers_resources(app: Flask, make_chamber, tmp_path: Path) -> None:
    make_chamber("qc")
    add(app, "qc", COUNSELLING)
    branding = branding_for_chamber(chamber_view(stored("qc"), "es"), tmp_path)
    assert [r["name"] for r in branding["local_resources"]] == ["Export counselling desk"]
    assert branding["local_resources"][0]["description"].startswith("Reuniones")


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, tmp_path: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(tmp_path))


@pytest.fixture
def chamber_with_resources(app: Flask, make_chamber) -> Chamber:
    make_chamber("demo", name="Québec City Chamber", localized_names={"es": "Cámara de Quebec"})
    assert add(app, "demo", COUNSELLING).exit_code == 0
    assert add(app, "demo", ORIGIN_CLINIC).exit_code == 0
    return stored("demo")


@pytest.mark.parametrize(("locale", "heading", "description"), [
    ("en", "From Québec City Chamber", "Free meetings with a trade adviser."),
    ("es", "Cámara de Quebec", "Reuniones gratuitas con un asesor comercial."),
])
def test_the_results_page_shows_the_resources_of_the_areas_that_apply(
    served: Flask, chamber_with_resources: Chamber, locale: str, heading: str, description: str
) -> None:
    # The consultancy travels and sells online but ships no goods: no origin advice.
    opened = open_completed(served, chamber_with_resources, example_answers("software-consultancy-ca"), locale)
    page = ResultsPage(opened.client.get(opened.url("results", locale)).text)
    assert page.local_areas == ["temporary_entry", "digital_trade"]
    assert heading in page.text and description in page.text
    assert "Rules-of-origin clinic" not in page.text


def test_the_pdf_lists_the_resources_of_the_areas_that_apply(served: Flask, chamber_with_resources: Chamber) -> None:
    opened = open_completed(served, chamber_with_resources, example_answers("software-consultancy-ca"), "en")
    text = pdf_text(opened.client.get(opened.url("plan.pdf", "en")).data)
    assert "Help from your chamber" in text and "Export counselling desk" in text
    assert "Free meetings with a trade adviser." in text
    assert "Rules-of-origin clinic" not in text


def test_a_chamber_without_resources_shows_no_block(served: Flask, make_chamber) -> None:
    opened = open_completed(served, make_chamber("demo"), example_answers("furniture-workshop-mx"), "en")
    page = ResultsPage(opened.client.get(opened.url("results", "en")).text)
    assert page.local_areas == [] and "From " not in page.text


def test_a_resource_added_while_members_browse_shows_on_their_next_page(
    served: Flask, app: Flask, make_chamber
) -> None:
    opened = open_completed(served, make_chamber("demo"), example_answers("software-consultancy-ca"), "en")
    assert ResultsPage(opened.client.get(opened.url("results", "en")).text).local_areas == []
    assert add(app, "demo", COUNSELLING).exit_code == 0
    page = ResultsPage(opened.client.get(opened.url("results", "en")).text)
    assert page.local_areas == ["temporary_entry", "digital_trade"]
