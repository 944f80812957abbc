"""The statistical dimensions of completed questionnaires, and published releases.

`stats_facts` is narrow on purpose: one row per business (assessment) and
quarter, holding only the coded dimensions the catalogue publishes (no free
text, no money figure, no contact detail, no region). Release queries read this
table alone. Its rows go with their questionnaire (ON DELETE CASCADE).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.stats.catalogue import DIMENSIONS, SCORE_AREAS

INDICATOR_COLUMNS = tuple(c for d in DIMENSIONS.values() for c in d.columns)
SCORE_COLUMNS = tuple(f"score_{area}" for area in SCORE_AREAS)


class StatsFact(db.Model):
    """One business counted in one quarter: its latest completed questionnaire there."""

    __tablename__ = "stats_facts"
    __table_args__ = (UniqueConstraint("assessment_id", "period", name="uq_stats_facts_assessment_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    chamber_id: Mapped[int] = mapped_column(Integer, index=True)
    period: Mapped[str] = mapped_column(String(7), index=True)  # "2026-Q4": the quarter it counts in
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # of the questionnaire it was read from
    rules_version: Mapped[str | None] = mapped_column(String(64))  # of the scores
    country: Mapped[str] = mapped_column(String(2))
    naics_sector: Mapped[str] = mapped_column(String(16))
    size_band: Mapped[str] = mapped_column(String(16))
    women_owned: Mapped[str] = mapped_column(String(16))
    indigenous_owned: Mapped[str] = mapped_column(String(16))
    export_stage: Mapped[str] = mapped_column(String(16))
    payment_terms: Mapped[str] = mapped_column(String(32))
    entry_category: Mapped[str] = mapped_column(String(32))


for _column in INDICATOR_COLUMNS:
    setattr(StatsFact, _column, mapped_column(_column, SmallInteger, default=0, nullable=False))
for _column in SCORE_COLUMNS:
    setattr(StatsFact, _column, mapped_column(_column, SmallInteger, nullable=True))


class StatsRelease(db.Model):
    """A published release of one quarter and scope, frozen: its files as published."""

    __tablename__ = "stats_releases"
    __table_args__ = (UniqueConstraint("period", "scope", "version", name="uq_stats_releases_period_scope_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    scope: Mapped[str] = mapped_column(String(64))  # "all" or a chamber's slug
    version: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    manifest: Mapped[dict] = mapped_column(JSON)
    # Never served: each cell's true count and flag ({"country=MX|naics_sector=33": [12, ""]}),
    # so that a correction can keep this version's suppression pattern and hide small changes.
    cell_counts: Mapped[dict] = mapped_column(JSON)
    json_file: Mapped[bytes] = mapped_column(LargeBinary)
    csv_file: Mapped[bytes] = mapped_column(LargeBinary)
    xlsx_en: Mapped[bytes] = mapped_column(LargeBinary)
    xlsx_es: Mapped[bytes] = mapped_column(LargeBinary)
    xlsx_fr: Mapped[bytes] = mapped_column(LargeBinary)


class StatsPrivacySpend(db.Model):
    """One entry of the differential-privacy budget ledger: the ε a publication
    (or correction) of `period` spent from the budget of its `year`.

    Written in the same transaction as the releases it paid for. `sequence`
    numbers a year's spends: two publications racing for the last of a year's
    budget take the same number and the second fails to commit.
    """

    __tablename__ = "stats_privacy_spends"
    __table_args__ = (
        UniqueConstraint("year", "sequence", name="uq_stats_privacy_spends_year_sequence"),
        UniqueConstraint("period", "version", name="uq_stats_privacy_spends_period_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer)
    epsilon: Mapped[float] = mapped_column(Float)
    spent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
