"""Compiling the catalogs: every check for code strings, none of %-format for rule texts."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from app.i18n.catalogs import TRANSLATIONS_DIR
from app.i18n.compile import compile_locale


def write_catalog(folder: Path, messages: list[tuple[str, str, str]]) -> Path:
    catalog = Catalog(locale="fr")
    for msgid, msgstr, location in messages:
        catalog.add(msgid, msgstr, locations=[(location, 1)])
    path = folder / "fr" / "LC_MESSAGES"
    path.mkdir(parents=True)
    with (path / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    return folder


def test_the_projects_catalogs_compile_without_errors():
    for locale in ("es", "fr"):
        errors, _ = compile_locale(TRANSLATIONS_DIR, locale)
        assert errors == []


def test_a_code_string_whose_translation_breaks_a_placeholder_is_refused(tmp_path):
    folder = write_catalog(tmp_path, [("Contact %(chamber)s", "Contacter %(chambre)s", "app/templates/base.html")])
    errors, _ = compile_locale(folder, "fr")
    assert len(errors) == 1
    assert not (folder / "fr" / "LC_MESSAGES" / "messages.mo").exists()


def test_a_percent_sign_in_a_rule_text_is_a_percent_sign(tmp_path):
    folder = write_catalog(tmp_path, [("Charge {gst}% on each sale", "Percevez {gst} % sur chaque vente", "rules/x.yaml")])
    errors, _ = compile_locale(folder, "fr")
    assert errors == []
    assert (folder / "fr" / "LC_MESSAGES" / "messages.mo").exists()
