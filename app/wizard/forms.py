"""One WTForms form per step, built from the step's questions.

`StepForm.answers_for(question)` turns what was typed into a contract value
(None to clear): booleans from yes/no, numbers from the locale's way of
writing them, empty answers and "I don't know" HS codes as absent.
Messages are gettext strings.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import g
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, HiddenField, SelectMultipleField, StringField
from wtforms.validators import StopValidation, ValidationError

from app.answers.validation import NUMBER_MAXIMUM
from app.clock import utcnow
from app.i18n.catalogs import DEFAULT_LOCALE, get_translations
from app.i18n.formats import format_date, format_money
from app.i18n.markers import COUNTRY_NAMES, MONEY_TEXTS
from app.i18n.web import select_locale
from app.rules_engine.money import CURRENCIES, CURRENCY, US_DOLLARS
from app.rules_engine.scope import get_path
from app.wizard.branching import asked_markets
from app.wizard.steps import Choice, Question, Step

_SPACES = re.compile(r"[\s\u00a0\u202f']")


def tr(context: str, text: str) -> str:
    """pgettext through the page language's catalog, without Flask-Babel's
    per-call lookups: a step page translates a few hundred texts."""
    return get_translations(g.get("lang") or DEFAULT_LOCALE).pgettext(context, text)


def page_markets(question: Question) -> tuple[str, ...]:
    """The markets this request's questionnaire asks `question`'s amounts for
    (its target markets, `asked_markets`): the only boxes a page shows, checks
    and keeps. Every market on a page rendered for no questionnaire."""
    state = g.get("assessment")
    return question.markets if state is None else asked_markets(question, state.answers)


def page_currency() -> str:
    """The currency this request's questionnaire gives its amounts in (`profile.currency`; US dollars if none)."""
    state = g.get("assessment")
    currency = get_path(state.answers, CURRENCY) if state is not None else None
    return currency if currency in CURRENCIES else US_DOLLARS


def money_text(value: Any, currency: str) -> str:
    """`value` written with its currency and the page language's digit grouping."""
    return gettext(MONEY_TEXTS.get(currency, MONEY_TEXTS[US_DOLLARS]), amount=show_number(value))


def translate(choice: Choice) -> str:
    return tr(choice.context, choice.label) if choice.context else choice.label


class NumberTooPrecise(ValueError):
    """An amount with more than two decimals: cents are the smallest unit asked for."""


# A number: an optional sign and dollar sign, the whole part (grouped by
# threes with one of "," or ".", the first group never 0, or not grouped),
# then a decimal mark and the decimals, and an optional final dollar sign.
_NUMBER = re.compile(r"(?P<minus>[-\u2212])?(?:US\$|\$)?"
                     r"(?P<whole>[1-9]\d{0,2}(?P<group>[.,])\d{3}(?:(?P=group)\d{3})*|\d+)"
                     r"(?:(?P<mark>[.,])(?P<fraction>\d+))?\$?")
# "0 125" groups its thousands with a space after a lone 0, as "0,125" would with a comma.
_ZERO_GROUP = re.compile(r"(?<!\d)0[\s\u00a0\u202f']+\d")


# The longest number text worth reading: "US$ 1 000 000 000 000,00" with room
# to spare. A longer one is refused before any conversion (converting a
# 400,000-digit number took seconds).
MAX_NUMBER_CHARS = 40


class NumberTooLong(ValueError):
    """More characters than any accepted number has."""


def parse_number(text: str, integer: bool) -> Decimal | None:
    """A number as people write it in English, Spanish or French.

    Spaces and apostrophes group thousands. A comma or point followed by
    groups of three digits groups thousands ("1,500" and "1.500" are 1500)
    unless the first group is 0; otherwise it is the decimal mark ("12,5" is
    12.5, "0,125" is 0.125). Grouping and decimals use different marks
    ("1,500,50" is refused), so the same input never means two amounts in two
    languages. An integer has no decimals, an amount at most two
    (NumberTooPrecise); anything else raises ValueError.
    """
    if len(text) > MAX_NUMBER_CHARS:
        raise NumberTooLong(text[:MAX_NUMBER_CHARS])
    compact = _SPACES.sub("", text)
    if not compact:
        return None
    match = _NUMBER.fullmatch(compact)
    if match is None or _ZERO_GROUP.search(text):
        raise ValueError(text)
    digits, fraction = re.sub(r"[.,]", "", match["whole"]), match["fraction"]
    if fraction and (integer or match["mark"] == match["group"]):
        raise ValueError(text)
    if fraction and len(fraction) > 2:
        raise NumberTooPrecise(text)
    number = Decimal(f"{digits}.{fraction}" if fraction else digits)
    return -number if match["minus"] else number


