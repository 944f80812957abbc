"""Merge a fresh template into the catalogs, the way this project wants.

`pybabel update` guesses "fuzzy" translations from any similar English text,
which pairs unrelated messages. Here a message keeps its translation only
when its (context, text) is unchanged; when the text of a message with a
stable id (its context, as every rules text has) changes, the old
translation is carried over marked fuzzy, so a translator reviews it and
the catalog test fails until then. Everything else new starts empty.

Usage: python -m app.i18n.merge TEMPLATE.pot DIRECTORY LOCALE...
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _carry_over_by_context(catalog: Catalog) -> None:
    by_context = {message.context: message for message in catalog.obsolete.values() if message.context}
    for message in catalog:
        old = by_context.get(message.context) if message.context else None
        if old is not None and not message.string and old.string:
            message.string = old.string
            message.flags.add("fuzzy")
            message.previous_id = [old.id] if isinstance(old.id, str) else list(old.id)


def merge(template_path: Path, po_path: Path, locale: str) -> None:
    """Update `po_path` from the template (creating it when missing)."""
    with template_path.open("rb") as handle:
        template = read_po(handle)
    if po_path.exists():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
    else:
        catalog = Catalog(locale=locale, project=template.project, fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    _carry_over_by_context(catalog)
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=0, ignore_obsolete=True, include_previous=True)


def main(argv: list[str]) -> int:
    template, directory, *locales = argv
    for locale in locales:
        merge(Path(template), Path(directory) / locale / "LC_MESSAGES" / "messages.po", locale)
        print(f"updated {locale}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
