"""Forgetting what is no longer needed: abandoned drafts and sent e-mails.

A draft whose resume link and code expired can no longer be opened by
anyone; after a grace period it is deleted with its contact details and
cached PDFs. Completed questionnaires are kept (the statistics count them)
unless a retention period is set for them too. The development outbox keeps
each e-mail (address, link, code) only for a few days, and none of a
questionnaire whose answers were deleted.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, delete, or_, select

from app.assessments.models import Assessment, Contact
from app.clock import utcnow
from app.extensions import db


@dataclass(frozen=True)
class Purged:
    drafts: int
    completed: int
    outbox_messages: int


def outbox_tag(public_id: str) -> str:
    """The name part that ties an outbox message to its questionnaire without naming it."""
    return hashlib.sha256(public_id.encode()).hexdigest()[:16]


def forget_outbox_messages(outbox: str | Path | None, public_id: str) -> int:
    """Delete the outbox messages sent for `public_id`; how many."""
    if not outbox or not Path(outbox).is_dir():
        return 0
    found = list(Path(outbox).glob(f"*-{outbox_tag(public_id)}.eml"))
    for path in found:
        path.unlink(missing_ok=True)
    return len(found)


def _old_outbox_messages(outbox: str | Path | None, older_than: timedelta) -> list[Path]:
    if not outbox or not Path(outbox).is_dir():
        return []
    limit = time.time() - older_than.total_seconds()
    return [path for path in Path(outbox).glob("*.eml") if path.stat().st_mtime < limit]


def _expired(draft_grace: timedelta, completed_after: timedelta | None, now: datetime) -> list[tuple[int, str, str]]:
    """(id, public_id, status) of the questionnaires past their retention."""
    abandoned = and_(
        Assessment.status == "draft",
        or_(Assessment.resume_token_expires_at < now - draft_grace,
            and_(Assessment.resume_token_expires_at.is_(None), Assessment.updated_at < now - draft_grace)),
    )
    condition = abandoned
    if completed_after is not None:
        condition = or_(abandoned, and_(Assessment.status == "completed", Assessment.completed_at < now - completed_after))
    rows = db.session.execute(select(Assessment.id, Assessment.public_id, Assessment.status).where(condition))
    return [tuple(row) for row in rows]


def purge(draft_grace: timedelta, completed_after: timedelta | None, outbox: str | Path | None,
          outbox_after: timedelta, pdf_cache: str | Path, *, dry_run: bool = False) -> Purged:
    """Delete what is past its retention period; with `dry_run`, only count it."""
    from app.pdf.services import purge_cached_pdfs  # noqa: PLC0415  (WeasyPrint loads lazily)

    expired = _expired(draft_grace, completed_after, utcnow())
    messages = _old_outbox_messages(outbox, outbox_after)
    if not dry_run:
        ids = [row[0] for row in expired]
        for start in range(0, len(ids), 500):  # a bounded IN list per statement
            batch = ids[start:start + 500]
            db.session.execute(delete(Contact).where(Contact.assessment_id.in_(batch)))
            db.session.execute(delete(Assessment).where(Assessment.id.in_(batch)))
        db.session.commit()
        for _, public_id, _ in expired:
            purge_cached_pdfs(pdf_cache, public_id)
            forget_outbox_messages(outbox, public_id)
        for path in messages:
            path.unlink(missing_ok=True)
    drafts = sum(1 for row in expired if row[2] == "draft")
    return Purged(drafts, len(expired) - drafts, len(messages))
