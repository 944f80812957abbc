"""What a step page's templates need to show a question, in one language.

The markup is in `templates/wizard/_questions.html`; this module gives it
plain data: the question's translated label, hint and choices, the options of
a long list with their groups, and what the list's search finds. What depends
only on the question and the language is built once per process
(`question_view`): a step page translates a few hundred texts, and its lists
hold hundreds of options. So are the lines of its choices and options, each
rendered by the template in both its states (checked or not): escaping them
on every request was most of a page's cost (bench/bench_wizard.py). Nothing
here depends on a visitor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from threading import Lock
from typing import Any

from flask import current_app
from markupsafe import Markup

from app.i18n.catalogs import get_translations
from app.i18n.markers import COUNTRY_NAMES, N_
from app.wizard.search_words import other_gender, search_terms, search_text
from app.wizard.steps import OTHER_GENDER, Question

# A picker's way out ("Another profession"): a search never hides it, so one
# that finds nothing still leaves an answer to choose.
FALLBACK = "other"
UNITS = {"people": N_("people"), "years": N_("years"), "percent": "%"}
SEARCHED_LANGUAGES = ("en", "es", "fr")  # whose keywords a long list's search reads, whatever the page's


@dataclass(frozen=True)
class ChoiceView:
    value: str
    label: str
    hint: str | None
    element_id: str  # the first choice takes the question's name, so an error summary link lands on it
    exclusive: bool = False


@dataclass(frozen=True)
class OptionView:
    """One line of a long list (picker or NAICS sector), and what its search reads."""

    value: str
    label: str
    group: str | None  # the group's label
    searched: tuple[str, ...]  # label, value and keywords as a search reads them (`search_text`)


@dataclass(frozen=True)
class Lines:
    """A question's choice and option lines as `_questions.html` writes them: (plain, checked or selected)."""

    choices: tuple[tuple[str, Markup, Markup], ...] = ()  # (value, plain, checked), in choice order
    options: dict[str, tuple[Markup, Markup]] = field(default_factory=dict)  # value: (plain, selected)


@dataclass(frozen=True)
class QuestionView:
    question: Question
    name: str
    kind: str
    label: str
    hint: str | None
    optional: bool
    unit: str | None  # an integer's unit word (people, years, %)
    reveal: tuple[str, str] | None  # for wizard.js: the radio name and values that show this question
    choices: tuple[ChoiceView, ...] = ()
    options: tuple[OptionView, ...] = ()
    keywords_json: str | None = None  # the search words wizard.js matches, by option value
    keeps_fallback: bool = False
    countries: tuple[tuple[str, str], ...] = ()  # (market, country name) for amounts by market
    match_words: tuple[str, str, str] = ("", "", "")  # "0 matches", "1 match", "%(num)d matches"
    lines: Lines = Lines()
    template: Any = None  # the template module the lines were rendered with

    def groups(self, options: tuple[OptionView, ...] | list[OptionView] | None = None) -> list[tuple[str | None, list[OptionView]]]:
        """`options` (all by default) in their groups, in the order the groups first appear."""
        grouped: dict[str | None, list[OptionView]] = {}
        for option in self.options if options is None else options:
            grouped.setdefault(option.group, []).append(option)
        return list(grouped.items())

    def search(self, typed: str, selected: Any) -> tuple[list[tuple[str | None, list[OptionView]]], int | None]:
        """The options a search finds, grouped, and how many (None: nothing searched).
        The selected option and the way out ("Another profession") always stay."""
        wanted = typed.strip()
        terms = search_terms(wanted)
        if not terms:
            return self.groups(), None
        found = [o for o in self.options if _matches(o, terms)]
        kept = [o for o in self.options if o in found or o.value in (str(selected), FALLBACK)]
        return self.groups(kept), len(found)


def _matches(option: OptionView, terms: tuple[str, ...]) -> bool:
    """Each word typed is in its name, its value or its keywords, in any
    order, singular or plural; a longer code finds its sector (5415 → 54).
    wizard.js matches alike."""
    value = option.searched[1]
    text = " ".join(option.searched)
    return all(term in text for term in terms) or (
        len(terms) == 1 and terms[0].isdigit() and value.isdigit() and terms[0].startswith(value))


_VIEWS: dict[tuple[int, str], QuestionView] = {}
_LOCK = Lock()
TEMPLATE = "wizard/_questions.html"


