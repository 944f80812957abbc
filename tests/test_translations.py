"""Every message the project extracts is translated into Spanish and French."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app.i18n.catalogs import get_translations

ROOT = Path(__file__).resolve().parents[1]
# The same keywords as `make translations` passes to pybabel extract.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
    "_l": None,
    "lazy_gettext": None,
}


def extracted_messages() -> dict[tuple[str | None, str], str]:
    """(context, msgid) → where it comes from, for every extractable message."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found[(context, msgid)] = f"{filename}:{lineno}"
    return found


@pytest.fixture(scope="module")
def messages() -> dict[tuple[str | None, str], str]:
    return extracted_messages()


@pytest.mark.parametrize("locale", ["es", "fr"])
def test_every_message_has_a_translation_that_is_not_fuzzy(locale, messages):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    missing = []
    for (context, msgid), where in sorted(messages.items(), key=lambda item: item[1]):
        entry = catalog.get(msgid, context=context)
        strings = [] if entry is None else ([entry.string] if isinstance(entry.string, str) else entry.string)
        if entry is None or entry.fuzzy or not all(strings):
            state = "missing" if entry is None else ("fuzzy" if entry.fuzzy else "untranslated")
            missing.append(f"{where}: {state}: {msgid!r}")
    assert not missing, f"{len(missing)} {locale} entries need work (run `make translations`):\n" + "\n".join(
        missing[:40]
    )


def test_the_compiled_spanish_catalog_is_used_outside_a_request():
    assert get_translations("es").gettext("Page not found") == "Página no encontrada"


def test_an_unknown_locale_falls_back_to_english():
    assert get_translations("de").gettext("Page not found") == "Page not found"


def _gettext_aliases(source: str) -> list[tuple[int, str]]:
    """(line, name) of each `name = <something>.gettext` (or ngettext…) whose
    name pybabel does not extract: a literal passed to it is never translated."""
    aliases = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Assign):
            continue
        value = node.value
        called = value.attr if isinstance(value, ast.Attribute) else value.id if isinstance(value, ast.Name) else None
        if called not in KEYWORDS:
            continue
        aliases += [(node.lineno, t.id) for t in node.targets if isinstance(t, ast.Name) and t.id not in KEYWORDS]
    return aliases


def test_no_gettext_function_hides_under_a_name_pybabel_does_not_extract():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        for line, name in _gettext_aliases(path.read_text(encoding="utf-8"))
    ]
    assert not found, "call it gettext (or _) so that its texts are extracted:\n" + "\n".join(found)


def test_the_alias_check_sees_a_short_alias():
    assert _gettext_aliases("g = fmt.gettext\ngettext = fmt.gettext\nt = x.ngettext\n") == [(1, "g"), (3, "t")]
