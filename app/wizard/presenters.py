"""Plain data for the wizard's templates: progress, answers in words, the plan.

Templates never see a model: they get these dicts and lists, in the page's
language.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import gettext, lazy_gettext, ngettext

from app.i18n.markers import COUNTRY_NAMES
from app.i18n.web import format_date
from app.plans import areas
from app.rules_engine.scope import get_path
from app.wizard.branching import asked_markets, question_shown, step_done, visible_steps
from app.wizard.forms import show_number, tr, translate
from app.wizard.steps import Question, Step, StepBook

AREA_NAMES = {**{area: lazy_gettext(name) for area, name in areas.AREA_NAMES.items()}, "overall": lazy_gettext("Overall")}
PRIORITY_NAMES = {"high": lazy_gettext("Do first"), "medium": lazy_gettext("Do next"), "low": lazy_gettext("When you can")}
# The names' msgids apart, for code that translates them for a given language (statics.py).


def step_title(step: Step) -> str:
    return tr(f"step.{step.id}|title", step.title)


def step_description(step: Step) -> str | None:
    return tr(f"step.{step.id}|description", step.description) if step.description else None


def question_label(question: Question) -> str:
    return tr(f"question.{question.id}|label", question.label)


def unit_text(question: Question, value: Any) -> str:
    number = show_number(value)
    if question.type == "money":
        return gettext("US$%(amount)s", amount=number)
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
    if kind == "amounts_by_market":
        return "; ".join(f"{gettext(COUNTRY_NAMES[m])}: {gettext('US$%(amount)s', amount=show_number(value[m]))}" for m in question.markets if m in value)
    if kind == "naics":
        sector = question.choice(value[:2])
        return f"{value} – {translate(sector)}" if sector else str(value)
    if isinstance(value, list):
        return ", ".join(translate(c) if (c := question.choice(v)) else str(v) for v in value)
    choice = question.choice(value)
    return translate(choice) if choice else str(value)


def progress(steps: list[Step], current: str) -> dict[str, Any]:
    """Step n of total, among the steps the business sees (`visible_steps`)."""
    ids = [s.id for s in steps]
    number = ids.index(current) + 1 if current in ids else len(ids)
    return {"number": number, "total": len(ids)}


def change_anchor(question: Question) -> str:
    """The id on the step page that the review's "Change" link lands on: the
    fieldset of amounts asked per market (its inputs are `<name>-US`…, none is
    `<name>`), else the question's own field (fields.py writes both ids)."""
    return f"{question.name}-group" if question.type == "amounts_by_market" else question.name


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


def origin_findings(plan: dict[str, Any], answers: dict[str, Any] | None) -> list[str]:
    """The origin findings in words, as the PDF words them: each RVC method
    compared with its own threshold (`app.pdf.context.rvc_lines`)."""
    from app.i18n.catalogs import get_translations  # noqa: PLC0415  (catalogs load on use)
    from app.pdf.context import Formatter, rvc_lines  # noqa: PLC0415  (the PDF's wording, loaded on use)
    from app.pdf.services import pdf_figures  # noqa: PLC0415

    if plan["findings"].get("origin_status") in (None, "not_applicable"):
        return []
    fmt = Formatter(plan["locale"], get_translations(plan["locale"]))
    return rvc_lines(plan["findings"], pdf_figures(answers or {}), fmt)


def plan_view(plan: dict[str, Any], answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The plan JSON with words for area ids and dates for due days (the
    template words the reasons itself, through `explain_answer`)."""
    evaluated = date.fromisoformat(plan["evaluated_on"])
    scores = [{"area": area, "name": AREA_NAMES.get(area, area.replace("_", " ").capitalize()), "score": score}
              for area, score in plan["scores"].items() if area != "overall"]
    groups = []
    for priority in ("high", "medium", "low"):
        actions = [_action(action, evaluated) for action in plan["actions"] if action["priority"] == priority]
        if actions:
            groups.append({"priority": priority, "name": PRIORITY_NAMES[priority], "actions": actions})
    return {"scores": scores, "overall": plan["scores"].get("overall"), "groups": groups,
            "evaluated_on": format_date(evaluated, "long"), "rules_version": plan["rules_version"],
            "count": len(plan["actions"]), "origin_findings": origin_findings(plan, answers)}


def _action(action: dict[str, Any], evaluated: date) -> dict[str, Any]:
    from app.plans.explain import shown_reasons  # noqa: PLC0415  (it imports this package's steps)

    return {**action, "why": shown_reasons(action["why"]), "area_name": AREA_NAMES.get(action["area"], action["area"]),
            "due": format_date(evaluated + timedelta(days=action["due_in_days"]), "long")}