def question_view(question: Question, lang: str) -> QuestionView:
    """Built on first use. The entry keeps its question and the template its
    lines came from, so it is rebuilt, never stale, when either changes (a
    template edited while the development server reloads them)."""
    template = current_app.jinja_env.get_template(TEMPLATE).module
    key = (id(question), lang)
    found = _VIEWS.get(key)
    if found is None or found.question is not question or found.template is not template:
        with _LOCK:
            view = _build(question, lang)
            found = _VIEWS[key] = replace(view, lines=_lines(view, template), template=template)
    return found


def _lines(view: QuestionView, template: Any) -> Lines:
    kind = "checkbox" if view.kind == "multi_choice" else "radio"
    return Lines(
        tuple((c.value, template.choice_line(view, c, kind, False), template.choice_line(view, c, kind, True))
              for c in view.choices),
        {o.value: (template.option_line(o, False), template.option_line(o, True)) for o in view.options},
    )


def _build(q: Question, lang: str) -> QuestionView:
    catalog = get_translations(lang)

    def tr(context: str | None, text: str) -> str:
        return catalog.pgettext(context, text) if context else text

    choices = tuple(
        ChoiceView(str(c.value), tr(c.context, c.label),
                   tr(f"question.{q.id}.{c.value}|hint", c.hint) if c.hint else None,
                   q.name if index == 1 else f"{q.name}-{index}", q.exclusive == c.value)
        for index, c in enumerate(q.choices, start=1)
    )
    if q.type == "boolean":
        choices = (ChoiceView("yes", catalog.gettext("Yes"), None, q.name),
                   ChoiceView("no", catalog.gettext("No"), None, f"{q.name}-2"))
    options: tuple[OptionView, ...] = ()
    if q.type in ("picker", "naics"):
        options = _options(q, lang, tr, tuple(get_translations(other) for other in SEARCHED_LANGUAGES if other != lang))
    keywords = {o.value: o.searched[2] for o in options if o.searched[2]}
    none, one, many = (catalog.ngettext("%(num)d match", "%(num)d matches", n) for n in (0, 1, 2))
    return QuestionView(
        question=q, name=q.name, kind=q.type, label=tr(f"question.{q.id}|label", q.label),
        hint=tr(f"question.{q.id}|hint", q.hint) if q.hint else None, optional=not q.required,
        unit=catalog.gettext(UNITS[q.unit]) if q.type == "integer" and q.unit in UNITS else None,
        reveal=_reveal(q), choices=choices, options=options,
        keywords_json=json.dumps(keywords, ensure_ascii=False) if keywords else None,
        keeps_fallback=any(o.value == FALLBACK for o in options),
        countries=tuple((m, catalog.gettext(COUNTRY_NAMES[m])) for m in q.markets),
        match_words=(none % {"num": 0}, one % {"num": 1}, many),
    )


def _options(q: Question, lang: str, tr: Any, others: tuple[Any, ...]) -> tuple[OptionView, ...]:
    """A list's options; their keywords in every language of the portal, the
    page's first: an owner in Montréal may well type "software" or "SaaS"."""
    groups = {g.value: tr(g.context, g.label) for g in q.groups}
    options = []
    for choice in q.choices:
        value, label = str(choice.value), tr(choice.context, choice.label)
        if q.search_words == OTHER_GENDER:
            words = other_gender(label, lang)
        elif choice.keywords:
            words = ", ".join(dict.fromkeys([tr(choice.keywords_context, choice.keywords), *(
                catalog.pgettext(choice.keywords_context, choice.keywords) for catalog in others)]))
        else:
            words = ""
        if q.type == "naics":  # a sector is known by its code as much as by its name
            label = f"{value} – {label}"
        options.append(OptionView(value, label, groups.get(choice.group),
                                  (search_text(label), value, search_text(words))))
    return tuple(options)


def _reveal(question: Question) -> tuple[str, str] | None:
    condition = question.shown_when
    if condition is not None and condition.left is not None and condition.op in ("is_true", "is_false"):
        return condition.left.name.replace(".", "-"), "yes" if condition.op == "is_true" else "no"
    if condition is None or condition.left is None or condition.op not in ("equals", "in"):
        return None
    values = condition.right if isinstance(condition.right, tuple) else (condition.right,)
    return condition.left.name.replace(".", "-"), " ".join(str(v) for v in values)


def field_names(question: Question) -> list[str]:
    """The names of the form fields a question is answered with, in page order."""
    name = question.name
    names = [name, *(f"{name}-{key}" for key in ("detail", "unknown", "filter"))]
    if question.type == "amounts_by_market":
        names += [f"{name}-{market}" for market in question.markets]
    return names


