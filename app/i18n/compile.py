"""Compile the catalogs (.po → .mo), checking what can be checked.

Like `pybabel compile --statistics`, with one difference: Babel flags any
text containing something like "60% of" as a %-format string and then
rejects a translation that writes "60 % de". Texts that come only from
`rules/` are filled with `str.format` ({name} placeholders, which their own
test checks), never with `%`, so for them that check does not apply; texts
from code and templates keep every Babel check.

Usage: python -m app.i18n.compile DIRECTORY LOCALE...
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"


def only_from_rules(message: Message) -> bool:
    return bool(message.locations) and all(path.startswith("rules/") for path, _ in message.locations)


def check(catalog: Catalog, po_path: Path) -> list[str]:
    """Babel's checks, except %-format checks on texts from rules/."""
    for message in catalog:
        if only_from_rules(message):
            message.flags.discard("python-format")
    return [f"{po_path}:{message.lineno}: {error}" for message, errors in catalog.check() for error in errors]


def compile_locale(directory: Path, locale: str) -> tuple[list[str], str]:
    po_path = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    errors = check(catalog, po_path)
    messages = [m for m in catalog if m.id]
    translated = sum(1 for m in messages if m.string and not m.fuzzy)
    if not errors:
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
    return errors, f"{translated} of {len(messages)} messages translated in {po_path}"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    directory, failed = Path(argv[0]), False
    for locale in argv[1:]:
        errors, statistics = compile_locale(directory, locale)
        print(statistics)
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
        failed |= bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
