"""The translations read as their language writes (issue 14): French
typography in the fr catalog, no article missing before a chamber's name,
no English words in Spanish or French answer choices."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app.i18n.typography import NNBSP, french

ROOT = Path(__file__).resolve().parents[1]


@cache
def catalog(lang: str) -> Catalog:
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def translations(lang: str) -> list[tuple[str | None, str, str]]:
    found = []
    for message in catalog(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        found += [(message.context, msgid, s) for s in strings if s]
    return found


def test_every_french_translation_has_french_spacing_and_apostrophes() -> None:
    wrong = [(msgid[:60], text[:80]) for _context, msgid, text in translations("fr") if french(text) != text]
    assert wrong == [], "run: python -m app.i18n.typography"


@pytest.mark.parametrize(("typed", "written"), [
    ("marché : le Canada", f"marché{NNBSP}: le Canada"), ("Oui!", f"Oui{NNBSP}!"), ("Quoi ?", f"Quoi{NNBSP}?"),
    ("$ CA; le Mexique", f"$ CA{NNBSP}; le Mexique"), ("« Divers »", f"«{NNBSP}Divers{NNBSP}»"),
    ("l'aide", "l’aide"), ("https://x.ca/?lang=fr", "https://x.ca/?lang=fr"), ("à 10:30", "à 10:30"),
    ("%(country)s : %(message)s", f"%(country)s{NNBSP}: %(message)s"), ("<a href='x'>", "<a href='x'>"),
])
def test_french_typography_rules(typed: str, written: str) -> None:
    assert french(typed) == written
    assert french(written) == written


# The messages that insert a chamber's name, as typed by its staff ("Chambre de
# commerce de Montréal", "Cámara de Comercio de Monterrey"): no sentence may need
# an article before it ("de la", "a la"), so the name follows a colon.
CHAMBER_NAMES = re.compile(r"%\((chamber|name)\)s")


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_a_chambers_name_is_never_inserted_where_an_article_belongs(lang: str) -> None:
    chamber_messages = [(msgid, text) for _c, msgid, text in translations(lang)
                        if "%(chamber)s" in msgid or re.search(r"chamber %\(name\)s|%\(name\)s offers|Logo of", msgid)]
    assert len(chamber_messages) >= 8
    for msgid, text in chamber_messages:
        for match in CHAMBER_NAMES.finditer(text):
            before = text[:match.start()].rstrip(" \u00a0\u202f")
            assert before.endswith(":"), (msgid, text)


ENGLISH = re.compile(r"\b(bachelor|degree|college|blanket|master's|high school|school|the|and|or)\b", re.I)


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_no_english_word_in_the_answer_choices(lang: str) -> None:
    choices = [(context, text) for context, _msgid, text in translations(lang)
               if context and re.fullmatch(r"(question\.[\w.]+\.[\w]+|list\.\w+\.[\w-]+|tn_professions\.\w+\.name)", context)]
    assert len(choices) > 100
    assert [(c, t) for c, t in choices if ENGLISH.search(t)] == []
