"""Language handling for web requests: Flask-Babel and the `<lang>` URL part.

Pages live under `/<chamber_slug>/<lang>/…`; the language comes from the URL,
and only `/` (which has none) falls back to the browser's Accept-Language.
"""

from __future__ import annotations

from babel.support import Translations
from flask import Flask, g, request

from app.extensions import babel
from app.i18n.catalogs import DEFAULT_LOCALE, SUPPORTED_LOCALES, TRANSLATIONS_DIR, get_translations


def browser_locale() -> str:
    """The supported language the browser prefers, English if none."""
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE


def select_locale() -> str:
    """Flask-Babel's locale selector: the URL's language, else the browser's."""
    lang = g.get("lang")
    if lang in SUPPORTED_LOCALES:
        return lang
    return browser_locale()


def page_translations() -> Translations:
    """This request's catalog, looked up once per request (templates call it often)."""
    found = g.get("_page_translations")
    if found is None:
        found = g._page_translations = get_translations(select_locale())
    return found


def _template_gettext(message: str) -> str:
    return page_translations().gettext(message)


def _template_ngettext(singular: str, plural: str, n: int) -> str:
    return page_translations().ngettext(singular, plural, n)


def _template_pgettext(context: str, message: str) -> str:
    return page_translations().pgettext(context, message)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel to the project's catalogs.

    Templates get lighter gettext callables than Flask-Babel's: the same
    catalogs and locale, but resolved once per request instead of per string.
    """
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        _template_gettext, _template_ngettext, newstyle=True, pgettext=_template_pgettext
    )
