"""Compiled gettext catalogs for code that runs outside a request.

Pure Python (no Flask): the answers validator, the rules engine and the CLI
translate through `get_translations`, the web pages through Flask-Babel; both
read the same `translations/` directory, domain `messages`.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from babel.support import Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
DOMAIN = "messages"
DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES = ("en", "es", "fr")
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français"}
# Numbers, money and dates follow the portal's audience, not the catalog's
# language: Babel's plain `es` writes Spain's 1.500,5, Mexico writes 1,500.5.
FORMAT_LOCALES = {"en": "en_US", "es": "es_MX", "fr": "fr_CA"}


def format_locale(lang: str) -> str:
    """The Babel locale numbers and dates of a page in `lang` are written in
    (en_US, es_MX, fr_CA); a language the portal does not speak gets English's."""
    return FORMAT_LOCALES.get(lang, FORMAT_LOCALES[DEFAULT_LOCALE])


@cache
def get_translations(locale: str) -> Translations:
    """The catalog for `locale`; English (the source language) is identity.

    An unknown locale, or one whose catalog has not been compiled, gives
    untranslated (English) strings rather than an error.
    """
    translations = Translations.load(str(TRANSLATIONS_DIR), [locale], DOMAIN)
    if isinstance(translations, Translations):
        return translations
    # Translations.load returns NullTranslations when no .mo exists; callers
    # are promised a Translations, which behaves the same with no catalog.
    return Translations(fp=None, domain=DOMAIN)


@cache
def catalog_digest(locale: str, directory: Path = TRANSLATIONS_DIR) -> str:
    """A hash of the compiled catalog `locale` is translated with ("" when it
    has none): what a cached rendering must be keyed on besides its inputs."""
    compiled = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    return hashlib.sha256(compiled.read_bytes()).hexdigest()[:16] if compiled.is_file() else ""
