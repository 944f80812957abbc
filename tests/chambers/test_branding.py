"""A chamber's colours reach its pages without breaking contrast or the CSP."""

from __future__ import annotations

import pytest

from app.colors import contrast_ratio, readable_text_color


@pytest.mark.parametrize("color", ["#000000", "#ffffff", "#777777", "#0b4f8a", "#ffcc00", "#e60026", "#00a651"])
def test_the_text_colour_on_a_brand_colour_meets_wcag_aa(color):
    assert contrast_ratio(color, readable_text_color(color)) >= 4.5


def test_the_branding_stylesheet_carries_the_chamber_colours(client, make_chamber):
    make_chamber("brand", primary_color="#ffcc00", accent_color="#123456")
    response = client.get("/brand/branding.css")
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert "--brand: #ffcc00;" in css
    assert "--brand-text: #000000;" in css
    assert "--accent-text: #ffffff;" in css


def test_a_chamber_without_a_logo_has_no_logo_address(client, make_chamber):
    make_chamber("nologo")
    assert client.get("/nologo/logo").status_code == 404


def test_a_chamber_logo_is_served_from_the_instance_folder(app, client, make_chamber, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    make_chamber("logo", logo_filename="logo.png")
    assert client.get("/logo/logo").status_code == 200
    assert 'src="/logo/logo"' in client.get("/logo/en/").get_data(as_text=True)
