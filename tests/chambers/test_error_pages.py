"""Error pages speak the visitor's language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("accept", "title"), [("en", "Page not found"), ("es", "Página no encontrada"), ("fr", "Page introuvable")]
)
def test_a_missing_page_outside_any_chamber_uses_the_browser_language(client, accept, title):
    response = client.get("/no/such/page/here", headers={"Accept-Language": accept})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert f'<html lang="{accept}">' in page
    assert title in page


def test_a_missing_page_inside_a_chamber_uses_the_language_of_the_url(client, make_chamber):
    make_chamber("qc", name="Québec")
    response = client.get("/qc/fr/nothing-here", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_a_server_error_shows_a_translated_page(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    response = app.test_client().get("/boom", headers={"Accept-Language": "es"})
    assert response.status_code == 500
    assert "Algo salió mal" in response.get_data(as_text=True)
