"""Plain data for the wizard's templates: progress, answers in words, the plan.

Templates never see a model: they get these dicts and lists, in the page's
language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.support import Translations
from flask_babel import gettext, lazy_gettext, ngettext

from app.i18n.formats import format_percent
from app.i18n.markers import COUNTRY_NAMES
from app.i18n.web import format_date, select_locale
from app.pdf.rule_verdicts import hs_dotted
from app.plans import areas
from app.plans.due import due_view
from app.rules_engine.scope import get_path
from app.wizard.branching import asked_markets, question_shown, step_done, visible_steps
from app.wizard.forms import money_text, page_currency, show_number, tr, translate
from app.wizard.steps import Question, Step, StepBook

AREA_NAMES = {**{area: lazy_gettext(name) for area, name in areas.AREA_NAMES.items()}, "overall": lazy_gettext("Overall")}
PRIORITY_NAMES = {"high": lazy_gettext("Do first"), "medium": lazy_gettext("Do next"), "low": lazy_gettext("When you can")}
# The names' msgids apart, for code that translates them for a given language (statics.py).


def step_title(step: Step) -> str:
    return tr(f"step.{step.id}|title", step.title)


def step_description(step: Step) -> str | None:
    return tr(f"step.{step.id}|description", step.description) if step.description else None


def currency(book: StepBook) -> tuple[str, str]:
    """The code and name (in the page's language) of the currency the amounts are given in."""
    code = page_currency()
    question = book.questions.get("profile.currency")
    choice = question.choice(code) if question is not None else None
    return code, translate(choice) if choice is not None else code


def question_label(question: Question) -> str:
    return tr(f"question.{question.id}|label", question.label)


def unit_text(question: Question, value: Any) -> str:
    number = show_number(value)
    if question.type == "money":
        return money_text(value, page_currency())
    if question.unit == "people":
        return ngettext("%(count)s person", "%(count)s people", int(value), count=number)
    if question.unit == "years":
        return ngettext("%(count)s year", "%(count)s years", int(value), count=number)
    if question.unit == "percent":
        return gettext("%(num)s%%", num=number)
    return number


def describe(question: Question, value: Any) -> str:
    """An answer as words in the page's language."""
    if value is None or value in ([], {}):
        return gettext("Not answered")
    kind = question.type
    if kind == "boolean":
        return gettext("Yes") if value else gettext("No")
    if kind in ("integer", "money"):
        return unit_text(question, value)
    if kind == "date":
        return format_date(date.fromisoformat(value), "long")
    if kind == "amounts_by_market":
        currency = page_currency()
        return "; ".join(f"{gettext(COUNTRY_NAMES[m])}: {money_text(value[m], currency)}" for m in question.markets if m in value)
    if kind == "materials":
        return "; ".join(_material_text(item) for item in value)
    if kind == "naics":
        sector = question.choice(value[:2])
        return f"{value} – {translate(sector)}" if sector else str(value)
    if isinstance(value, list):
        return ", ".join(translate(c) if (c := question.choice(v)) else str(v) for v in value)
    choice = question.choice(value)
    return translate(choice) if choice else str(value)


ORIGIN_WORDS = {"originating": lazy_gettext("originating"), "non_originating": lazy_gettext("not originating"),
                "unknown": lazy_gettext("origin not known")}


def _material_text(item: dict[str, Any]) -> str:
    """One material of the bill of materials: "HS 4407.11, not originating, US$30" (in the business's currency)."""
    code = item.get("hs_code")
    text = gettext("%(code)s, %(origin)s, %(value)s",
                   code=gettext("HS %(code)s", code=hs_dotted(code)) if code else gettext("HS code not known"),
                   origin=ORIGIN_WORDS.get(item.get("origin"), ""),
                   value=money_text(item.get("unit_value"), page_currency()))
    if item.get("weight_pct") is not None:
        text = gettext("%(material)s, %(share)s of the weight", material=text,
                       share=format_percent(item["weight_pct"], select_locale()))
    return text


SECTION_STATES = {"done": lazy_gettext("Done"), "current": lazy_gettext("You are here"),
                  "todo": lazy_gettext("To do"), "skipped": lazy_gettext("Not needed for your answers")}


def progress(book: StepBook, answers: dict[str, Any], contact: dict[str, str], current: str) -> dict[str, Any]:
    """Step n of total, counted in the questionnaire's sections (the steps that
    are part of no other), every one of them: the total never changes as the
    answers branch. Each section with its state, for the list under the bar:
    a section the answers do not ask is "not needed", not left out."""
    step = book.step(current)
    here = (step.part_of or step.id) if step is not None else None
    sections = []
    visible = visible_steps(book, answers)
    for section in (s for s in book.steps if s.part_of is None):
        shown = [s for s in visible if section.id in (s.id, s.part_of)]
        if section.id == here:
            state = "current"
        elif not shown:
            state = "skipped"
        else:
            state = "done" if all(step_done(book, s, answers, contact) for s in shown) else "todo"
        sections.append({"title": step_title(section), "state": state, "state_text": str(SECTION_STATES[state])})
    ids = [s["state"] for s in sections]
    number = ids.index("current") + 1 if "current" in ids else len(ids)
    return {"number": number, "total": len(sections), "sections": sections}


def change_anchor(question: Question) -> str:
    """The id on the step page that the review's "Change" link lands on: the
    fieldset of amounts asked per market (its inputs are `<name>-US`…, none is
    `<name>`) and of the materials (rows of fields), else the question's own field
    (fields.py writes both ids)."""
    return f"{question.name}-group" if question.type in ("amounts_by_market", "materials") else question.name


def review_sections(book: StepBook, answers: dict[str, Any], contact: dict[str, str]) -> list[dict[str, Any]]:
    sections = []
    for step in visible_steps(book, answers):
        rows = []
        for question in step.questions:
            if not question_shown(book, question, answers):
                continue
            if question.id.startswith("contact."):
                value = contact.get(question.id.split(".", 1)[1])
            else:
                value = get_path(answers, question.id)
            if question.type == "amounts_by_market" and isinstance(value, dict):
                value = {m: value[m] for m in asked_markets(question, answers) if m in value}
            if question.type == "hs_code" and value is None and step_done(book, step, answers, contact):
                text = gettext("I don't know")
            else:
                text = describe(question, value)
            rows.append({"id": question.id, "name": question.name, "anchor": change_anchor(question),
                         "label": question_label(question), "value": text})
        sections.append({"id": step.id, "title": step_title(step), "rows": rows,
                         "done": step_done(book, step, answers, contact)})
    return sections


def plan_view(plan: dict[str, Any], answers: dict[str, Any] | None = None, area: str | None = None,
              priority: str | None = None, done: frozenset[str] = frozenset(), tick_url: str | None = None,
              ) -> dict[str, Any]:
    """The results page's plan, in the PDF's order and words: what we found
    (each area's findings in the business's own figures), the first
    `TOP_ACTIONS` actions, then the others by area. `area` and `priority`
    keep only the actions that match (the page's filters); unknown values
    keep all. `done`: the actions marked as done, which leave the first
    actions for their area's list; `tick_url`: where marking is sent (none:
    the plan is read-only, as staff read a member's)."""
    from app.i18n.catalogs import get_translations  # noqa: PLC0415  (catalogs load on use)
    from app.pdf.context import (  # noqa: PLC0415
        TOP_ACTIONS,
        Formatter,
        area_applies,
        area_order,
        findings_blocks,
        origin_rule_view,
    )
    from app.pdf.services import pdf_figures, reference_texts  # noqa: PLC0415  (the PDF's wording, loaded on use)

    locale = plan["locale"]
    fmt = Formatter(locale, get_translations(locale))
    given, reference = pdf_figures(answers or {}), reference_texts(plan, locale)
    evaluated = date.fromisoformat(plan["evaluated_on"])
    areas = [a for a in area_order(plan) if area_applies(plan, a)]
    area = area if area in areas else None
    priority = priority if priority in PRIORITY_NAMES else None
    t = get_translations(locale)
    actions = [{**_action(action, evaluated, t, locale), "done": action["id"] in done} for action in plan["actions"]]
    top = [x for x in actions if not x["done"]][:TOP_ACTIONS]
    rest = [x for x in actions if x not in top]

    def shown(action: dict[str, Any]) -> bool:
        return area in (None, action["area"]) and priority in (None, action["priority"])

    scores = [{"area": a, "name": area_name(a), "score": plan["scores"].get(a)} for a in areas if a in plan["scores"]]
    rule = origin_rule_view(plan["findings"].get("origin_rule"), fmt)
    findings = findings_blocks(plan, areas, given, reference, fmt, rule)
    by_area = [{"area": a, "name": area_name(a), "actions": [x for x in rest if x["area"] == a and shown(x)]}
               for a in areas]
    return {
        "scores": scores, "overall": plan["scores"].get("overall"), "findings": findings,
        "top": [x for x in top if shown(x)], "by_area": [group for group in by_area if group["actions"]],
        "areas": [{"area": a, "name": area_name(a)} for a in areas], "priorities": PRIORITY_NAMES,
        "filter": {"area": area, "priority": priority},
        "origin_rule": rule, "shown": sum(1 for x in actions if shown(x)),
        "evaluated_on": format_date(evaluated, "long"), "rules_version": plan["rules_version"], "count": len(actions),
        "done_count": sum(x["done"] for x in actions), "tick_url": tick_url,
    }


def area_name(area: str) -> str:
    return str(AREA_NAMES.get(area, area.replace("_", " ").capitalize()))


def _action(action: dict[str, Any], evaluated: date, t: Translations, locale: str) -> dict[str, Any]:
    from app.plans.explain import shown_reasons  # noqa: PLC0415  (it imports this package's steps)

    return {**action, "why": shown_reasons(action["why"]), "area_name": area_name(action["area"]),
            "priority_name": PRIORITY_NAMES[action["priority"]], "due": due_view(action, evaluated, t, locale)}
