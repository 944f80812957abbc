"""Keeping `stats_facts` in step with completed questionnaires.

`sync_facts` reads only the questionnaires completed (with consent to
aggregate statistics) since their row here was written, in batches, and writes
their coded dimensions; it runs before every release and from
`flask stats sync` (cron). Nothing in the wizard changes: a questionnaire's
completion time tells whether its row is current.

The unit is the business (one questionnaire), counted once per quarter from
its latest completed questionnaire there; the quarter is the quarter of
completion, unless that quarter's release is already published: then the
answers count in the first quarter not yet published (a published release
never changes).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, exists, insert, select

from app.assessments.models import Assessment
from app.extensions import db
from app.stats.catalogue import (
    DIGITAL_PRACTICES,
    DIMENSIONS,
    ENTRY_CATEGORIES,
    NAICS_SECTORS,
    NOT_STATED,
    PAYMENT_TERMS,
    SCORE_AREAS,
)
from app.stats.models import StatsFact, StatsRelease

BATCH = 500
_facts = StatsFact.__table__
_assessments = Assessment.__table__


def quarter_of(moment: datetime | date) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def parse_period(period: str) -> tuple[int, int]:
    """(year, quarter) of "2026-Q4"; ValueError for anything else."""
    if len(period) != 7 or period[4:6] != "-Q" or not period[:4].isdigit() or period[6] not in "1234":
        raise ValueError(period)
    return int(period[:4]), int(period[6])


def next_quarter(period: str) -> str:
    year, quarter = parse_period(period)
    return f"{year + 1}-Q1" if quarter == 4 else f"{year}-Q{quarter + 1}"


def quarter_bounds(period: str) -> tuple[date, date]:
    """First and last day of the quarter."""
    year, quarter = parse_period(period)
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def _yes_no(value: Any) -> str:
    return "yes" if value is True else "no" if value is False else NOT_STATED


def _size_band(employees: Any) -> str:
    if not isinstance(employees, int):
        return NOT_STATED
    for limit, band in ((9, "0-9"), (49, "10-49"), (249, "50-249"), (499, "250-499")):
        if employees <= limit:
            return band
    return "500+"


def fact_values(answers: dict[str, Any], scores: dict[str, int | None], entry_category: str | None) -> dict[str, Any]:
    """The coded dimensions of one questionnaire (never a free text, amount or contact)."""
    profile, export = answers.get("profile") or {}, answers.get("export") or {}
    finance, digital = answers.get("finance") or {}, answers.get("digital") or {}
    travel = answers.get("travel") or {}
    naics = str(profile.get("naics") or "")[:2]
    stage = export.get("stage")
    terms = finance.get("payment_terms")
    values: dict[str, Any] = {
        "country": profile.get("country"),
        "naics_sector": naics if naics in NAICS_SECTORS else NOT_STATED,
        "size_band": _size_band(profile.get("employees")),
        "women_owned": _yes_no(profile.get("women_owned")),
        "indigenous_owned": _yes_no(profile.get("indigenous_owned")),
        "export_stage": stage if stage in DIMENSIONS["export_stage"].categories else NOT_STATED,
        "payment_terms": terms if terms in PAYMENT_TERMS else NOT_STATED,
        "entry_category": entry_category if entry_category in ENTRY_CATEGORIES else "none",
    }
    chosen = {
        "market": set(export.get("markets") or ()),
        "barrier": set(export.get("barriers") or ()),
        "finance_need": set(finance.get("needs") or ()),
        "travel_purpose": set(travel.get("purposes") or ()) if travel.get("needed") is True else set(),
        "practice": {
            name for name, held in (
                ("sells_online", digital.get("sells_online") in {"own_site", "marketplace", "both"}),
                ("sells_b2c", digital.get("b2c") is True),
                ("sells_digital_services", "digital" in (export.get("offering") or ())),
                ("collects_personal_data", digital.get("collects_personal_data") is True),
                ("privacy_notice_per_market", digital.get("privacy_notice") == "per_market"),
            ) if held
        },
    }
    assert set(DIGITAL_PRACTICES) >= chosen["practice"]
    for name, picked in chosen.items():
        dimension = DIMENSIONS[name]
        for category, column in zip(dimension.categories, dimension.columns, strict=True):
            values[column] = 1 if category in picked else 0
    for area in SCORE_AREAS:
        score = scores.get(area)
        values[f"score_{area}"] = int(score) if isinstance(score, int | float) else None
    return values


def published_periods() -> set[str]:
    """Quarters whose all-chambers release is published (frozen)."""
    rows = db.session.execute(select(StatsRelease.period).where(StatsRelease.scope == "all").distinct())
    return {period for (period,) in rows}


def counting_period(completed_at: datetime, frozen: set[str]) -> str:
    period = quarter_of(completed_at)
    while period in frozen:
        period = next_quarter(period)
    return period


def _plan_facts(engine: Any, answers: dict[str, Any], locale: str, on: date) -> tuple[dict[str, Any], str | None, str | None]:
    if engine is None:
        return {}, None, None
    try:
        plan = engine.evaluate(answers, locale, on).as_dict()
    except Exception:  # noqa: BLE001  (a document the engine refuses still counts, without scores)
        return {}, None, None
    return plan.get("scores") or {}, (plan.get("findings") or {}).get("entry_category"), plan.get("rules_version")


def sync_facts(engine: Any = None, batch: int = BATCH) -> int:
    """Bring `stats_facts` up to date; the number of questionnaires (re)read.

    `engine`: the rules engine that scores each questionnaire (the app's own
    when None and an app is running).
    """
    if engine is None:
        from app.plans.services import current_engine  # noqa: PLC0415

        engine = current_engine()
    session = db.session
    # Consent withdrawn: the business leaves every release not yet published.
    session.execute(delete(_facts).where(_facts.c.assessment_id.in_(
        select(_assessments.c.id).where(_assessments.c.consent_aggregate_stats.is_(False))
    )))
    session.commit()
    frozen = published_periods()
    current = exists().where(and_(
        _facts.c.assessment_id == _assessments.c.id, _facts.c.completed_at == _assessments.c.completed_at,
    ))
    pending = (
        select(_assessments.c.id, _assessments.c.chamber_id, _assessments.c.answers, _assessments.c.locale,
               _assessments.c.completed_at)
        .where(_assessments.c.status == "completed", _assessments.c.consent_aggregate_stats.is_(True),
               _assessments.c.completed_at.is_not(None), ~current)
        .order_by(_assessments.c.id)
    )
    done, last = 0, 0
    while True:  # keyset pages: a questionnaire that cannot be counted is not read again
        rows = session.execute(pending.where(_assessments.c.id > last).limit(batch)).all()
        if not rows:
            return done
        for row in rows:
            scores, entry, version = _plan_facts(engine, row.answers or {}, row.locale, row.completed_at.date())
            period = counting_period(row.completed_at, frozen)
            values = fact_values(row.answers or {}, scores, entry)
            if values["country"] not in DIMENSIONS["country"].categories:
                values["country"] = None
            session.execute(delete(_facts).where(_facts.c.assessment_id == row.id, _facts.c.period == period))
            if values["country"] is not None:
                session.execute(insert(_facts).values(
                    assessment_id=row.id, chamber_id=row.chamber_id, period=period, completed_at=row.completed_at,
                    rules_version=version, **values,
                ))
        done, last = done + len(rows), rows[-1].id
        session.commit()
        if len(rows) < batch:
            return done
