"""Building a plan from an answers document: validate first, then evaluate.

Nothing downstream of `build_plan` ever sees an invalid document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from app.answers.validation import Problem, validate_answers
from app.clock import utcnow
from app.rules_engine import Engine, Plan


@dataclass(frozen=True)
class PlanResult:
    plan: Plan | None
    problems: tuple[Problem, ...]


def current_engine() -> Engine:
    from app.plans import EXTENSION_KEY  # noqa: PLC0415

    engine = current_app.extensions[EXTENSION_KEY]
    if isinstance(engine, Exception):
        raise engine
    return engine


def build_plan(document: object, locale: str, on: date | None = None, engine: Engine | None = None) -> PlanResult:
    """The plan for `document`, or every problem that stops it being evaluated."""
    problems = validate_answers(document, locale)
    if problems:
        return PlanResult(None, tuple(problems))
    assert isinstance(document, dict)
    engine = engine or current_engine()
    return PlanResult(engine.evaluate(document, locale, on or utcnow().date()), ())
