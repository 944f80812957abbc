"""Due dates count back from the planned first shipment or first trip, by
dated lead times (rules/parameters/lead_times.yaml); without a planned date
the plan invents no calendar date, and never is a due date later than the
planned date minus the lead time."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from app.rules_engine import Engine
from app.rules_engine.cases import BASE_DOCUMENT, merge
from tests.rules_engine.conftest import MINIMAL_AREA

ON = date(2026, 12, 7)
PLAN_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "app/plans/plan.schema.json").read_text())
VISA = "temporary_entry.visitor.get_us_visitor_visa"
MX_VISITOR = {
    "profile": {"country": "MX", "region": "MX-NLE"},
    "export": {"markets": ["US"]},
    "travel": {"needed": True, "purposes": ["meetings_sales"], "citizenship": "MX", "destination": "US"},
}


def plan_for(engine: Engine, trip: str | None = None, locale: str = "en") -> dict:
    answers = merge(BASE_DOCUMENT, MX_VISITOR)
    if trip:
        answers["travel"]["first_trip_date"] = trip
    plan = engine.evaluate(answers, locale, ON).as_dict()
    Draft202012Validator(PLAN_SCHEMA, format_checker=FormatChecker()).validate(plan)
    return plan


def action(plan: dict, action_id: str) -> dict:
    return next(a for a in plan["actions"] if a["id"] == action_id)


def lead_days(engine: Engine) -> int:
    return engine.base.parameters["temporary_entry.lead_us_visitor_visa_days"].value_on(ON).value


def test_without_a_trip_date_the_visa_has_no_calendar_date_but_its_lead_time(engine):
    visa = action(plan_for(engine), VISA)
    assert visa["due_date"] is None
    assert visa["lead_time"] == {"before": "first_trip", "days": lead_days(engine), "planned_date": None, "time_short": False}


def test_with_a_distant_trip_date_the_visa_is_due_the_lead_time_before_it(engine):
    visa = action(plan_for(engine, "2028-06-01"), VISA)
    due = date(2028, 6, 1) - timedelta(days=lead_days(engine))
    assert visa["due_date"] == due.isoformat()
    assert visa["due_in_days"] == (due - ON).days
    assert visa["lead_time"]["planned_date"] == "2028-06-01" and visa["lead_time"]["time_short"] is False
    # The planned date is among the answers that explain the action.
    assert {"answer": "travel.first_trip_date", "value": "2028-06-01"} in visa["why"]


def test_a_trip_closer_than_the_lead_time_is_due_now_and_marked_short_of_time(engine):
    visa = action(plan_for(engine, "2026-12-14"), VISA)
    assert visa["due_date"] == ON.isoformat() and visa["due_in_days"] == 0
    assert visa["lead_time"]["time_short"] is True


def test_no_due_date_is_ever_later_than_the_trip_minus_the_lead_time(engine):
    for days_ahead in (0, 1, 30, 200, 363, 364, 365, 700):
        trip = ON + timedelta(days=days_ahead)
        for found in plan_for(engine, trip.isoformat())["actions"]:
            timing = found.get("lead_time")
            if timing and timing["before"] == "first_trip":
                latest = trip - timedelta(days=timing["days"])
                assert date.fromisoformat(found["due_date"]) <= max(latest, ON)
                assert timing["time_short"] is (latest < ON)


def test_a_trip_date_already_past_counts_as_not_given(engine):
    visa = action(plan_for(engine, "2026-12-06"), VISA)
    assert visa["due_date"] is None
    assert all(why["answer"] != "travel.first_trip_date" for why in visa["why"])


def test_without_planned_dates_no_action_has_a_calendar_date(engine):
    plan = plan_for(engine)
    assert plan["actions"]
    for found in plan["actions"]:
        assert found["due_date"] is None, found["id"]
        assert found["lead_time"]["planned_date"] is None and found["lead_time"]["before"] in ("first_trip", "first_shipment")


def test_an_action_without_a_lead_time_is_due_by_its_areas_planned_date(engine):
    answers = merge(BASE_DOCUMENT, MX_VISITOR)
    answers["travel"]["first_trip_date"] = "2027-03-01"
    answers["export"]["first_shipment_date"] = "2027-05-03"
    plan = engine.evaluate(answers, "en", ON).as_dict()
    no_lead = [a for a in plan["actions"] if a["lead_time"]["days"] == 0]
    assert {"temporary_entry", "regulatory"} <= {a["area"] for a in no_lead}
    for found in no_lead:
        planned = "2027-03-01" if found["area"] == "temporary_entry" else "2027-05-03"
        assert (found["lead_time"]["before"] == "first_trip") is (found["area"] == "temporary_entry")
        assert found["due_date"] == found["lead_time"]["planned_date"] == planned
        assert found["due_in_days"] == (date.fromisoformat(planned) - ON).days


def test_actions_stay_ordered_by_priority_then_due_in_days(engine):
    ranks = {"high": 0, "medium": 1, "low": 2}
    actions = plan_for(engine, "2027-03-01")["actions"]
    keys = [(ranks[a["priority"]], a["due_in_days"]) for a in actions]
    assert keys == sorted(keys)


def test_the_same_plan_in_every_language_has_the_same_dates(engine):
    plans = [plan_for(engine, "2027-06-01", locale) for locale in ("en", "es", "fr")]
    dates = [[(a["id"], a["due_date"], a.get("lead_time")) for a in plan["actions"]] for plan in plans]
    assert dates[0] == dates[1] == dates[2]


def test_every_lead_time_is_in_days_sourced_reviewed_and_marked_for_confidence(engine):
    used = {rule.lead_time.param for area in engine.base.areas for rule in area.rules if rule.lead_time}
    assert used
    for name in used:
        parameter = engine.base.parameters[name]
        current = parameter.value_on(ON)
        assert parameter.unit == "days" and isinstance(current.value, int) and current.value >= 0
        assert parameter.confidence in ("high", "medium", "low")
        assert current.reference and current.reviewed <= ON
        # A figure nobody publishes as such must say so.
        assert parameter.confidence != "low" or parameter.needs_review


LEAD_RULE = MINIMAL_AREA.replace("    due_in_days: 30\n", "    due_in_days: 30\n    lead_time: {param: financing.lead_days, before: first_shipment}\n")


def parameters(unit: str) -> str:
    return f"""
    parameters:
      financing.lead_days:
        description: A lead time
        unit: {unit}
        confidence: low
        values:
          - from: 2024-01-01
            value: 28
            reference: A planning figure
            reviewed: 2026-12-01
    """


def test_a_rule_with_a_lead_time_loads_with_its_parameter(load):
    base = load({"financing/core.yaml": LEAD_RULE, "parameters/financing.yaml": parameters("days")})
    rule = base.areas[3].rules[0]
    assert (rule.lead_time.param, rule.lead_time.before) == ("financing.lead_days", "first_shipment")
    assert base.parameters["financing.lead_days"].confidence == "low"


@pytest.mark.parametrize(("files", "expected"), [
    ({"financing/core.yaml": LEAD_RULE}, "no parameter 'financing.lead_days'"),
    ({"financing/core.yaml": LEAD_RULE, "parameters/financing.yaml": parameters("years")}, "is not in days"),
    ({"financing/core.yaml": LEAD_RULE.replace("first_shipment", "first_sale"), "parameters/financing.yaml": parameters("days")},
     "first_sale"),
])
def test_a_lead_time_naming_a_missing_parameter_another_unit_or_an_unknown_date_is_an_error(load, files, expected):
    from app.rules_engine import RuleBaseError  # noqa: PLC0415

    with pytest.raises(RuleBaseError) as caught:
        load(files)
    assert "financing/core.yaml:" in str(caught.value) and expected in str(caught.value)
