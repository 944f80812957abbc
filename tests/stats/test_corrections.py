"""A correction says what it changed against the version it corrects (manifest and audit log)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.extensions import db
from app.stats.release import changes, publish

from .conftest import release_rows

WHEN = datetime(2026, 11, 2, tzinfo=UTC)
SECTOR_42 = "businesses_by_country_sector|country=US|naics_sector=42|count"


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_a_correction_records_what_changed(app, add_business) -> None:
    for i in range(20):
        add_business(country="US", sector="33" if i % 2 else "54", completed_at=WHEN)
    leaving = [add_business(country="US", sector="42", completed_at=WHEN) for _ in range(12)]
    first = publish("2026-Q4")[0]
    assert "changes_from_previous" not in first.manifest
    assert [e.details["version"] for e in _events("stats.release_published")] == [1]
    for business in leaving:  # they withdraw their consent after publication
        business.consent_aggregate_stats = False
    db.session.commit()
    second = publish("2026-Q4", correction=True)[0]

    found = changes(release_rows(first.json_file), release_rows(second.json_file))
    assert SECTOR_42 in found["value_changed"] + found["newly_suppressed"]
    summary = second.manifest["changes_from_previous"]
    assert second.manifest["corrects_version"] == 1 and summary == {kind: len(keys) for kind, keys in found.items()}
    (event,) = _events("stats.release_corrected")
    assert event.target_id == "2026-Q4" and event.details["version"] == 2
    assert event.details["changes"]["all"] == found and event.details["changes"]["counts"]["all"] == summary


def test_changes_compares_rows_by_their_cell() -> None:
    row = {"table": "t", "period": "2026-Q4", "country": "US", "measure": "count", "flag": ""}
    before = [{**row, "value": 10}, {**row, "country": "MX", "value": None, "flag": "primary"}]
    after = [{**row, "value": None, "flag": "complementary"}, {**row, "country": "MX", "value": 15}]
    assert changes(before, after) == {"value_changed": [], "newly_suppressed": ["t|country=US|count"],
                                      "newly_published": ["t|country=MX|count"], "rows_added": [], "rows_removed": []}
    assert changes(before, before)["value_changed"] == []
