"""Language handling for web requests: Flask-Babel and the `<lang>` URL part.

Pages live under `/<chamber_slug>/<lang>/…`; the language comes from the URL,
and only `/` (which has none) falls back to the browser's Accept-Language.
"""

from __future__ import annotations

from flask import Flask, g, request

from app.extensions import babel
from app.i18n.catalogs import DEFAULT_LOCALE, SUPPORTED_LOCALES, TRANSLATIONS_DIR


def browser_locale() -> str:
    """The supported language the browser prefers, English if none."""
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE


def select_locale() -> str:
    """Flask-Babel's locale selector: the URL's language, else the browser's."""
    lang = g.get("lang")
    if lang in SUPPORTED_LOCALES:
        return lang
    return browser_locale()


def init_app(app: Flask) -> None:
    """Bind Flask-Babel to the project's catalogs."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale)
