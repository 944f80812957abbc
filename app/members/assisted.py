"""Questionnaires a chamber's staff fill in with a member ("completed with the
chamber's help"): starting one, knowing one, and keeping its consent
questions the member's own.

A staff member signed in on this browser never sees nor saves the consent
step of an assisted questionnaire: it is sent to the hand-over page, which
gives the resume link and code for the member to finish (and consent) on
their own.
"""

from __future__ import annotations

from sqlalchemy import select

from app.assessments.models import Assessment
from app.audit.services import record_event
from app.extensions import db
from app.members.models import AssistedAssessment


def consent_step_ids() -> frozenset[str]:
    """The steps holding consent questions, in this app's step book (read per call: a few dozen questions)."""
    from app.wizard import current_steps  # noqa: PLC0415

    return frozenset(q.step for path, q in current_steps().questions.items() if path.startswith("consent."))


def is_assisted(public_id: str | None) -> bool:
    if not public_id or len(public_id) > 32:
        return False
    found = db.session.scalar(
        select(AssistedAssessment.assessment_id).join(Assessment, Assessment.id == AssistedAssessment.assessment_id)
        .where(Assessment.public_id == public_id))
    return found is not None


def mark_assisted(public_id: str, chamber_id: int, staff_id: int, address: str | None) -> None:
    """Record that staff started this questionnaire for a member; committed with its audit event."""
    assessment_id = db.session.scalar(select(Assessment.id).filter_by(public_id=public_id, chamber_id=chamber_id))
    db.session.add(AssistedAssessment(assessment_id=assessment_id, started_by=staff_id))
    record_event("members.assisted_started", actor_id=staff_id, chamber_id=chamber_id,
                 target=("assessment", public_id), details={"address": address})
    db.session.commit()
