"""Citations and official links: citations and resource names are proper
names, the same in every language (contracts.md §2); a Quebec law is cited by
its official French name, a Mexican law by its Spanish one, each marked with its
language on pages in another; a link opens the page in the plan's language where
one exists; no rule text shown in Spanish or French holds an ISO date or an
article before a profession's name."""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Any

import pytest

from app.i18n.catalogs import get_translations
from app.rules_engine import Engine, RuleBaseError
from app.rules_engine.extract import extract_rules
from app.rules_engine.sources import canonical_citation
from app.rules_engine.texts import Texts
from tests.fixtures import example_answers
from tests.pdf.languages import ISO_DATE
from tests.rules_engine.conftest import MINIMAL_AREA

ON = date(2026, 11, 22)
PRIVATE_SECTOR_FR = "Loi sur la protection des renseignements personnels dans le secteur privé (RLRQ, c. P-39.1)"


def plan(engine: Engine, answers: dict[str, Any], locale: str) -> dict[str, Any]:
    return engine.evaluate(answers, locale, ON).as_dict()


def selling_online_to_quebec() -> dict[str, Any]:
    """The Vermont food maker also selling online to Canadian consumers, with
    an English-only website and Canadian customers' data."""
    answers = example_answers("specialty-food-us")
    answers["export"]["offering"] = ["goods", "digital"]
    digital = dict(example_answers("software-consultancy-ca")["digital"])
    digital.update(annual_b2c_sales={"CA": 60000, "MX": 12000}, data_subject_markets=["CA"], website_languages=["en"])
    answers["digital"] = digital
    return answers


def citations(shown: dict[str, Any]) -> list[str]:
    return [c for action in shown["actions"] for c in action["citations"]]


CHARTER = "Charte de la langue française (RLRQ, c. C-11), articles 51, 52 et 55"


def test_quebec_laws_are_cited_by_their_official_original_names_in_every_language(engine: Engine) -> None:
    """Citations are proper names, never translated (contracts.md §2): a Quebec
    law is cited by its original, French, name, marked as French elsewhere."""
    answers = selling_online_to_quebec()
    for locale in ("en", "es", "fr"):
        shown = citations(plan(engine, answers, locale))
        assert CHARTER in shown
        assert any(c.startswith(PRIVATE_SECTOR_FR) for c in shown)
        assert any(c.startswith("Loi sur la protection du consommateur (RLRQ, c. P-40.1)") for c in shown)
    assert engine.languages("en")[CHARTER] == engine.languages("es")[CHARTER] == "fr"
    assert CHARTER not in engine.languages("fr")


def test_mexican_laws_keep_their_spanish_names_and_are_marked_spanish_elsewhere(engine: Engine) -> None:
    shown = citations(plan(engine, example_answers("software-consultancy-ca"), "fr"))
    chapter = "Ley Federal de Protección al Consumidor, Capítulo VIII Bis"
    assert chapter in shown and engine.languages("fr")[chapter] == "es"
    assert chapter not in engine.languages("es")


def test_a_french_plan_links_to_the_french_page_where_one_exists(engine: Engine) -> None:
    answers = example_answers("specialty-food-us")
    english = {r["name"]: r["url"] for a in plan(engine, answers, "en")["actions"] for r in a["resources"]}
    french = {r["name"]: r["url"] for a in plan(engine, answers, "fr")["actions"] for r in a["resources"]}
    assert english.keys() == french.keys()  # the same names: proper names
    assert "https://www.cbsa-asfc.gc.ca/services/cusma-aceum/overview-survol-fra.html" in french.values()
    assert "https://www.cbsa-asfc.gc.ca/services/cusma-aceum/overview-survol-fra.html" not in english.values()


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_every_link_to_a_page_in_another_language_is_marked(engine: Engine, locale: str) -> None:
    for resource in engine.base.resources.values():
        page = resource.lang_for(locale)
        assert page == locale or engine.languages(locale)[resource.url_for(locale)] == page


def test_a_page_in_another_language_without_its_title_there_is_refused(load) -> None:
    text = MINIMAL_AREA.replace("    names: {es: Agencia Federal de Pequeños Negocios — Guía de negocios}\n", "")
    with pytest.raises(RuleBaseError, match=r"financing/core\.yaml:\d+: resource 'sba_export': a page in another"):
        load({"financing/core.yaml": text})


