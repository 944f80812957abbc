"""Numbers, money and dates are written for each language's readers: the
United States in English, Mexico in Spanish, Canada in French, everywhere the
portal writes one (pages, plan texts, the PDF, validation messages, catalogs)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.answers.validation import validate_answers
from app.i18n import formats
from app.i18n.catalogs import format_locale, get_translations
from app.pdf.context import Formatter
from app.rules_engine.texts import number_formatter
from tests.fixtures import example_answers

NB = "\u00a0"
CATALOGS = Path(__file__).resolve().parents[1] / "translations"
EXPECTED = {"en": "1,500.5", "es": "1,500.5", "fr": f"1{NB}500,5"}
JULY_1 = {"en": "July 1, 2036", "es": "1 de julio de 2036", "fr": "1 juillet 2036"}


def test_each_page_language_has_the_conventions_of_its_audience() -> None:
    assert [format_locale(lang) for lang in ("en", "es", "fr")] == ["en_US", "es_MX", "fr_CA"]
    assert format_locale("de") == "en_US"


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_a_number_reads_the_same_in_the_pages_the_plan_texts_and_the_pdf(lang: str) -> None:
    assert formats.format_number(1500.5, lang, formats.AMOUNT) == EXPECTED[lang]
    assert number_formatter(lang)(1500.5) == EXPECTED[lang]
    assert Formatter(lang, get_translations(lang)).number(1500.5) == EXPECTED[lang]


def test_spanish_is_written_the_mexican_way_not_the_spanish_one() -> None:
    assert formats.format_number(100000, "es") == "100,000"
    assert formats.format_number(1500, "es") == "1,500"
    assert Formatter("es", get_translations("es")).money(1500.5) == "1,500.50"
    assert formats.format_percent(62.5, "es") == "62.5%"


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_dates_keep_reading_as_before(lang: str) -> None:
    assert formats.format_date(date(2036, 7, 1), lang) == JULY_1[lang]
    assert Formatter(lang, get_translations(lang)).date(date(2036, 7, 1)) == JULY_1[lang]


def test_validation_messages_write_limits_the_mexican_way() -> None:
    document = example_answers("furniture-workshop-mx")
    document["profile"]["employees"] = 200000
    messages = [p.message for p in validate_answers(document, "es")]
    assert any("100,000" in m for m in messages) and not any("100.000" in m for m in messages)


def _translations(lang: str) -> list[tuple[str, str]]:
    with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    return [(m.id, m.string) for m in catalog if m.id and isinstance(m.string, str) and m.string]


def _foreign(pattern: str, lang: str) -> list[str]:
    """Numbers of `pattern` in a translation that its English source does not
    hold as they are (codes such as 9403.60 are written alike everywhere)."""
    return [found for source, text in _translations(lang) for found in re.findall(pattern, text) if found not in source]


def test_spanish_translations_group_thousands_with_commas_and_use_a_decimal_point() -> None:
    assert _foreign(r"\d{1,3}(?:\.\d{3})+(?![\d,])", "es") == []  # 1.500 (Spain)
    assert _foreign(r"\d,\d{1,2}(?!\d)", "es") == []  # 12,5 (Spain)
    assert _foreign(r"(?:\d|\})[ \u00a0]%", "es") == []  # 16 % (Spain); Mexico writes 16%


def test_french_translations_group_thousands_with_spaces_and_use_a_decimal_comma() -> None:
    assert _foreign(r"\d{1,3}(?:,\d{3})+(?!\d)", "fr") == []  # 1,500 (English)
    assert _foreign(r"\d{1,3}(?: \d{3})+(?!\d)", "fr") == []  # a breakable space between groups
    assert _foreign(r"\d\.\d{1,2}(?!\d)", "fr") == []  # 1500.50 (English)
