"""The index the members' list pages by: a chamber's shared, completed
questionnaires, newest first (keyset pagination reads it in order)."""

from __future__ import annotations

from sqlalchemy import Index

from app.assessments.models import Assessment

SHARED_LIST_INDEX = Index(
    "ix_assessments_shared_list",
    Assessment.chamber_id,
    Assessment.consent_share_with_host,
    Assessment.status,
    Assessment.completed_at,
    Assessment.id,
)