def show_number(value: Any) -> str:
    """A number answer as the page's readers write it (1,500 · 1,500.50 ·
    1 500,50): an amount's cents in full, a whole number without decimals."""
    if value is None:
        return ""
    return format_money(value, select_locale())


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


# Step fields are labelled by the page (templates/wizard/_questions.html), never by WTForms: an
# explicit empty label spares WTForms translating a made-up one per field.
NO_LABEL = ""


class StepForm(FlaskForm):
    """Fields are added per step by `build_form`; `version` guards against stale saves."""

    version = HiddenField(label=NO_LABEL)

    class Meta:
        # CSRFProtect (app/extensions.py) checks every POST before a view runs;
        # a per-form token would be a second field and a second check.
        csrf = False

    step: Step
    questions: tuple[Question, ...]

    def answers_for(self, question: Question) -> Any:
        return _value(self, question)


def _required(question: Question) -> Any:
    def check(form: Any, field: Field) -> None:
        data = field.data
        empty = data in (None, "", []) or (isinstance(data, str) and not data.strip())
        unknown = f"{question.name}-unknown"
        if question.type in ("hs_code", "money") and unknown in form and form[unknown].data:
            empty = False  # "I don't know (yet)": an answer, the plan explains how to find it
        if empty:
            if question.required:
                raise StopValidation(_missing_message(question))
            field.errors = []
            raise StopValidation()

    return check


def _missing_message(question: Question) -> str:
    if question.type in ("choice", "boolean", "picker", "naics"):
        return gettext("Select an answer.")
    if question.type == "multi_choice":
        return gettext("Select at least one answer.")
    if question.type == "hs_code":
        return gettext("Enter the HS code, or tick “I don't know”.")
    return gettext("Enter an answer.")


# Control characters no one types (a NUL byte cannot even be stored by PostgreSQL);
# tab and line breaks are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check(question: Question) -> Any:
    def check(form: Any, field: Field) -> None:
        data = field.data
        allowed = {str(c.value) for c in question.choices}
        if question.type in ("choice", "picker", "naics") and data not in allowed:
            raise ValidationError(gettext("Select one of the answers in the list."))
        if question.type == "boolean" and data not in ("yes", "no"):
            raise ValidationError(gettext("Select yes or no."))
        if question.type == "multi_choice":
            if any(v not in allowed for v in data):
                raise ValidationError(gettext("Select only answers from the list."))
            if question.exclusive in data and len(data) > 1:
                raise ValidationError(gettext("“%(none)s” cannot be chosen with other answers.",
                                              none=translate(question.choice(question.exclusive))))
        if question.type in ("integer", "money"):
            _check_number(question, data or "")
        if question.type == "email":
            try:
                validate_email(data.strip(), check_deliverability=False)
            except EmailNotValidError:
                raise ValidationError(gettext("Enter an e-mail address like name@example.com.")) from None
        if question.type == "text" and len(data) > 200:
            raise ValidationError(gettext("Use at most %(n)d characters.", n=200))
        if question.type == "text" and _CONTROL.search(data):
            raise ValidationError(gettext("Remove the invisible control characters from this answer."))
        if question.type == "hs_code" and _hs_digits(data):  # a code typed counts, even with "I don't know" ticked
            _check_hs_code(question, _hs_digits(data))
        if question.type == "date":
            _check_date(data)

    return check


