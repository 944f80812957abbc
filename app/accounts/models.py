"""Staff accounts: site administrators, chamber staff and officials."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db

ROLES = ("site_admin", "chamber_staff", "official")


class StaffUser(db.Model):
    """A person who signs in; chamber staff belong to exactly one chamber."""

    __tablename__ = "staff_users"
    __table_args__ = (
        CheckConstraint("role IN ('site_admin', 'chamber_staff', 'official')", name="role"),
        CheckConstraint("role <> 'chamber_staff' OR chamber_id IS NOT NULL", name="staff_has_chamber"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    chamber_id: Mapped[int | None] = mapped_column(ForeignKey("chambers.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
