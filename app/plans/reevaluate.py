"""`flask plans reevaluate`: every completed plan against the current rules.

Streamed in batches by id (keyset: each batch is one bounded query, its rows
let go after its commit), so memory stays flat however many plans are
stored. A plan whose newest snapshot already has the current rules version
is skipped without evaluating it: a second run changes nothing and sends nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.assessments.models import Assessment, Contact
from app.clock import utcnow
from app.extensions import db
from app.plans.models import PlanSnapshot
from app.plans.services import current_engine
from app.plans.tracking import evaluate_snapshot, record_change


@dataclass
class Reevaluated:
    rules_version: str
    changed: int = 0
    unchanged: int = 0
    current: int = 0  # already evaluated with these rules
    first_recorded: int = 0  # completed before snapshots were kept: recorded from now on
    invalid: int = 0  # answers that no longer validate: left as they are
    by_area: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.changed + self.unchanged + self.current + self.first_recorded + self.invalid


def _batch(after: int, size: int) -> list[Any]:
    query = (
        select(Assessment.id, Assessment.answers, Assessment.completed_at, Contact.email, Contact.notify_plan_changes)
        .outerjoin(Contact, Contact.assessment_id == Assessment.id)
        .where(Assessment.status == "completed", Assessment.id > after)
        .order_by(Assessment.id).limit(size)
    )
    return list(db.session.execute(query))


def reevaluate(batch_size: int = 200) -> Reevaluated:
    """Re-evaluate, record each change (committed per batch) and count them."""
    report = Reevaluated(current_engine().version)
    after = 0
    while rows := _batch(after, batch_size):
        ids = [row.id for row in rows]
        latest = {s.assessment_id: s for s in db.session.scalars(
            select(PlanSnapshot).where(PlanSnapshot.assessment_id.in_(ids), PlanSnapshot.kind == "latest"))}
        for row in rows:
            _one(row, latest.get(row.id), report)
        db.session.commit()
        db.session.expunge_all()  # nothing of this batch stays in memory
        after = ids[-1]
    return report


def _one(row: Any, latest: PlanSnapshot | None, report: Reevaluated) -> None:
    if latest is not None and latest.rules_version == report.rules_version:
        report.current += 1
        return
    on = (row.completed_at or utcnow()).date()
    evaluated = evaluate_snapshot(dict(row.answers or {}), on)
    if evaluated is None:
        report.invalid += 1
        return
    old = latest.actions if latest is not None else None
    diff = record_change(row.id, latest, evaluated, notify=bool(row.notify_plan_changes and row.email))
    if latest is None:
        report.first_recorded += 1
    elif diff is None:
        report.unchanged += 1
    else:
        report.changed += 1
        report.by_area.update(diff.areas(old or {}, evaluated.actions))
