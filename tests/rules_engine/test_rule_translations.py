"""Every English text in rules/ is in the Spanish and French catalogs, translated,
under its stable context; placeholders survive translation."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.rules_engine import DEFAULT_ROOT
from app.rules_engine.extract import extract_rules

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def rules_messages() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(DEFAULT_ROOT.rglob("*.yaml")):
        with path.open("rb") as handle:
            for _, _, (context, text), _ in extract_rules(handle, {}, [], {}):
                found.append((path.relative_to(DEFAULT_ROOT).as_posix(), context, text))
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_extractor_gives_each_rule_text_its_stable_context(tmp_path):
    source = tmp_path / "x.yaml"
    source.write_text(
        "area: origin\nrules:\n  - id: origin.a.b\n    title: Do it\n    detail: Because\n", encoding="utf-8"
    )
    with source.open("rb") as handle:
        messages = [(line, context, text) for line, _, (context, text), _ in extract_rules(handle, {}, [], {})]
    assert messages == [(4, "origin.a.b|title", "Do it"), (5, "origin.a.b|detail", "Because")]


def test_test_cases_are_not_extracted(tmp_path):
    source = tmp_path / "x.test.yaml"
    source.write_text("cases: []\n", encoding="utf-8")
    with source.open("rb") as handle:
        assert list(extract_rules(handle, {}, [], {})) == []


@pytest.mark.parametrize("locale", ["es", "fr"])
def test_every_rules_text_is_translated_in_the_catalog(locale):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    missing, fuzzy, broken = [], [], []
    for file, context, text in rules_messages():
        message = catalog.get(text, context=context)
        if message is None or not message.string:
            missing.append(f"{file}: {context}")
        elif message.fuzzy:
            fuzzy.append(f"{file}: {context}")
        elif placeholders(message.string) != placeholders(text):
            broken.append(f"{file}: {context}")
    assert missing == [] and fuzzy == [] and broken == []


@pytest.mark.parametrize(
    ("locale", "written"), [("en", "July 1, 2036"), ("es", "1 de julio de 2036"), ("fr", "1 juillet 2036")]
)
def test_a_date_in_a_rule_text_is_written_for_the_plans_language(locale, written):
    from datetime import date  # noqa: PLC0415

    from app.i18n.catalogs import get_translations  # noqa: PLC0415
    from app.rules_engine import Engine, load_rule_base  # noqa: PLC0415
    from tests.fixtures import example_answers  # noqa: PLC0415

    engine = Engine(load_rule_base(), get_translations)
    plan = engine.evaluate(example_answers("furniture-workshop-mx"), locale, date(2026, 11, 22)).as_dict()
    texts = " ".join(f"{a['title']} {a['detail']}" for a in plan["actions"])
    assert written in texts
    assert "2036-07-01" not in texts
