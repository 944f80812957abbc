"""When an action is due: the one place that turns a rule's timing into the plan's dates.

Every action is due before a planned date the business may give: its first
shipment (or delivery to a client abroad) or its first trip; the rule's
`lead_time` names which and how many days the step usually takes (a dated
parameter), and a rule without one is due by its area's date
(model.AREA_ANCHORS), with no lead time. With the date, the action is due
the lead time before it, and never later; when less time is left than the
lead time, it is due now and marked `time_short`. Without the date no
calendar date is invented: `due_date` is null and the renderings say
"before your first shipment" or "at least N weeks before the trip";
`due_in_days` then keeps the rule's own figure, which only orders the
actions (contracts.md section 2 orders them by it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.rules_engine.model import ANCHORS, Rule
from app.rules_engine.scope import EvaluationScope


@dataclass(frozen=True, slots=True)
class Due:
    in_days: int
    date: str | None  # ISO date; None when the action counts back from a date not given
    lead_time: dict[str, Any] | None  # before, days, planned_date, time_short


def planned_date(value: Any, on: date) -> date | None:
    """A planned date answer still ahead (or today) on the evaluation date.

    A date already past says nothing about the next shipment or trip, so it
    counts as not given (the wizard refuses one; a stored plan ages)."""
    if not isinstance(value, str):
        return None
    try:
        planned = date.fromisoformat(value)
    except ValueError:
        return None
    return planned if planned >= on else None


def schedule(rule: Rule, scope: EvaluationScope) -> Due:
    on = scope.on
    lead = scope.param(rule.lead_time.param) if rule.lead_time else 0
    if not isinstance(lead, int) or isinstance(lead, bool) or lead < 0:
        lead = 0  # no lead time in force on that date: due by the planned date itself
    before = rule.anchor
    planned = planned_date(scope.answer(ANCHORS[before]), on)
    timing: dict[str, Any] = {"before": before, "days": lead, "planned_date": None, "time_short": False}
    if planned is None:
        return Due(rule.due_in_days, None, timing)
    timing["planned_date"] = planned.isoformat()
    start = planned - timedelta(days=lead)
    if start < on:
        timing["time_short"] = True
        return Due(0, on.isoformat(), timing)
    return Due((start - on).days, start.isoformat(), timing)