def _check_number(question: Question, data: str) -> None:
    integer = question.type == "integer"
    try:
        number = parse_number(data, integer)
    except NumberTooPrecise:
        raise ValidationError(gettext("Enter at most two decimals (cents), like 1500.50.")) from None
    except NumberTooLong:
        number = Decimal(NUMBER_MAXIMUM) + 1  # refused below, with the bound in the message
    except ValueError:
        raise ValidationError(gettext("Enter a whole number, like 12.") if integer
                              else gettext("Enter an amount, like 1500 or 1500.50.")) from None
    if number is None:
        return
    low = question.minimum
    high = question.maximum if question.maximum is not None else NUMBER_MAXIMUM
    currency = page_currency()
    if low is not None and question.exclusive_minimum and number <= Decimal(str(low)):
        raise ValidationError(gettext("Enter a number greater than %(n)s.", n=show_number(low)) if integer
                              else gettext("Enter an amount greater than %(amount)s.", amount=money_text(low, currency)))
    if low is not None and number < Decimal(str(low)):
        raise ValidationError(gettext("Enter a number of at least %(n)s.", n=show_number(low)) if integer
                              else gettext("Enter an amount of at least %(amount)s.", amount=money_text(low, currency)))
    if number > Decimal(str(high)):
        raise ValidationError(gettext("Enter a number no greater than %(n)s.", n=show_number(high)) if integer
                              else gettext("Enter an amount no greater than %(amount)s.",
                                           amount=money_text(high, currency)))


# A planned date is at most this far ahead: further is a typing slip, not a plan.
DATE_HORIZON_DAYS = 5 * 366
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str | None) -> date | None:
    """A date typed as YYYY-MM-DD (what a browser's date field sends); None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return date(*map(int, match.groups()))


def date_bounds() -> tuple[date, date]:
    """The first and last planned date accepted today."""
    today = utcnow().date()
    return today, today + timedelta(days=DATE_HORIZON_DAYS)


def _check_date(data: str | None) -> None:
    try:
        planned = parse_date(data)
    except ValueError:
        raise ValidationError(gettext("Enter a date as year-month-day, like 2027-03-15.")) from None
    if planned is None:
        return
    first, last = date_bounds()
    lang = select_locale()
    if planned < first:
        raise ValidationError(gettext("This date has passed: enter a date from %(date)s on, or leave the answer empty.",
                                      date=format_date(first, lang)))
    if planned > last:
        raise ValidationError(gettext("Enter a date no later than %(date)s.", date=format_date(last, lang)))


def _hs_digits(text: str | None) -> str:
    return re.sub(r"[\s.\-]", "", text or "")


def _check_hs_code(question: Question, code: str) -> None:
    if not re.fullmatch(r"\d{4}(\d{2}(\d{2}(\d{2})?)?)?", code):
        raise ValidationError(gettext("Enter 4, 6, 8 or 10 digits, for example 9403.60."))
    if code[:2] not in question.hs_chapters:
        raise ValidationError(gettext("The first two digits must be an HS chapter, from 01 to 97 (77 is not used)."))


def _value(form: StepForm, question: Question) -> Any:
    field = form[question.name]
    data = field.data
    kind = question.type
    if kind == "materials":
        from app.wizard.materials import materials_value  # it builds on this module

        return materials_value(field)
    if kind == "amounts_by_market":
        amounts = {}
        for market in page_markets(question):
            number = parse_number(form[f"{question.name}-{market}"].data or "", False)
            if number is not None:
                amounts[market] = _plain(number)
        return amounts or None
    if kind == "multi_choice":
        return list(data or []) or None
    if kind == "boolean":
        return {"yes": True, "no": False}.get(data)
    if kind in ("integer", "money"):
        # An amount typed is kept even if "I don't know yet" is ticked, as an HS code is.
        number = parse_number(data or "", kind == "integer")
        return None if number is None else _plain(number)
    if kind == "naics":
        return _naics_digits(form[f"{question.name}-detail"].data) or data or None
    if kind == "hs_code":
        # A code typed is kept even if "I don't know" is ticked (the box stays
        # ticked once a step was saved without a code); none typed is absent.
        return _hs_digits(data) or None
    if kind in ("text", "email"):
        return (data or "").strip() or None
    if kind == "date":
        planned = parse_date(data)
        return None if planned is None else planned.isoformat()
    return data or None


def _naics_digits(text: str | None) -> str:
    return re.sub(r"\s", "", text or "")


def _naics_detail(question: Question) -> Any:
    def check(form: Any, field: Field) -> None:
        detail = _naics_digits(field.data)
        if not detail:
            return
        if not detail.isdecimal() or not detail.isascii():
            raise ValidationError(gettext("A NAICS code has only digits, like 5415."))
        if not 2 <= len(detail) <= 6:
            raise ValidationError(gettext("A NAICS code has 2 to 6 digits."))
        sector = form[question.name].data
        if sector and not detail.startswith(sector):
            raise ValidationError(gettext("This code is not in the sector you chose: it should start with %(sector)s.", sector=sector))

    return check


def initial_data(step: Step, answers: dict[str, Any], contact: dict[str, str], done: bool) -> dict[str, Any]:
    """The form's starting values from the stored answers."""
    from app.rules_engine.scope import get_path

    data: dict[str, Any] = {}
    for question in step.questions:
        name = question.name
        value = contact.get(question.id.split(".", 1)[1]) if question.id.startswith("contact.") else get_path(answers, question.id)
        kind = question.type
        if kind == "boolean":
            data[name] = None if value is None else ("yes" if value else "no")
        elif kind in ("integer", "money"):
            data[name] = show_number(value)
            if kind == "money":
                data[f"{name}-unknown"] = done and value is None
        elif kind == "amounts_by_market":
            for market in question.markets:
                data[f"{name}-{market}"] = show_number((value or {}).get(market))
        elif kind == "naics":
            sector = value[:2] if value else None
            data[name] = sector
            data[f"{name}-detail"] = value if value and len(value) > 2 else ""
        elif kind == "hs_code":
            data[name] = value or ""
            data[f"{name}-unknown"] = done and value is None
        elif kind == "materials":
            from app.wizard.materials import materials_initial

            data[name] = materials_initial(value)
        else:
            data[name] = value
    return data


