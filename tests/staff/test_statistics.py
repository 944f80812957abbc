"""Statistics for officials and chambers: the API and the dashboard.

Two quarters are really seeded and published once per database (publishing
runs the disclosure control's linear programs, about a minute a quarter on a
loaded machine); each test then puts those published rows back after the
wipe. Who gets what, that the files are the command line's, and that every
view and download is in the audit log.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.accounts import services
from app.audit.models import AuditEvent
from app.chambers.models import Chamber
from app.extensions import db
from app.stats.models import StatsRelease

US, MX = "demo-us-1", "demo-mx-1"
_SNAPSHOT: dict[str, Any] = {}


def _copy(model: Any) -> list[dict[str, Any]]:
    columns = [c.key for c in model.__table__.columns]
    return [{k: getattr(row, k) for k in columns} for row in db.session.scalars(sa.select(model))]


@pytest.fixture
def published(app, database_url):
    """Q3 and Q4 of 2026 published for all chambers and each of two chambers."""
    if database_url not in _SNAPSHOT:
        runner = app.test_cli_runner()
        result = runner.invoke(args=["demo", "seed", "--assessments", "120", "--chambers", "2", "--draw-scores"])
        assert result.exit_code == 0, result.output
        for period in ("2026-Q3", "2026-Q4"):
            result = runner.invoke(args=["stats", "publish", "--period", period])
            assert result.exit_code == 0, result.output
        _SNAPSHOT[database_url] = (_copy(Chamber), _copy(StatsRelease))
        return
    chambers, releases = _SNAPSHOT[database_url]
    db.session.execute(sa.insert(Chamber), chambers)
    db.session.execute(sa.insert(StatsRelease), releases)
    db.session.commit()


@pytest.fixture
def people(app, make_staff):
    return {
        "official": make_staff("off@example.org", role="official"),
        "us_staff": make_staff("us@example.org", chambers=[US]),
        "site_admin": make_staff("root@example.org", role="site_admin"),
    }


def _token(user) -> dict[str, str]:
    token = services.new_api_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _audits(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_api_access_matrix(published, people, served):
    client = served.test_client()
    official, staff, admin = (_token(people[k]) for k in ("official", "us_staff", "site_admin"))
    assert client.get("/api/v1/stats/releases").status_code == 401
    assert client.get("/api/v1/stats/release").status_code == 401
    assert client.get("/api/v1/stats/release", headers={"Authorization": "Bearer nope"}).status_code == 401
    for chamber in ("", "all", US, MX):
        assert client.get(f"/api/v1/stats/release?chamber={chamber}", headers=official).status_code == 200
    assert client.get("/api/v1/stats/release?chamber=all", headers=admin).status_code == 200
    assert client.get(f"/api/v1/stats/release?chamber={US}", headers=staff).status_code == 200
    assert client.get("/api/v1/stats/release", headers=staff).status_code == 200  # default: their chamber
    assert json.loads(client.get("/api/v1/stats/release", headers=staff).data)["manifest"]["scope"] == US
    for other in ("all", MX, "nowhere"):
        response = client.get(f"/api/v1/stats/release?chamber={other}", headers=staff)
        assert response.status_code == 403, other
        assert response.json["problems"][0]["path"] == "?chamber"
    assert client.get("/api/v1/stats/release?chamber=nowhere", headers=official).status_code == 404
    mine = client.get("/api/v1/stats/releases", headers=staff).json["items"]
    assert {r["scope"] for r in mine} == {US} and {r["release"] for r in mine} == {"2026-Q3", "2026-Q4"}
    every = client.get("/api/v1/stats/releases", headers=official).json["items"]
    assert {r["scope"] for r in every} == {"all", US, MX}


def test_api_bad_requests_are_clear(published, people, served):
    client, official = served.test_client(), _token(people["official"])
    response = client.get("/api/v1/stats/release?format=pdf&locale=fr", headers=official)
    assert response.status_code == 400 and response.json["locale"] == "fr" and response.json["problems"][0]["path"] == "?format"
    response = client.get("/api/v1/stats/release?period=2026-Q9", headers=official)
    assert response.status_code == 400 and response.json["problems"][0]["path"] == "?period"
    response = client.get("/api/v1/stats/release?period=2025-Q1", headers=official)
    assert response.status_code == 404
    response = client.get("/api/v1/stats/release?period=" + "9" * 500, headers=official)
    assert response.status_code == 400


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_api_files_are_the_command_lines(published, people, served, app, tmp_path, fmt):
    client, official = served.test_client(), _token(people["official"])
    out = tmp_path / f"r.{fmt}"
    result = app.test_cli_runner().invoke(args=["stats", "release", "--period", "2026-Q4", "--chamber", MX,
                                                "--format", fmt, "--locale", "es", "-o", str(out)])
    assert result.exit_code == 0, result.output
    response = client.get(f"/api/v1/stats/release?period=2026-Q4&chamber={MX}&format={fmt}&locale=es", headers=official)
    assert response.status_code == 200 and response.data == out.read_bytes()
    assert response.headers["Content-Disposition"].startswith("attachment")
    events = _audits("stats.api_download")
    assert len(events) == 1 and events[0].actor_id == people["official"].id
    assert events[0].details["format"] == fmt and events[0].details["release"] == "2026-Q4"
    assert events[0].target_id == MX


def test_api_refusals_are_audited(published, people, served):
    client = served.test_client()
    assert client.get("/api/v1/stats/release?chamber=all", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get(f"/api/v1/stats/release?chamber={MX}", headers=_token(people["us_staff"])).status_code == 403
    refused = _audits("stats.api_refused")
    assert [(e.actor_id, e.details["status"], e.details.get("chamber")) for e in refused] == [
        (None, 401, "all"), (people["us_staff"].id, 403, MX)]
    assert all(e.details["path"] == "/api/v1/stats/release" and e.details["address"] for e in refused)
    assert _audits("stats.api_download") == []


def test_api_catalogue_read_is_audited(published, people, served):
    served.test_client().get("/api/v1/stats/releases", headers=_token(people["us_staff"]))
    assert len(_audits("stats.api_catalogue_read")) == 1


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_dashboard_for_an_official_in_three_languages(published, people, signed_in, lang):
    client = signed_in(people["official"])
    page = client.get(f"/staff/{lang}/statistics/?table=barriers_by_country")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'lang="{lang}"' in text and "<svg" in text and "<table" in text and "2026-Q4" in text
    hidden = {"en": "hidden: fewer than k businesses", "es": "oculta", "fr": "masqu"}[lang]
    assert hidden in text
    assert "<script" not in text
    for table in ("readiness_by_country_area", "businesses_by_country_size", "digital_practices_by_country"):
        assert client.get(f"/staff/{lang}/statistics/?table={table}&chamber={MX}&period=2026-Q3").status_code == 200
    assert client.get(f"/staff/{lang}/statistics/?table=free_query").status_code == 404
    trend = text[text.index('id="trend-caption"'):]
    assert "2026-Q3" in trend and "2026-Q4" in trend and 'id="trend-score-caption"' in trend
    assert len(_audits("stats.dashboard_read")) == 4


def test_dashboard_for_chamber_staff_shows_their_own_chamber_only(published, people, signed_in):
    client = signed_in(people["us_staff"])
    page = client.get("/staff/en/statistics/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'value="{US}" selected' in text and 'value="all"' not in text and MX not in text
    assert client.get("/staff/en/statistics/?chamber=all").status_code == 403
    assert client.get(f"/staff/en/statistics/?chamber={MX}").status_code == 403
    assert client.get(f"/staff/en/statistics/download?chamber={MX}&format=csv").status_code == 403


def test_dashboard_downloads_agree_with_the_api_and_are_audited(published, people, signed_in, served):
    client = signed_in(people["official"])
    api = served.test_client()
    token = _token(people["official"])
    files = {}
    for fmt in ("json", "csv", "xlsx"):
        response = client.get(f"/staff/fr/statistics/download?chamber=all&period=2026-Q4&format={fmt}")
        assert response.status_code == 200, fmt
        same = api.get(f"/api/v1/stats/release?chamber=all&period=2026-Q4&format={fmt}&locale=fr", headers=token)
        assert response.data == same.data
        files[fmt] = response.data
    rows = json.loads(files["json"])["rows"]
    assert len(list(csv.DictReader(io.StringIO(files["csv"].decode())))) == len(rows)
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert "manifest" in book.sheetnames and "read_me" in book.sheetnames
    manifest = client.get("/staff/fr/statistics/download?chamber=all&period=2026-Q4&format=manifest")
    assert manifest.status_code == 200 and json.loads(manifest.data) == json.loads(files["json"])["manifest"]
    assert client.get("/staff/fr/statistics/download?format=pdf").status_code == 404
    events = _audits("stats.download")
    assert [e.details["format"] for e in events] == ["json", "csv", "xlsx", "manifest"]
    assert all(e.actor_id == people["official"].id for e in events)


def test_methodology_in_the_readers_language(published, people, signed_in):
    client = signed_in(people["us_staff"])
    page = client.get("/staff/es/statistics/methodology")
    assert page.status_code == 200 and 'lang="es"' in page.get_data(as_text=True)
    css = page.get_data(as_text=True).split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in page.headers["Content-Security-Policy"]
    pdf = client.get("/staff/fr/statistics/methodology.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert [e.details["format"] for e in _audits("stats.methodology_read")] == ["html", "pdf"]


def test_nothing_published_yet(app, make_staff, signed_in):
    client = signed_in(make_staff("off@example.org", role="official"))
    page = client.get("/staff/en/statistics/")
    assert page.status_code == 200 and "No release is published yet" in page.get_data(as_text=True)
    assert client.get("/staff/en/statistics/download?format=csv").status_code == 404
