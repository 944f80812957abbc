"""Why an action was advised, in plain words: one answer of a plan's `why`.

A plan's `why` names answer paths (`travel.purposes`) and raw values
(`["deliver_professional_services"]`). The results page and the PDF both show
them through `explain_answer`, so they word a reason exactly alike: the
question's label as the wizard asks it and the value as its choice label, both
from the step files in `rules/steps/` and translated through the catalogs.
A path no question defines is shown as the path itself.

No request state: the locale is an argument. The step book is the running
app's when there is one, else the one in the project's `rules/` folder.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import Translations

from app.i18n.catalogs import get_translations
from app.i18n.formats import AMOUNT, format_date, format_money, format_number
from app.i18n.markers import COUNTRY_NAMES
from app.wizard.steps import Question, StepBook, load_steps

RULES_ROOT = Path(__file__).resolve().parents[2] / "rules"
STEPS_EXTENSION_KEY = "wizard_steps"  # where app.wizard.init_app keeps the loaded steps


@cache
def _default_book() -> StepBook:
    return load_steps(RULES_ROOT)


def current_book() -> StepBook:
    """The running app's step book, else the project's own."""
    from flask import current_app, has_app_context  # noqa: PLC0415  (optional: works without an app)

    if has_app_context() and STEPS_EXTENSION_KEY in current_app.extensions:
        return current_app.extensions[STEPS_EXTENSION_KEY]
    return _default_book()


def explain_answer(path: str, value: Any, locale: str, book: StepBook | None = None) -> tuple[str, str]:
    """(label, value_text) of the answer at `path` in `locale`.

    `digital.annual_b2c_sales.MX` is explained by its parent question (the
    amounts by market), its value named with the market, also when it was
    left empty ("Mexico: Not answered"), so two markets never read alike.
    """
    book = book or current_book()
    t = get_translations(locale)
    question = book.questions.get(path)
    if question is not None:
        return _label(question, t), _describe(question, value, t, locale)
    parent, _, key = path.rpartition(".")
    question = book.questions.get(parent) if parent else None
    if question is not None and question.type == "amounts_by_market":
        return _label(question, t), _market_amount(key, value, t, locale)
    return path, _plain(value, t, locale)


def shown_reasons(why: list[dict[str, Any]], book: StepBook | None = None) -> list[dict[str, Any]]:
    """A plan action's `why` without the empty amounts of markets the business
    does not target: a rule reading every market's sales cites them all, but
    the wizard asks only for the markets in `export.markets` (also among the
    reasons), so "United States: Not answered" would name one never asked."""
    targets = next((w.get("value") for w in why if w.get("answer") == "export.markets"), None)
    if not isinstance(targets, list):
        return list(why)
    book = book or current_book()
    kept = []
    for reason in why:
        market = _market_of(reason.get("answer", ""), book)
        if market is None or market in targets or reason.get("value") is not None:
            kept.append(reason)
    return kept


def _market_of(path: str, book: StepBook) -> str | None:
    """`MX` for `digital.annual_b2c_sales.MX` (an amount by market), else None."""
    parent, _, key = path.rpartition(".")
    question = book.questions.get(parent) if parent else None
    return key if question is not None and question.type == "amounts_by_market" else None


def _label(question: Question, t: Translations) -> str:
    return t.pgettext(f"question.{question.id}|label", question.label)


def _choice(question: Question, value: Any, t: Translations) -> str:
    choice = question.choice(value)
    if choice is None:
        return str(value)
    return t.pgettext(choice.context, choice.label) if choice.context else choice.label


def _number(value: Any, locale: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)  # not a number after all: shown as it is rather than failing
    return format_number(value, locale, AMOUNT)


def _amount(value: Any, t: Translations, locale: str) -> str:
    """US$812.50 · 812.50 USD · 812,50 $ US: cents in full, as the wizard shows them."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)  # not a number after all: shown as it is rather than failing
    return t.gettext("US$%(amount)s") % {"amount": format_money(value, locale)}


def _market_amount(market: str, value: Any, t: Translations, locale: str) -> str:
    amount = t.gettext("Not answered") if value is None else _amount(value, t, locale)
    return f"{t.gettext(COUNTRY_NAMES.get(market, market))}: {amount}"


def _describe(question: Question, value: Any, t: Translations, locale: str) -> str:
    """The answer as the wizard's review page words it."""
    if value is None and question.type == "hs_code":
        # A plan cites only questions that were asked: an HS code asked and
        # not given is one the owner said they do not know ("I don't know").
        return t.gettext("Not known yet")
    if value is None or value in ([], {}):
        return t.gettext("Not answered")
    kind = question.type
    if kind == "boolean":
        return t.gettext("Yes") if value else t.gettext("No")
    if kind == "money":
        return _amount(value, t, locale)
    if kind == "integer":
        return _count(question, value, t, locale)
    if kind == "date":
        return format_date(date.fromisoformat(value), locale)
    if kind == "amounts_by_market":
        return "; ".join(
            _market_amount(market, amount, t, locale) for market, amount in value.items() if amount is not None
        ) or t.gettext("Not answered")
    if kind == "naics":
        sector = question.choice(str(value)[:2])
        return f"{value} – {_choice(question, sector.value, t)}" if sector else str(value)
    if isinstance(value, list):
        return ", ".join(_choice(question, item, t) for item in value)
    return _choice(question, value, t)


def _count(question: Question, value: Any, t: Translations, locale: str) -> str:
    number = _number(value, locale)
    if not isinstance(value, int | float):
        return number
    if question.unit == "people":
        return t.ngettext("%(count)s person", "%(count)s people", int(value)) % {"count": number}
    if question.unit == "years":
        return t.ngettext("%(count)s year", "%(count)s years", int(value)) % {"count": number}
    if question.unit == "percent":
        return t.gettext("%(num)s%%") % {"num": number}
    return number


def _plain(value: Any, t: Translations, locale: str) -> str:
    """A value no question describes: still in the reader's words where possible."""
    if isinstance(value, bool):
        return t.gettext("Yes") if value else t.gettext("No")
    if value is None:
        return t.gettext("Not answered")
    if isinstance(value, int | float):
        return _number(value, locale)
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item, t, locale) for item in value)
    return str(value)
