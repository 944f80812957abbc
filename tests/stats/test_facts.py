"""The statistical rows: who counts, in which quarter, with which dimensions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.stats.aggregate import table_query
from app.stats.catalogue import TABLES
from app.stats.facts import fact_values, next_quarter, quarter_bounds, quarter_of, sync_facts
from app.stats.models import StatsFact

from .conftest import answers_for


def _facts() -> list[StatsFact]:
    return list(db.session.execute(select(StatsFact).order_by(StatsFact.id)).scalars())


def test_quarters() -> None:
    assert quarter_of(datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == "2026-Q4"
    assert quarter_of(datetime(2026, 4, 1, tzinfo=UTC)) == "2026-Q2"
    assert next_quarter("2026-Q4") == "2027-Q1"
    assert [d.isoformat() for d in quarter_bounds("2026-Q1")] == ["2026-01-01", "2026-03-31"]


def test_fact_values_code_every_dimension() -> None:
    document = answers_for(country="MX", sector="31", employees=260, women=None, barriers=("tariffs", "language"),
                           needs=("working_capital",), markets=("US", "CA"))
    values = fact_values(document, {"origin": 40, "overall": 55}, "professional")
    assert values["country"] == "MX" and values["naics_sector"] == "31" and values["size_band"] == "250-499"
    assert values["women_owned"] == "not_stated" and values["indigenous_owned"] == "no"
    assert values["barrier_tariffs"] == 1 and values["barrier_language"] == 1 and values["barrier_financing"] == 0
    assert values["market_us"] == 1 and values["market_ca"] == 1 and values["market_mx"] == 0
    assert values["need_working_capital"] == 1 and values["need_none"] == 0
    assert values["score_origin"] == 40 and values["score_financing"] is None and values["entry_category"] == "professional"
    assert not {"naics", "region", "employees", "business_name", "email", "amount_needed"} & set(values)


def test_only_completed_questionnaires_with_consent_count(app, add_business) -> None:
    counted = add_business()
    add_business(status="draft")
    add_business(consent=False)
    sync_facts()
    facts = _facts()
    assert [f.assessment_id for f in facts] == [counted.id]
    assert facts[0].period == "2026-Q4" and facts[0].score_overall is not None


def test_latest_completion_per_quarter_and_withdrawn_consent(app, add_business) -> None:
    business = add_business(completed_at=datetime(2026, 10, 2, tzinfo=UTC), sector="11")
    sync_facts()
    business.answers = {**business.answers, "profile": {**business.answers["profile"], "naics": "541110"}}
    business.completed_at = datetime(2026, 11, 20, tzinfo=UTC)
    db.session.commit()
    sync_facts()
    facts = _facts()
    assert [(f.period, f.naics_sector) for f in facts] == [("2026-Q4", "54")]  # counted once, latest answers
    business.completed_at = datetime(2027, 1, 5, tzinfo=UTC)
    db.session.commit()
    sync_facts()
    assert sorted(f.period for f in _facts()) == ["2026-Q4", "2027-Q1"]  # once in each quarter
    business.consent_aggregate_stats = False
    db.session.commit()
    sync_facts()
    assert _facts() == []


def test_deleting_a_questionnaire_deletes_its_rows(app, add_business) -> None:
    business = add_business()
    sync_facts()
    db.session.delete(business)
    db.session.commit()
    assert _facts() == []


def test_release_queries_read_the_statistics_table_alone() -> None:
    for table in TABLES:
        sql = str(table_query(table, "2026-Q4", None)).lower()
        assert "group by" in sql
        assert "contacts" not in sql and "assessments" not in sql and "answers" not in sql
