"""The questions of a step page as HTML, written in Python instead of Jinja macros.

A step page shows up to a dozen questions and hundreds of options; rendered
through nested Jinja macros that was most of a page's cost. Everything that
depends only on the question and the language (escaped labels, hints, option
lines, the picker's list, translated words) is built once per process in
`statics.py`; a request only adds its values, checked marks and errors. The
markup is exactly what the macros wrote: labels, fieldsets and legends,
`aria-describedby` to hints and errors, one error per field.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from app.wizard.forms import MARKETS, PageValues, fold, page_markets
from app.wizard.statics import FALLBACK, PickerOption, QuestionStatics, Words, group_options, question_statics, words
from app.wizard.steps import Question


def render_questions(questions: tuple[Question, ...], form: PageValues, lang: str) -> list[Markup]:
    """One block of HTML per question, in page order."""
    text = words(lang)
    return [Markup(_block(question_statics(q, lang), form, text)) for q in questions]


def _block(s: QuestionStatics, form: PageValues, text: Words) -> str:
    q = s.question
    field = form[q.name]
    kind = q.type
    if kind in ("choice", "boolean"):
        body = "\n    " + _choices(s, field, text, "radio")
    elif kind == "multi_choice":
        body = "\n  \n" + _choices(s, field, text, "checkbox")
    elif kind in ("integer", "money"):
        body = (f'\n  <div class="question{_has_error(field.errors)}">\n    {_label(s)}\n    {_hint_and_error(s, field, text)}'
                f"\n    {_number(q.name, field, kind, s.unit, _describedby(s, field))}\n  </div>")
    elif kind in ("text", "email"):
        body = _text_input(s, field, text)
    elif kind == "hs_code":
        body = _hs_code(s, field, form[f"{q.name}-unknown"], text)
    elif kind == "naics":
        body = _naics(s, field, form[f"{q.name}-detail"], form[f"{q.name}-filter"], text)
    elif kind == "picker":
        body = _picker(s, field, form[f"{q.name}-filter"], text)
    elif kind == "amounts_by_market":
        body = _amounts(s, field, form, text)
    else:
        body = ""
    return f"{s.block_open}{body}\n</div>"


def _has_error(errors: Any) -> str:
    return " has-error" if errors else ""


def _invalid(errors: Any) -> str:
    return ' aria-invalid="true"' if errors else ""


def _describedby(s: QuestionStatics, field: Any) -> str:
    ids = [f"{s.name}-hint"] if s.hint else []
    if field.errors:
        ids.append(f"{s.name}-error")
    return f' aria-describedby="{" ".join(ids)}"' if ids else ""


def _error(element_id: str, message: Any, text: Words) -> str:
    return (f'<p class="field-error" id="{element_id}"><span class="visually-hidden">{text.error}</span> '
            f"{escape(message)}</p>")


def _hint_and_error(s: QuestionStatics, field: Any, text: Words) -> str:
    hint = f'<p class="hint" id="{s.name}-hint">{s.hint}</p>' if s.hint else ""
    return hint + (_error(f"{s.name}-error", field.errors[0], text) if field.errors else "")


def _legend(s: QuestionStatics) -> str:
    return f'<legend class="question-label">{s.label}</legend>'


def _label(s: QuestionStatics) -> str:
    return f'<label class="question-label" for="{s.name}">{s.label}</label>'


def _fieldset(s: QuestionStatics, field: Any, text: Words, has_error: bool, indent: str) -> str:
    return (f'<fieldset class="question{_has_error(has_error)}" id="{s.name}-group"{_describedby(s, field)}{_invalid(has_error)}>'
            f"\n{indent}  {_legend(s)}\n{indent}  {_hint_and_error(s, field, text)}")


def _chosen(data: Any, radio: bool) -> set[str]:
    if radio:
        return set() if data is None else {str(data)}
    return {str(v) for v in data or ()}


def _choices(s: QuestionStatics, field: Any, text: Words, kind: str) -> str:
    chosen = _chosen(field.data, kind == "radio")
    options = "".join(f"{head}{' checked' if value in chosen else ''}{tail}"
                      for value, head, tail in (s.radios if kind == "radio" else s.checkboxes))
    return (f'{_fieldset(s, field, text, bool(field.errors), "")}\n  <div class="choices">{options}'
            "\n  </div>\n</fieldset>")


def _number(name: str, field: Any, kind: str, unit: str | None, extra: str) -> str:
    before = '<span class="unit unit-before" aria-hidden="true">US$</span>' if kind == "money" else ""
    after = f'<span class="unit" aria-hidden="true">{unit}</span>' if unit else ""
    mode = "numeric" if kind == "integer" else "decimal"
    return (f'<div class="input-with-unit">{before}\n  <input class="input-number{" input-error" if field.errors else ""}"'
            f' type="text" id="{name}" name="{name}" value="{escape(field.data or "")}" inputmode="{mode}"'
            f' autocomplete="off" spellcheck="false"{extra}{_invalid(field.errors)}>{after}\n</div>')


def _text_input(s: QuestionStatics, field: Any, text: Words) -> str:
    email = s.question.type == "email"
    return (f'\n  <div class="question{_has_error(field.errors)}">\n    {_label(s)}\n    {_hint_and_error(s, field, text)}'
            f'\n    <input class="input-text{" input-error" if field.errors else ""}" type="{"email" if email else "text"}"'
            f' id="{s.name}" name="{s.name}" value="{escape(field.data or "")}"'
            f' autocomplete="{"email" if email else "organization"}" spellcheck="false"'
            f' maxlength="{254 if email else 200}"{_describedby(s, field)}{_invalid(field.errors)}>\n  </div>')


def _hs_code(s: QuestionStatics, field: Any, unknown: Any, text: Words) -> str:
    return (f'\n  <div class="question{_has_error(field.errors)}">\n    {_label(s)}\n    {_hint_and_error(s, field, text)}'
            f'\n    <input class="input-text input-short{" input-error" if field.errors else ""}" type="text"'
            f' id="{s.name}" name="{s.name}" value="{escape(field.data or "")}" inputmode="decimal" autocomplete="off"'
            f' spellcheck="false"{_describedby(s, field)}{_invalid(field.errors)}>'
            f'\n    <div class="choice">\n      <input type="checkbox" id="{s.name}-unknown" name="{s.name}-unknown"'
            f' value="y"{" checked" if unknown.data else ""}>\n      <label for="{s.name}-unknown">{text.unknown_code}</label>'
            "\n    </div>\n  </div>")


def _naics(s: QuestionStatics, field: Any, detail: Any, filter_field: Any, text: Words) -> str:
    name = s.name
    options, search = _searchable(s, field.data, filter_field, text)
    error = _error(f"{name}-detail-error", detail.errors[0], text) if detail.errors else ""
    described = f' aria-describedby="{name}-detail-error"' if detail.errors else ""
    return (f'\n  {_fieldset(s, field, text, bool(field.errors or detail.errors), "  ")}{search}'
            f'\n    <label class="sub-label" for="{name}">{text.sector}</label>'
            f'\n    <select class="input-select" id="{name}" name="{name}"{_invalid(field.errors)}>\n      <option value="">{text.choose_sector}</option>'
            f'{options}\n    </select>\n    <label class="sub-label" for="{name}-detail">{text.naics_detail}</label>{error}'
            f'\n    <input class="input-text input-short{" input-error" if detail.errors else ""}" type="text"'
            f' id="{name}-detail" name="{name}-detail" value="{escape(detail.data or "")}" inputmode="numeric"'
            f' autocomplete="off"{described}{_invalid(detail.errors)}>\n  </fieldset>')


def _picker(s: QuestionStatics, field: Any, filter_field: Any, text: Words) -> str:
    name = s.name
    options, search = _searchable(s, field.data, filter_field, text)
    return (f'\n  <div class="question picker{_has_error(field.errors)}">\n    {_label(s)}\n    {_hint_and_error(s, field, text)}'
            f'{search}'
            f'\n    <select class="input-select" id="{name}" name="{name}"{_describedby(s, field)}{_invalid(field.errors)}>'
            f'\n      <option value="">{text.choose_from_list}</option>{options}\n    </select>\n  </div>')


def _searchable(s: QuestionStatics, selected: Any, filter_field: Any, text: Words) -> tuple[str, str]:
    """A long list's <option> lines, as far as the search typed matches them, and
    the search box: its button sends the page back filtered (no JavaScript
    needed); wizard.js filters as one types, with the same keywords, and says
    how many match in the same status line (always there, so that screen
    readers announce it when it changes)."""
    name = s.name
    query = filter_field.data or ""
    wanted = fold(query.strip())
    if wanted:
        options, shown = _filtered(s.picker, wanted, selected)
        count = text.matches(shown)
    else:
        options, count = s.picker_html, ""
        if selected is not None and str(selected) in s.picker_values:
            plain = f'<option value="{escape(selected)}">'
            options = options.replace(plain, f'<option value="{escape(selected)}" selected>', 1)
    search = (f'\n    <div class="picker-filter">\n      <label class="sub-label" for="{name}-filter">{text.search_list}</label>'
              f'\n      <input class="input-text input-filter" type="search" id="{name}-filter" name="{name}-filter"'
              f' value="{escape(query)}" autocomplete="off" data-filters="{name}" data-status="{name}-matches"{s.picker_search}>'
              f'\n      <button class="button button-secondary picker-button" type="submit" name="action"'
              f' value="filter:{name}">{text.search}</button>'
              f'\n      <p class="hint" id="{name}-matches" role="status"{text.matches_for_script}>{count}</p>\n    </div>')
    return options, search


def _filtered(options: tuple[PickerOption, ...], wanted: str, selected: Any) -> tuple[str, int]:
    """The options matching `wanted`, and how many; the selected one and the
    way out ("Another profession") always stay."""
    kept = [o for o in options if _matches(o, wanted) or o.value in (str(selected), FALLBACK)]
    shown = sum(1 for o in kept if _matches(o, wanted))
    return group_options(kept, selected), shown


def _matches(option: PickerOption, wanted: str) -> bool:
    """In its name, its value or its keywords; a longer code finds its sector
    (5415 → 54). wizard.js matches alike."""
    return (wanted in option.folded_label or wanted in option.folded_value or wanted in option.folded_keywords
            or (wanted.isdigit() and option.folded_value.isdigit() and wanted.startswith(option.folded_value)))


def _amounts(s: QuestionStatics, field: Any, form: PageValues, text: Words) -> str:
    """One box per target market: a market the business does not sell to, or
    its own country, is not asked."""
    countries = dict(zip(MARKETS, s.countries, strict=True))
    subs = [(market, countries[market], form[f"{s.name}-{market}"]) for market in page_markets()]
    parts = [f'\n  {_fieldset(s, field, text, any(sub.errors for _, _, sub in subs), "  ")}']
    for market, country, sub in subs:
        sub_id = f"{s.name}-{market}"
        parts.append(f'\n    <label class="sub-label" for="{sub_id}">{country}</label>')
        if sub.errors:
            parts.append(_error(f"{sub_id}-error", sub.errors[0], text))
        extra = f' aria-describedby="{sub_id}-error"' if sub.errors else ""
        parts.append(f"\n    {_number(sub_id, sub, 'money', 'USD', extra)}")
    parts.append("\n  </fieldset>")
    return "".join(parts)
