"""Keeping a stored plan current: its snapshots, and what changed since.

The only module that writes `plan_snapshots` and `plan_changes`. Plain values
in and out. A plan is evaluated on the questionnaire's completion date, as
the results page does, so only a change of the rule base (never of the
calendar) changes it; its snapshots carry the rules version they were taken with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.clock import utcnow
from app.extensions import db
from app.plans.changes import DIGEST_LOCALE, PlanDiff, Snapshot, compare, snapshot
from app.plans.models import PlanChange, PlanSnapshot
from app.plans.services import build_plan, current_engine
from app.rules_engine import Plan
from app.rules_engine.texts import LOCALES


@dataclass(frozen=True)
class Evaluated:
    rules_version: str
    actions: Snapshot


def evaluate_snapshot(answers: dict[str, Any], on: date, known: dict[str, Plan] | None = None) -> Evaluated | None:
    """The snapshot of the plan `answers` give on `on` with the current rules,
    in every language (`known`: plans already evaluated, by locale); None
    when the answers no longer validate."""
    plans = dict(known or {})
    if not plans:  # validated once: the other languages' plans come from the same answers
        result = build_plan(answers, DIGEST_LOCALE, on=on)
        if result.plan is None:
            return None
        plans[DIGEST_LOCALE] = result.plan
    engine = current_engine()
    for locale in LOCALES:
        if locale not in plans:
            plans[locale] = engine.evaluate(answers, locale, on)
    return Evaluated(engine.version, snapshot(plans))


def _commit() -> None:
    """Commit; when another request wrote the same snapshot first (two tabs,
    a double click), theirs stands: it was taken from the same plan."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def _put(assessment_id: int, kind: str, evaluated: Evaluated) -> None:
    row = db.session.scalar(select(PlanSnapshot).where(PlanSnapshot.assessment_id == assessment_id,
                                                      PlanSnapshot.kind == kind))
    if row is None:
        row = PlanSnapshot(assessment_id=assessment_id, kind=kind)
        db.session.add(row)
    row.rules_version, row.actions, row.taken_at = evaluated.rules_version, evaluated.actions, utcnow()


def record_completion(assessment_id: int, answers: dict[str, Any], on: date) -> None:
    """At completion: the plan as made is both the newest recorded and the one seen (committed)."""
    evaluated = evaluate_snapshot(answers, on)
    if evaluated is None:
        return
    _put(assessment_id, "latest", evaluated)
    _put(assessment_id, "seen", evaluated)
    _commit()


@dataclass(frozen=True)
class SinceSeen:
    """What changed in a plan since its owner last acknowledged it."""

    from_version: str
    to_version: str
    diff: PlanDiff
    old: Snapshot
    new: Snapshot


def changes_since_seen(assessment_id: int, answers: dict[str, Any], on: date, page_plan: Plan) -> SinceSeen | None:
    """None when nothing changed (the seen snapshot is brought up to date
    when only the rules version did, and taken when there is none yet)."""
    version = current_engine().version
    seen_version = db.session.scalar(select(PlanSnapshot.rules_version).where(
        PlanSnapshot.assessment_id == assessment_id, PlanSnapshot.kind == "seen"))
    if seen_version == version:
        return None  # same answers, same date, same rules: the same plan (its actions are not even read)
    seen = db.session.scalar(select(PlanSnapshot).where(PlanSnapshot.assessment_id == assessment_id,
                                                       PlanSnapshot.kind == "seen"))
    evaluated = evaluate_snapshot(answers, on, {page_plan.locale: page_plan})
    if evaluated is None:
        return None
    if seen is None:  # completed before snapshots were kept: from now on
        _put(assessment_id, "seen", evaluated)
        _commit()
        return None
    diff = compare(seen.actions, evaluated.actions)
    if not diff:
        seen.rules_version, seen.taken_at = version, utcnow()
        _commit()
        return None
    return SinceSeen(seen.rules_version, version, diff, seen.actions, evaluated.actions)


def acknowledge(assessment_id: int, answers: dict[str, Any], on: date) -> None:
    """The owner has read the changes: the plan as it is now is the one seen (committed)."""
    evaluated = evaluate_snapshot(answers, on)
    if evaluated is not None:
        _put(assessment_id, "seen", evaluated)
        _commit()


def record_change(assessment_id: int, latest: PlanSnapshot | None, evaluated: Evaluated, notify: bool) -> PlanDiff | None:
    """Bring the `latest` snapshot to `evaluated`; the change, when the plan
    changed (recorded once per pair of versions, to be mailed when `notify`).
    Not committed: the caller commits per batch."""
    if latest is None:
        row = PlanSnapshot(assessment_id=assessment_id, kind="latest", rules_version=evaluated.rules_version,
                           actions=evaluated.actions, taken_at=utcnow())
        db.session.add(row)
        return None
    diff = compare(latest.actions, evaluated.actions)
    if diff:
        known = db.session.scalar(select(PlanChange.id).where(
            PlanChange.assessment_id == assessment_id, PlanChange.from_version == latest.rules_version,
            PlanChange.to_version == evaluated.rules_version))
        if known is None:
            db.session.add(PlanChange(assessment_id=assessment_id, from_version=latest.rules_version,
                                      to_version=evaluated.rules_version, notify=notify,
                                      summary=diff.summary(latest.actions, evaluated.actions)))
    latest.rules_version, latest.actions, latest.taken_at = evaluated.rules_version, evaluated.actions, utcnow()
    return diff or None


def claim_mail(change_id: int) -> datetime | None:
    """Mark a change's e-mail as sent before sending it, so two runs never both
    send it; the time marked, or None when another run got there first."""
    now = utcnow()
    claimed = db.session.execute(update(PlanChange).where(PlanChange.id == change_id, PlanChange.mailed_at.is_(None))
                                 .values(mailed_at=now))
    db.session.commit()
    return now if claimed.rowcount == 1 else None


def release_mail(change_id: int) -> None:
    """The e-mail could not be sent: the next run tries again."""
    db.session.execute(update(PlanChange).where(PlanChange.id == change_id).values(mailed_at=None))
    db.session.commit()
