"""The sector search finds what owners type (issue 14): the products they
make or sell, in English, Spanish or French, whatever the page's language,
with or without accents, in the singular or the plural."""

from __future__ import annotations

import pytest
from flask import Flask

from app.wizard import current_steps
from app.wizard.questions import question_view
from app.wizard.search_words import search_terms, search_text


def found(app: Flask, lang: str, typed: str) -> set[str]:
    with app.app_context():
        view = question_view(current_steps().questions["profile.naics"], lang)
        groups, count = view.search(typed, None)
    values = {o.value for _group, options in groups for o in options}
    assert count == len(values)
    return values


# (typed, a sector it must find); each is tried on the page of every language.
OWNERS_WORDS = [
    ("maple syrup", "11"), ("maple syrup", "31"), ("jarabe de arce", "31"), ("sirop d'érable", "11"),
    ("sirop d’erable", "31"), ("honey", "11"), ("miel", "11"), ("Miel", "31"),
    ("auto parts", "33"), ("auto part", "33"), ("piezas para automóviles", "33"), ("pieza para automovil", "33"),
    ("autopartes", "33"), ("refacciones", "33"), ("pièces d'auto", "33"), ("pieces automobiles", "33"),
    ("SaaS", "51"), ("saas", "51"), ("logiciel", "51"), ("logiciels", "54"), ("software", "51"),
    ("aplicaciones móviles", "51"), ("furniture", "33"), ("muebles", "33"), ("meubles", "33"),
    ("tequila", "31"), ("mezcal", "31"), ("craft beer", "31"), ("cerveza artesanal", "31"), ("microbrasserie", "31"),
    ("cheese", "31"), ("quesos", "31"), ("fromage", "31"), ("t-shirts", "31"), ("playeras", "31"),
    ("cosmetics", "32"), ("cosméticos", "32"), ("cosmétique", "32"), ("packaging", "32"), ("empaques", "32"),
    ("avocados", "11"), ("aguacate", "11"), ("avocat", "11"), ("blueberries", "11"), ("bleuets", "11"),
    ("medical devices", "33"), ("dispositivos médicos", "33"), ("dispositif médical", "33"),
    ("online store", "45"), ("tienda en línea", "45"), ("boutique en ligne", "45"), ("e-commerce", "45"),
    ("trucking", "48"), ("autotransporte", "48"), ("camionnage", "48"), ("warehouse", "49"), ("bodegas", "49"),
    ("entrepôt", "49"), ("hotel", "72"), ("hôtels", "72"), ("restaurantes", "72"),
    ("accounting", "54"), ("contabilidad", "54"), ("comptable", "54"), ("translation", "54"), ("traducción", "54"),
    ("mining", "21"), ("minería", "21"), ("minière", "21"), ("solar power", "22"), ("énergie solaire", "22"),
    ("plumbing", "23"), ("plomería", "23"), ("plomberie", "23"), ("wholesale", "42"), ("mayoristas", "42"),
    ("grossiste", "42"), ("insurance", "52"), ("seguros", "52"), ("assurance", "52"),
    ("guardería", "62"), ("garderie", "62"), ("museum", "71"), ("museos", "71"), ("musée", "71"),
    ("car repair", "81"), ("talleres mecánicos", "81"), ("réparation automobile", "81"),
    ("language school", "61"), ("escuela de idiomas", "61"), ("école de langues", "61"),
    ("staffing", "56"), ("reclutamiento", "56"), ("recrutement", "56"), ("holding company", "55"),
    ("real estate", "53"), ("bienes raíces", "53"), ("immobilier", "53"), ("municipalités", "92"),
    ("oeufs", "11"), ("œufs", "11"),
]


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_owners_words_in_any_language_find_their_sector(app: Flask, lang: str) -> None:
    missed = [(typed, sector) for typed, sector in OWNERS_WORDS if sector not in found(app, lang, typed)]
    assert missed == []


def test_every_sector_has_broad_keywords_in_every_language(app: Flask) -> None:
    with app.app_context():
        naics = current_steps().questions["profile.naics"]
        for lang in ("en", "es", "fr"):
            view = question_view(naics, lang)
            for option in view.options:
                own = search_text(option.label)
                # at least 8 words of its own beyond its name, in each language's catalog
                assert len(set(option.searched[2].split()) - set(own.split())) >= 8, (lang, option.value)


def test_a_search_still_narrows_the_list(app: Flask) -> None:
    assert found(app, "en", "maple syrup") == {"11", "31"}
    assert found(app, "es", "piezas para automóviles") == {"33"}
    assert len(found(app, "fr", "logiciel")) <= 3


@pytest.mark.parametrize(("one", "other"), [
    ("auto parts", "auto part"), ("automóviles", "automóvil"), ("piezas", "pieza"), ("logiciels", "logiciel"),
    ("gâteaux", "gâteau"), ("vegetables", "vegetable"), ("Bijoux", "bijou"), ("services", "service"),
    ("ÉRABLE", "erable"), ("œufs", "oeuf"), ("companies", "company"),
])
def test_singular_plural_case_and_accents_read_alike(one: str, other: str) -> None:
    assert search_terms(one) == search_terms(other)


def test_small_words_say_nothing() -> None:
    assert search_terms("piezas para automóviles") == search_terms("piezas automóviles")
    assert search_terms("sirop d’érable") == search_terms("sirop érable")
