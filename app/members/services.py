"""The rows of a chamber's members' list: only completed questionnaires whose
owners answered yes to consent.share_with_host, read afresh on every request
(a withdrawn consent or deleted answers are gone from the very next page,
plan or export).

Pages go by keyset (completed_at, id), newest first, on the index in
app/members/models.py, so page 400 costs what page 1 costs. Plain dicts out.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import Select, and_, func, or_, select, true

from app.assessments.models import Assessment, Contact
from app.extensions import db
from app.i18n.markers import COUNTRY_NAMES

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}
MAX_QUERY = 100
EXPORT_BATCH = 500

_a = Assessment.__table__
_c = Contact.__table__
_COLUMNS = (_a.c.id, _a.c.public_id, _a.c.completed_at, _a.c.answers, _a.c.locale, _a.c.version,
            _c.c.business_name, _c.c.email)


@dataclass(frozen=True)
class Cursor:
    completed_at: datetime
    id: int

    def encode(self) -> str:
        raw = f"{self.completed_at.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """The cursor of a `?after=`; None for anything malformed (then: the first page)."""
        if not text or len(text) > 100:
            return None
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            moment, _, ident = raw.partition("|")
            parsed = datetime.fromisoformat(moment)
            return cls(parsed, int(ident))
        except (ValueError, UnicodeDecodeError):
            return None


def shared_query(chamber_id: int, search: str = "") -> Select[Any]:
    query = (
        select(*_COLUMNS)
        .select_from(_a.outerjoin(_c, _c.c.assessment_id == _a.c.id))
        .where(_a.c.chamber_id == chamber_id, _a.c.consent_share_with_host == true(), _a.c.status == "completed",
               _a.c.completed_at.is_not(None))
    )
    search = search.strip()[:MAX_QUERY].lower()
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(func.lower(_c.c.business_name).like(pattern, escape="\\"),
                                func.lower(_c.c.email).like(pattern, escape="\\")))
    return query


def _after(query: Select[Any], cursor: Cursor | None) -> Select[Any]:
    if cursor is None:
        return query
    moment = cursor.completed_at
    if db.engine.dialect.name == "sqlite" and moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return query.where(or_(_a.c.completed_at < moment, and_(_a.c.completed_at == moment, _a.c.id < cursor.id)))


def page(chamber_id: int, search: str, cursor: Cursor | None, size: int) -> tuple[list[dict[str, Any]], Cursor | None]:
    """One page of rows (with their plan summary) and the cursor of the next, if any."""
    query = _after(shared_query(chamber_id, search), cursor)
    query = query.order_by(_a.c.completed_at.desc(), _a.c.id.desc()).limit(size + 1)
    rows = list(db.session.connection().execute(query).mappings())
    following = Cursor(rows[size - 1]["completed_at"], rows[size - 1]["id"]) if len(rows) > size else None
    return [summarize(row) for row in rows[:size]], following


def iter_rows(chamber_id: int, search: str = "") -> Iterator[dict[str, Any]]:
    """Every row, in batches by keyset: memory stays flat however many there are."""
    cursor: Cursor | None = None
    while True:
        query = _after(shared_query(chamber_id, search), cursor)
        query = query.order_by(_a.c.completed_at.desc(), _a.c.id.desc()).limit(EXPORT_BATCH)
        rows = list(db.session.connection().execute(query).mappings())
        db.session.commit()  # no transaction held open between batches of a long download
        for row in rows:
            yield summarize(row)
        if len(rows) < EXPORT_BATCH:
            return
        cursor = Cursor(rows[-1]["completed_at"], rows[-1]["id"])


def find_shared(chamber_id: int, public_id: str) -> dict[str, Any] | None:
    """One shared questionnaire of this chamber, with its answers; None otherwise."""
    if not public_id or len(public_id) > 32:
        return None
    row = db.session.connection().execute(shared_query(chamber_id).where(_a.c.public_id == public_id)).mappings().first()
    return dict(row) if row is not None else None


def completed_on(row: dict[str, Any]) -> date:
    return row["completed_at"].date()


def summarize(row: Any) -> dict[str, Any]:
    """The list's columns: business, sector, markets, completion date, three most urgent actions."""
    from app.plans.services import build_plan  # noqa: PLC0415
    from app.wizard import current_steps, presenters  # noqa: PLC0415

    answers = row["answers"] or {}
    profile = answers.get("profile") or {}
    naics = profile.get("naics")
    question = current_steps().questions.get("profile.naics")
    sector = presenters.describe(question, naics) if naics and question else (naics or "")
    markets = [gettext(COUNTRY_NAMES[m]) for m in ((answers.get("export") or {}).get("markets") or []) if m in COUNTRY_NAMES]
    from app.i18n.web import select_locale  # noqa: PLC0415

    result = build_plan(answers, select_locale(), on=completed_on(row))
    actions = []
    if result.plan is not None:
        ranked = sorted(result.plan.as_dict()["actions"],
                        key=lambda a: (PRIORITY_RANK.get(a["priority"], 9), a["due_in_days"]))
        actions = [a["title"] for a in ranked[:3]]
    return {
        "public_id": row["public_id"],
        "business_name": row["business_name"] or "",
        "email": row["email"] or "",
        "country": profile.get("country") or "",
        "sector": sector,
        "markets": markets,
        "completed_at": row["completed_at"],
        "completed_on": completed_on(row),
        "actions": actions,
    }
