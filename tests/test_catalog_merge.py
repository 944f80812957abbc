"""`make translations` keeps, flags or clears translations as texts change."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from app.i18n.merge import merge


def _write(path, messages, locale=None):
    catalog = Catalog(locale=locale)
    for msgid, string, context in messages:
        catalog.add(msgid, string, context=context)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def _merged(tmp_path, old, new):
    po, pot = tmp_path / "es.po", tmp_path / "messages.pot"
    _write(po, old, "es")
    _write(pot, new)
    merge(pot, po, "es")
    with po.open("rb") as handle:
        return {(m.context, m.id): m for m in read_po(handle) if m.id}


def test_an_unchanged_message_keeps_its_translation(tmp_path):
    merged = _merged(tmp_path, [("Home", "Inicio", None)], [("Home", "", None)])
    assert merged[(None, "Home")].string == "Inicio"
    assert not merged[(None, "Home")].fuzzy


def test_a_changed_text_with_the_same_id_keeps_its_translation_marked_fuzzy(tmp_path):
    merged = _merged(
        tmp_path, [("Open an account", "Abra una cuenta", "rule.bank")], [("Open a business account", "", "rule.bank")]
    )
    message = merged[("rule.bank", "Open a business account")]
    assert message.string == "Abra una cuenta"
    assert message.fuzzy


def test_a_similar_text_without_an_id_is_not_guessed(tmp_path):
    merged = _merged(tmp_path, [("Must be %(type)s.", "Debe ser %(type)s.", None)], [("Must be %(kind)s.", "", None)])
    assert merged[(None, "Must be %(kind)s.")].string == ""
