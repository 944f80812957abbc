"""Language handling for web requests: Flask-Babel and the `<lang>` URL part.

Pages live under `/<chamber_slug>/<lang>/…`; the language comes from the URL,
and only `/` (which has none) falls back to the browser's Accept-Language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.support import Translations
from flask import Flask, g, request
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from app.extensions import babel
from app.i18n import formats
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


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    """`_()` / `gettext()` in templates, as Jinja's new-style gettext behaves:
    the translation is marked safe when autoescaping and always %-formatted
    with the (escaped) variables. Registered directly rather than through
    Jinja's alias, which costs a second context call per string."""
    text = page_translations().gettext(message)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


@pass_eval_context
def _template_ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any) -> str:
    variables.setdefault("num", num)
    text = page_translations().ngettext(singular, plural, num)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


@pass_eval_context
def _template_pgettext(eval_ctx: EvalContext, context: str, message: str, /, **variables: Any) -> str:
    variables.setdefault("context", context)
    text = page_translations().pgettext(context, message)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


def format_date(value: date | None, width: str = "medium") -> str:
    """The `dateformat` filter for dates (resume expiry, due dates), written
    for the page language's audience (`formats.format_date`)."""
    if value is None:
        return ""
    return formats.format_date(value, select_locale(), width)


def format_number(value: Any, pattern: str | None = formats.AMOUNT) -> str:
    """A number as this page's readers write it: 1,500.5 on English and
    Spanish (Mexican) pages, 1 500,5 on French (Canadian) ones."""
    if value is None:
        return ""
    return formats.format_number(value, select_locale(), pattern)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel to the project's catalogs.

    Templates get lighter gettext callables than Flask-Babel's: the same
    catalogs and locale, but resolved once per request instead of per string.
    """
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext, pgettext=_template_pgettext
    )
    app.jinja_env.newstyle_gettext = True  # type: ignore[attr-defined]  ({% trans %} passes variables as keywords)
    app.jinja_env.filters["dateformat"] = format_date
