"""What a stored plan looked like, so a change of the rule base can be shown.

A plan is never stored: it is evaluated from the answers whenever it is shown.
What is stored is a snapshot of its actions (ids, a digest of each, and the
little needed to name one that has since gone), taken with the rules version
it was evaluated with: `latest` (the newest evaluation recorded: at completion,
then by `flask plans reevaluate`) and `seen` (what the owner last saw and
acknowledged). A `PlanChange` is one change of the rule base that changed a
plan, recorded once, with when its e-mail went out.

No answers here, and nothing personal: the contact table stays apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db

SNAPSHOT_KINDS = ("latest", "seen")


class PlanSnapshot(db.Model):
    """The actions of one questionnaire's plan as evaluated with `rules_version`."""

    __tablename__ = "plan_snapshots"
    __table_args__ = (
        UniqueConstraint("assessment_id", "kind"),
        CheckConstraint("kind IN ('latest', 'seen')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    rules_version: Mapped[str] = mapped_column(String(64))
    # {action id: {"d": digest, "a": area, "p": priority, "n": due in days, "w": timing (changes.timing;
    #  not in snapshots made before it), "t": {locale: title}}}
    actions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PlanChange(db.Model):
    """A change of the rule base that changed one plan: recorded once, mailed at most once."""

    __tablename__ = "plan_changes"
    __table_args__ = (UniqueConstraint("assessment_id", "from_version", "to_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    from_version: Mapped[str] = mapped_column(String(64))
    to_version: Mapped[str] = mapped_column(String(64))
    # {"added": [ids], "removed": [ids], "changed": [ids], "areas": [areas]}
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Whether the owner asked, when it was recorded, to be told by e-mail.
    notify: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
