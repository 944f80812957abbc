"""What a question's HTML owes only to the question and the language, built once.

Labels, hints and option texts are translated and escaped once per
(question, language) and kept for the life of the process, like the step
files and the compiled catalogs they come from. `fields.py` adds what a
request brings: values, checked marks, errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from threading import Lock
from typing import Any

from markupsafe import Markup, escape

from app.i18n.catalogs import get_translations
from app.wizard.forms import MARKETS, N_, fold
from app.wizard.presenters import COUNTRY_MSGIDS
from app.wizard.steps import Question


@dataclass(frozen=True)
class Words:
    """The few words of the question markup, translated as templates do (`_()`)."""

    lang: str
    error: str
    optional: str
    yes: str
    no: str
    unknown_code: str
    sector: str
    choose_sector: str
    naics_detail: str
    search_list: str
    search: str
    choose_from_list: str
    people: str
    years: str

    def matches(self, count: int) -> str:
        return Markup(get_translations(self.lang).ngettext("%(num)d match", "%(num)d matches", count)) % {"num": count}


@cache
def words(lang: str) -> Words:
    catalog = get_translations(lang)

    def markup(message: str) -> str:
        return str(Markup(catalog.gettext(message)) % {})

    return Words(
        lang, markup(N_("Error:")), markup(N_("(optional)")), markup(N_("Yes")), markup(N_("No")),
        markup(N_("I don't know the code")), markup(N_("Sector")), markup(N_("Choose a sector")),
        markup(N_("NAICS code, if you know it (optional)")), markup(N_("Search the list")), markup(N_("Search")),
        markup(N_("Choose from the list")), str(escape(catalog.gettext(N_("people")))),
        str(escape(catalog.gettext(N_("years")))),
    )


@dataclass(frozen=True)
class PickerOption:
    value: str
    group: Any
    group_label: str | None  # escaped
    folded_label: str
    folded_value: str
    line: str
    selected_line: str


@dataclass(frozen=True)
class QuestionStatics:
    question: Question
    name: str
    block_open: str
    label: str  # the label's inner HTML, "(optional)" included
    hint: str | None
    unit: str | None
    radios: tuple[tuple[str, str, str], ...] = ()  # (value, markup before " checked", markup after)
    checkboxes: tuple[tuple[str, str, str], ...] = ()
    picker: tuple[PickerOption, ...] = ()
    picker_html: str = ""
    picker_values: frozenset[str] = frozenset()
    countries: tuple[str, ...] = ()


_STATICS: dict[tuple[int, str], QuestionStatics] = {}
_LOCK = Lock()


def question_statics(question: Question, lang: str) -> QuestionStatics:
    """Built on first use; the entry keeps its question, so its id is never reused."""
    key = (id(question), lang)
    found = _STATICS.get(key)
    if found is None or found.question is not question:
        with _LOCK:
            found = _STATICS[key] = _build(question, lang)
    return found


def _tr(lang: str, context: str | None, text: str) -> str:
    return get_translations(lang).pgettext(context, text) if context else text


def _build(q: Question, lang: str) -> QuestionStatics:
    text = words(lang)
    name = q.name
    label = str(escape(_tr(lang, f"question.{q.id}|label", q.label)))
    if not q.required:
        label += f' <span class="optional">{text.optional}</span>'
    hint = str(escape(_tr(lang, f"question.{q.id}|hint", q.hint))) if q.hint else None
    reveal = _reveal(q)
    block_open = (f'\n<div class="question-block{" conditional" if q.shown_when is not None else ""}" id="{name}-block"'
                  + (f' data-reveal-name="{escape(reveal[0])}" data-reveal-values="{escape(" ".join(reveal[1]))}"' if reveal else "")
                  + ">")
    options = [(str(c.value), str(escape(_tr(lang, c.context, c.label))), _choice_hint(q, c, lang)) for c in q.choices]
    if q.type == "boolean":
        options = [("yes", text.yes, None), ("no", text.no, None)]
    unit = {"people": text.people, "years": text.years, "percent": "%"}.get(q.unit or "") if q.type == "integer" else "USD"
    extra: dict[str, Any] = {}
    if q.type in ("choice", "boolean"):
        extra["radios"] = _choice_lines(q, options, "radio")
    elif q.type == "multi_choice":
        extra["checkboxes"] = _choice_lines(q, options, "checkbox")
    elif q.type in ("picker", "naics"):
        extra["picker"] = _picker_options(q, lang)
        extra["picker_html"] = group_options(extra["picker"], None)
        extra["picker_values"] = frozenset(o.value for o in extra["picker"])
    elif q.type == "amounts_by_market":
        catalog = get_translations(lang)
        extra["countries"] = tuple(str(escape(catalog.gettext(COUNTRY_MSGIDS[m]))) for m in MARKETS)
    return QuestionStatics(q, name, block_open, label, hint, unit, **extra)


def _choice_hint(q: Question, choice: Any, lang: str) -> str | None:
    if not choice.hint:
        return None
    return str(escape(_tr(lang, f"question.{q.id}.{choice.value}|hint", choice.hint)))


def _reveal(question: Question) -> tuple[str, list[str]] | None:
    """For the script: show this question only while a radio on the page has one of these values."""
    condition = question.shown_when
    if condition is None or condition.left is None or condition.op not in ("equals", "in"):
        return None
    values = condition.right if isinstance(condition.right, tuple) else (condition.right,)
    return condition.left.name.replace(".", "-"), [str(v) for v in values]


def _choice_lines(q: Question, options: list[tuple[str, str, str | None]], kind: str) -> tuple[tuple[str, str, str], ...]:
    lines = []
    for index, (value, label, hint) in enumerate(options, start=1):
        element_id = q.name if index == 1 else f"{q.name}-{index}"
        head = f'\n    <div class="choice">\n      <input type="{kind}" id="{element_id}" name="{q.name}" value="{escape(value)}"'
        tail = f' aria-describedby="{element_id}-item-hint"' if hint else ""
        if kind == "checkbox" and q.exclusive == value:
            tail += " data-exclusive"
        tail += f'>\n      <label for="{element_id}">{label}</label>'
        if hint:
            tail += f'<p class="hint choice-hint" id="{element_id}-item-hint">{hint}</p>'
        lines.append((value, head, tail + "\n    </div>"))
    return tuple(lines)


def _picker_options(q: Question, lang: str) -> tuple[PickerOption, ...]:
    labels = {g.value: _tr(lang, g.context, g.label) for g in q.groups}
    options = []
    for choice in q.choices:
        value, label = str(choice.value), _tr(lang, choice.context, choice.label)
        if q.type == "naics":  # a sector is known by its code as much as by its name
            label = f"{value} – {label}"
        group_label = labels.get(choice.group)
        line = f'\n        <option value="{escape(value)}">{escape(label)}</option>'
        options.append(PickerOption(value, choice.group, str(escape(group_label)) if group_label else None,
                                    fold(label), fold(value), line, line.replace(">", " selected>", 1)))
    return tuple(options)


def group_options(options: tuple[PickerOption, ...] | list[PickerOption], selected: Any) -> str:
    """The <option> lines in <optgroup>s, in the order the groups first appear."""
    groups: dict[Any, list[str]] = {}
    labels: dict[Any, str | None] = {}
    for option in options:
        labels.setdefault(option.group, option.group_label)
        groups.setdefault(option.group, []).append(option.selected_line if option.value == selected else option.line)
    return "".join(
        f'<optgroup label="{labels[key]}">{"".join(lines)}</optgroup>' if labels[key] else "".join(lines)
        for key, lines in groups.items()
    )