def build_form(step: Step, questions: tuple[Question, ...], data: dict[str, Any] | None = None, **kwargs: Any) -> StepForm:
    """The step's form, on the request's form data (POST) or on `data`."""
    key = (step.id, tuple(q.id for q in questions))
    form_class = _FORM_CLASSES.get(key)
    if form_class is None:
        form_class = _FORM_CLASSES[key] = _form_class(step, questions)
    form = form_class(data=data or {}, **kwargs)
    form.step = step
    form.questions = questions
    return form


_FORM_CLASSES: dict[tuple[str, tuple[str, ...]], type[StepForm]] = {}


def _form_class(step: Step, questions: tuple[Question, ...]) -> type[StepForm]:
    """One class per step, built once: the fields do not depend on the language."""
    attrs: dict[str, Any] = {}
    for question in questions:
        checks = [_required(question), _check(question)]
        name = question.name
        if question.type == "materials":
            from app.wizard.materials import materials_field

            attrs[name] = materials_field(question)
            continue
        if question.type == "multi_choice":
            attrs[name] = SelectMultipleField(label=NO_LABEL, choices=[], validators=checks, validate_choice=False)
        elif question.type == "amounts_by_market":
            attrs[name] = StringField(label=NO_LABEL)  # the group's own errors
            for market in question.markets:
                sub = Question(f"{question.id}.{market}", "money", question.label, None, False, question.step, minimum=0)
                attrs[f"{name}-{market}"] = StringField(
                    label=NO_LABEL, validators=[_asked(question, market), _required(sub), _in_market(market, _check(sub))])
        else:
            attrs[name] = StringField(label=NO_LABEL, validators=checks)
        if question.type == "naics":
            attrs[f"{name}-detail"] = StringField(label=NO_LABEL, validators=[_naics_detail(question)])
        if question.type in ("hs_code", "money"):
            attrs[f"{name}-unknown"] = BooleanField(label=NO_LABEL)
        if question.type in ("picker", "naics"):
            attrs[f"{name}-filter"] = StringField(label=NO_LABEL)
    return type(f"{step.id.title().replace('_', '')}Form", (StepForm,), attrs)


def _asked(question: Question, market: str) -> Any:
    """A market the page does not show is neither required nor checked."""
    def check(form: Any, field: Field) -> None:
        if market not in page_markets(question):
            field.errors = []
            raise StopValidation()

    return check


def _in_market(market: str, check: Any) -> Any:
    """`check`, its message naming the market, so the error summary tells the boxes apart."""
    def named(form: Any, field: Field) -> None:

        try:
            check(form, field)
        except ValidationError as error:
            raise ValidationError(gettext("%(country)s: %(message)s", country=gettext(COUNTRY_NAMES[market]),
                                          message=str(error))) from None

    return named


class ResumeCodeForm(FlaskForm):
    code = StringField(validators=[])

    def validate_code(self, field: Field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(gettext("Enter your resume code."))


class EmailLinkForm(FlaskForm):
    email = StringField()

    def validate_email(self, field: Field) -> None:
        try:
            validate_email((field.data or "").strip(), check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError(gettext("Enter an e-mail address like name@example.com.")) from None