def test_a_resources_own_language_is_its_name_and_url_not_an_other_one(load) -> None:
    text = MINIMAL_AREA.replace("    country: US\n", "    country: US\n    lang: es\n", 1)
    with pytest.raises(RuleBaseError, match=r"resource 'sba_export': its 'es' page is `url`"):
        load({"financing/core.yaml": text})


def test_citations_are_not_extracted_for_translation(tmp_path) -> None:
    source = tmp_path / "x.yaml"
    source.write_text(
        "area: origin\nrules:\n  - id: origin.a.b\n    title: Do it\n    detail: Because\n"
        "    citations:\n      - USMCA Art. 5.2\n      - {fr: Loi sur les douanes, en: Customs Act}\n",
        encoding="utf-8",
    )
    with source.open("rb") as handle:
        messages = [text for _, _, (_, text), _ in extract_rules(handle, {}, [], {})]
    assert messages == ["Do it", "Because"]


def rule_texts(engine: Engine, locale: str) -> list[tuple[str, str]]:
    """Every text of every rule as a plan in `locale` shows it (placeholders
    left in place), its citations, and the descriptions of its parameters."""
    texts = Texts(engine.base, locale, get_translations(locale))
    found = []
    for area in engine.base.areas:
        for rule in area.rules:
            found.append((rule.id, texts.get(rule.id + "|title", rule.title)))
            found.append((rule.id, texts.get(rule.id + "|detail", rule.detail)))
            found += [(rule.id, canonical_citation(c)) for c in rule.citations]
    for table in engine.base.tables.values():
        for key, row in table.rows.items():
            found += [(f"{table.name}.{key}", str(texts.cell(table.name, key, c.name, row[c.name])))
                      for c in table.columns if c.type == "text" and row.get(c.name)]
    return found


@pytest.mark.parametrize("locale", ["es", "fr"])
def test_no_rule_text_shown_in_spanish_or_french_holds_an_iso_date(engine: Engine, locale: str) -> None:
    assert [(where, text) for where, text in rule_texts(engine, locale) if ISO_DATE.search(text)] == []


@pytest.mark.parametrize(
    ("locale", "written"), [("en", "June 1, 2025"), ("es", "1 de junio de 2025"), ("fr", "1 juin 2025")]
)
def test_the_quebec_trademark_date_is_written_in_the_plans_language(engine: Engine, locale: str, written: str) -> None:
    action = next(a for a in plan(engine, selling_online_to_quebec(), locale)["actions"]
                  if a["id"] == "digital_trade.language_qc.add_french")
    assert written in action["detail"] and "2025-06-01" not in action["detail"]


def test_no_rule_puts_an_article_before_the_profession(engine: Engine) -> None:
    article = {"en": re.compile(r"\b(a|an)\s+\{"), "es": re.compile(r"\b(un|una|el|la)\s+\{profession\}"),
               "fr": re.compile(r"\b(un|une|le|la)\s+\{profession\}")}
    for locale in ("en", "es", "fr"):
        texts = Texts(engine.base, locale, get_translations(locale))
        for area in engine.base.areas:
            for rule in area.rules:
                for text in (texts.get(rule.id + "|title", rule.title), texts.get(rule.id + "|detail", rule.detail)):
                    assert not article[locale].search(text), (rule.id, locale, text)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "Gather proof of the credential the list asks for this profession (Industrial Designer)"),
        ("es", "para esta profesión (Diseñador industrial)"),
        ("fr", "pour cette profession (Dessinateur industriel)"),
    ],
)
def test_the_credential_titles_name_the_profession_without_an_article(engine: Engine, locale: str, expected: str) -> None:
    answers = example_answers("software-consultancy-ca")
    answers["travel"]["profession"] = "industrial_designer"
    titles = [a["title"] for a in plan(engine, answers, locale)["actions"]]
    assert any(expected in title for title in titles), titles
    assert not [t for t in titles if "a Industrial Designer" in t]


def test_every_placeholder_of_a_reworded_title_survives_its_translations() -> None:
    for locale in ("es", "fr"):
        catalog = get_translations(locale)
        title = "Check the licence needed to practise this profession ({profession}) in the destination"
        shown = catalog.pgettext("temporary_entry.tn.check_licensing|title", title)
        assert shown != title
        assert {n for _, n, _, _ in string.Formatter().parse(shown) if n} == {"profession"}


def test_french_rule_texts_and_citations_put_a_space_before_a_colon(engine: Engine) -> None:
    glued = re.compile(r"[^\s\u00a0\u202f]:(?!//)(?=\s|$)")
    assert [(where, text) for where, text in rule_texts(engine, "fr") if glued.search(text)] == []
