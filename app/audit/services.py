"""Writing audit events inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from app.audit.models import AuditEvent
from app.extensions import db


def record_event(
    action: str,
    *,
    actor_id: int | None = None,
    chamber_id: int | None = None,
    target: tuple[str, str] | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit persists it.

    Committing with the action itself means an action is never recorded
    without happening, nor happens without being recorded.
    """
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        chamber_id=chamber_id,
        target_type=target[0] if target else None,
        target_id=target[1] if target else None,
        details=details or {},
    )
    db.session.add(event)
    return event
