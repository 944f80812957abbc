"""French typography for the fr catalog: one way everywhere.

French puts a narrow no-break space (U+202F) before ; : ! ? and inside « »,
and writes the apostrophe ’ (U+2019), never the typewriter one. `french`
returns a text written so; `python -m app.i18n.typography` rewrites every
translation of translations/fr/LC_MESSAGES/messages.po with it (run it after
merging catalogs: tests/test_french_typography.py checks the result).
Pure: Babel only.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

NNBSP = "\u202f"
APOSTROPHE = "\u2019"

# A space (or none) before ; ! ? : that ends a clause: followed by a space,
# a closing mark or the end (so "https://", "10:30" and "?lang=fr" stay).
_BEFORE_PUNCTUATION = re.compile(r"(?<=\S)[ \u00a0\u202f]?([;:!?])(?=[\s»)\"”]|$)")
_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \u00a0\u202f]?")
_BEFORE_CLOSING_GUILLEMET = re.compile(r"[ \u00a0\u202f]?»")
# Placeholders and markup a translation must keep as they are: %(name)s, {name}, <tags>, URLs.
_PROTECTED = re.compile(r"%\([^)]*\)[sd]|\{[^{}]*\}|<[^<>]*>|https?://\S+")


def french(text: str) -> str:
    """`text` with French spacing and apostrophes; placeholders, tags and URLs untouched."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group())
        return f"\ue000{len(kept) - 1}\ue001"  # a word to the rules below, restored after them

    fixed = _fix(_PROTECTED.sub(keep, text))
    return re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], fixed)


def _fix(text: str) -> str:
    text = text.replace("'", APOSTROPHE)
    text = _BEFORE_PUNCTUATION.sub(lambda m: NNBSP + m.group(1), text)
    text = _AFTER_OPENING_GUILLEMET.sub("«" + NNBSP, text)
    return _BEFORE_CLOSING_GUILLEMET.sub(NNBSP + "»", text)


def rewrite_catalog(path: Path) -> int:
    """Every translation of the .po file at `path` through `french`; how many changed."""
    from babel.messages.pofile import read_po, write_po  # noqa: PLC0415  (only this command writes catalogs)

    with path.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    changed = 0
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.string, tuple):
            fixed: str | tuple[str, ...] = tuple(french(s) for s in message.string)
        else:
            fixed = french(message.string)
        if fixed != message.string:
            message.string = fixed
            changed += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, ignore_obsolete=True, include_previous=True)
    return changed


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "translations/fr/LC_MESSAGES/messages.po")
    print(f"{rewrite_catalog(target)} translations rewritten in {target}")
