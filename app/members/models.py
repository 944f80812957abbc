"""The assisted questionnaires, and the index the members' list pages by: a chamber's shared, completed
questionnaires, newest first (keyset pagination reads it in order)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from app.assessments.models import Assessment
from app.clock import utcnow
from app.extensions import db

SHARED_LIST_INDEX = Index(
    "ix_assessments_shared_list",
    Assessment.chamber_id,
    Assessment.consent_share_with_host,
    Assessment.status,
    Assessment.completed_at,
    Assessment.id,
)


class AssistedAssessment(db.Model):
    """A questionnaire a chamber's staff started on a member's behalf: it is
    marked "completed with the chamber's help" on the results page and the
    PDF. Gone with the questionnaire (ON DELETE CASCADE)."""

    __tablename__ = "assisted_assessments"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
