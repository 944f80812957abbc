"""One business's questionnaire, and, apart from it, who the business is.

Contact details live in their own table with a key pointing at the
assessment and no relationship back: statistics code reads `assessments` and
never needs, nor can accidentally load, a name or an e-mail address.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db

STATUSES = ("draft", "completed")
MAX_ACTION_ID = 120  # the longest rule id is far shorter; a longer one is not an action
# JSONB on PostgreSQL so statistics can query inside the answers efficiently.
AnswersType = JSON().with_variant(JSONB(), "postgresql")


def new_public_id() -> str:
    """An unguessable identifier for URLs (never the integer key)."""
    return secrets.token_urlsafe(16)


class Assessment(db.Model):
    """A questionnaire in progress or completed, with its consent flags."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'completed')", name="status"),
        CheckConstraint("locale IN ('en', 'es', 'fr')", name="locale"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    chamber_id: Mapped[int] = mapped_column(ForeignKey("chambers.id"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(AnswersType, default=dict)
    current_step: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(5), default="en")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    # Bumped on every UPDATE; a stale write (second tab, replayed form) is
    # refused instead of silently overwriting newer answers: the ORM puts the
    # version read in the UPDATE's WHERE and raises StaleDataError when no
    # row has it any more (app/assessments/services.py).
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rules_version: Mapped[str | None] = mapped_column(String(64))
    consent_aggregate_stats: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_share_with_host: Mapped[bool] = mapped_column(Boolean, default=False)
    # Only a SHA-256 of the resume token is kept; the token itself is shown once.
    resume_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The short code typed on another device: an HMAC keyed with SECRET_KEY,
    # since a code short enough to type is too short for a plain hash.
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    resume_token_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __mapper_args__ = {"version_id_col": version}


class ActionTick(db.Model):
    """An action of its plan the business marked as done (by its stable id)."""

    __tablename__ = "action_ticks"
    __table_args__ = (UniqueConstraint("assessment_id", "action_id"),)  # once per action

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[str] = mapped_column(String(MAX_ACTION_ID))
    ticked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Contact(db.Model):
    """Optional personal data of the business behind one assessment."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), unique=True)
    business_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # Asked to be told by e-mail when a change of the rules changes the plan (app/plans/notify.py).
    notify_plan_changes: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
