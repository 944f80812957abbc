"""A chamber's home page, in each language, and how visitors reach it."""

from __future__ import annotations

import re

import pytest

from app.chambers.services import ensure_demo_chamber

HEADINGS = {
    "en": "Is your business ready to export in North America?",
    "es": "¿Está su empresa lista para exportar en América del Norte?",
    "fr": "Votre entreprise est-elle prête à exporter en Amérique du Nord\u202f?",
}


@pytest.fixture
def chamber(make_chamber):
    return make_chamber(
        "camara-mty",
        name="Monterrey Chamber of Commerce",
        localized_names={"es": "Cámara de Comercio de Monterrey", "fr": "Chambre de commerce de Monterrey"},
        welcome_texts={"es": "Bienvenidos socios."},
    )


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_home_page_is_in_the_language_of_its_url(client, chamber, lang):
    page = client.get(f"/camara-mty/{lang}/").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert HEADINGS[lang] in page


def test_the_home_page_shows_the_chamber_name_and_welcome_in_that_language(client, chamber):
    page = client.get("/camara-mty/es/").get_data(as_text=True)
    assert "Cámara de Comercio de Monterrey" in page
    assert "Bienvenidos socios." in page


def test_a_chamber_without_a_translated_name_shows_its_default_name(client, make_chamber):
    make_chamber("solo", name="Solo Chamber")
    assert "Solo Chamber" in client.get("/solo/fr/").get_data(as_text=True)


def test_every_page_has_a_skip_link_and_landmarks(client, chamber):
    page = client.get("/camara-mty/en/").get_data(as_text=True)
    assert re.search(r'<a class="skip-link" href="#main">', page)
    for landmark in ('<header class="site-header">', '<main id="main"', "<footer", "<nav "):
        assert landmark in page
    assert page.count("<h1") == 1


def test_the_language_switcher_links_to_the_same_page_in_each_language(client, chamber):
    page = client.get("/camara-mty/fr/").get_data(as_text=True)
    for lang in ("en", "es", "fr"):
        assert f'href="/camara-mty/{lang}/"' in page
    assert 'lang="fr" aria-current="true"' in page


def test_the_start_button_is_left_out_until_the_wizard_exists(client, chamber, app):
    page = client.get("/camara-mty/en/").get_data(as_text=True)
    assert ("Start the questionnaire" in page) == ("wizard.start" in app.view_functions)


@pytest.mark.parametrize(("accept", "lang"), [("fr-CA,fr;q=0.9,en;q=0.5", "fr"), ("es-MX", "es"), ("de", "en")])
def test_the_root_redirects_to_the_default_chamber_in_the_browser_language(client, app, accept, lang):
    ensure_demo_chamber()
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/demo/{lang}/"


def test_the_root_honours_an_explicit_language_choice(client, app):
    ensure_demo_chamber()
    response = client.get("/?lang=es", headers={"Accept-Language": "fr"})
    assert response.headers["Location"] == "/demo/es/"


def test_a_chamber_address_without_language_redirects_to_the_browser_language(client, chamber):
    response = client.get("/camara-mty/", headers={"Accept-Language": "es"})
    assert response.headers["Location"] == "/camara-mty/es/"


def test_an_unknown_chamber_is_not_found(client, chamber):
    assert client.get("/nowhere/en/").status_code == 404


def test_an_inactive_chamber_is_not_found(client, make_chamber):
    make_chamber("closed", active=False)
    assert client.get("/closed/en/").status_code == 404


def test_an_unsupported_language_is_not_found(client, chamber):
    assert client.get("/camara-mty/de/").status_code == 404


def test_the_home_page_works_without_javascript(client, chamber):
    page = client.get("/camara-mty/en/").get_data(as_text=True)
    assert "<script" not in page
