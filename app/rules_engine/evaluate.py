"""`evaluate`: answers in, action plan out. Deterministic and side-effect free."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.rules_engine.conditions import Operand
from app.rules_engine.model import ANCHORS, FINDING_DEFAULTS, PRIORITIES, Area, Finding, Rule, RuleBase
from app.rules_engine.plan import Action, Plan
from app.rules_engine.schedule import Due, schedule
from app.rules_engine.scope import EvaluationScope
from app.rules_engine.sources import canonical_citation, cited_for
from app.rules_engine.texts import Texts


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _finding_value(finding: Finding, scope: EvaluationScope) -> Any:
    def read(side: Any) -> Any:
        return side.read(scope) if isinstance(side, Operand) else side

    if finding.kind == "value":
        return read(finding.value)
    for case in finding.cases:
        if case.when.test(scope) is True:
            return read(case.value)
    return read(finding.otherwise)


def _score(area: Area, scope: EvaluationScope, urgent: bool) -> int | None:
    """The share of what applies in the area that is already in place: the
    points of its score items met, out of all of them; while the area has
    `urgent` (high-priority) actions to do, they count as one more item, of
    the items' average weight, not yet in place. So an area with an urgent
    action is never shown as fully ready."""
    total = sum(item.points for item in area.score_items)
    if total == 0:
        return None
    earned = sum(item.points for item in area.score_items if item.when.test(scope) is True)
    pending = Decimal(total) / len(area.score_items) if urgent else 0
    return round_half_up(100 * earned / (total + pending))


def concerned_countries(scope: EvaluationScope) -> frozenset[str]:
    """The countries the business deals with: its home, its target markets, the
    traveller's destination, where its consumers buy and whose residents' data it holds."""
    found = {"INTL", scope.answer("profile.country"), scope.answer("travel.destination")}
    found.update(scope.answer("export.markets") or ())
    found.update(scope.answer("digital.data_subject_markets") or ())
    sales = scope.answer("digital.annual_b2c_sales") or {}
    found.update(country for country, amount in sales.items() if amount)
    return frozenset(c for c in found if c)


def _resources(rule: Rule, countries: frozenset[str], locale: str) -> tuple[tuple[str, str, str], ...]:
    """The rule's resources of the countries this business deals with (`INTL` always).

    Never another country's: a page of a government the business does not
    deal with would send it to the wrong law; citations of one country's law
    are chosen the same way (`cited_for`). An action is never left without a
    source (tests/rules_engine checks it over every example case).
    """
    chosen = [r for r in rule.links if r.country in countries]
    return tuple((r.name, r.url_for(locale), r.country) for r in chosen)


def _actions(area: Area, scope: EvaluationScope, texts: Texts) -> list[Action]:
    actions = []
    answer, locale, countries = scope.answer, texts.locale, scope.countries
    shown: dict[int, str] = {}
    for rule in area.rules:
        if rule.when.test(scope) is not True:
            continue
        due = schedule(rule, scope)
        actions.append(
            Action(
                id=rule.id,
                area=rule.area,
                priority=rule.priority,
                due_in_days=due.in_days,
                title=texts.fill(texts.get(rule.id + "|title", rule.title), rule.vars, scope, shown),
                detail=texts.fill(texts.get(rule.id + "|detail", rule.detail), rule.vars, scope, shown),
                # Only answers the business was asked: a hidden one explains nothing.
                why=tuple([(path, answer(path)) for path in rule.why if scope.asked(path)]) + _planned(rule, due),
                citations=tuple(canonical_citation(c) for c in rule.citations if cited_for(c, countries)),
                resources=_resources(rule, countries, locale),
                needs_review=rule.needs_review is not None,
                due_date=due.date,
                lead_time=due.lead_time,
                suggested_days=rule.due_in_days,
            )
        )
    return actions


def _planned(rule: Rule, due: Due) -> tuple[tuple[str, Any], ...]:
    """The planned date the due date counts back from, when one was used: it explains the date."""
    if due.lead_time is None or due.lead_time["planned_date"] is None:
        return ()
    path = ANCHORS[rule.anchor]
    return () if path in rule.why else ((path, due.lead_time["planned_date"]),)


def evaluate(base: RuleBase, answers: Mapping[str, Any], locale: str, on: date, texts: Texts) -> Plan:
    """The plan for a VALID answers document (validate first: see app.answers)."""
    scope = EvaluationScope(base, answers, on)
    scope.countries = concerned_countries(scope)
    scores: dict[str, int | None] = {}
    findings: dict[str, Any] = dict(FINDING_DEFAULTS)
    actions: list[Action] = []
    for area in base.areas:
        applies = area.applies_when.test(scope) is True
        found = _actions(area, scope, texts) if applies else []
        scores[area.name] = _score(area, scope, any(a.priority == "high" for a in found)) if applies else None
        for finding in area.findings:
            findings[finding.key] = _finding_value(finding, scope) if applies else finding.not_applicable
        actions.extend(found)
    known = [s for s in scores.values() if s is not None]
    scores["overall"] = round_half_up(sum(known) / len(known)) if known else None
    actions.sort(key=lambda a: (PRIORITIES[a.priority], a.due_in_days, a.suggested_days, a.id))
    return Plan(
        rules_version=base.version,
        evaluated_on=on.isoformat(),
        locale=locale,
        scores=tuple(scores.items()),
        findings=tuple((key, findings[key]) for key in FINDING_DEFAULTS),
        actions=tuple(actions),
    )
