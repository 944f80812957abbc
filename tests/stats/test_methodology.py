"""The methodology note: in the reader's language, quoting the configured rules, as HTML and as a real PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app.stats.methodology import methodology_html, methodology_pdf

TITLES = {"en": "Anonymized release tables: methodology", "es": "Tablas anonimizadas", "fr": "Tableaux anonymisés"}


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_note_in_each_language(app, locale: str) -> None:
    html = methodology_html(locale)
    assert f'<html lang="{locale}">' in html and TITLES[locale] in html
    assert "businesses_by_country_sector" in html and "complementary" in html


def test_note_quotes_the_configured_k(make_app) -> None:
    app = make_app(STATS_K=15)
    with app.app_context():
        assert "15" in methodology_html("en")
        assert "fewer than 15 businesses" in methodology_html("en")


def test_pdf(app) -> None:
    pdf = methodology_pdf("fr")
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Tableaux anonymisés" in text and "10" in text
