"""Members' shared plans at 10,000 rows: list pages and the streamed CSV export.

Timed in one process through the app's test client (a signed-in chamber
staff member, a real SQLite database with 10,000 shared questionnaires and as
many that are not shared). Targets (issue 12): a list page under 300 ms at
the 95th percentile, first page and deep pages alike (keyset pagination);
the CSV export's peak memory flat: the same for 10,000 rows as for 1,000.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ROWS = int(os.environ.get("BENCH_MEMBERS_ROWS", "10000"))
PAGE_REQUESTS = int(os.environ.get("BENCH_MEMBERS_REQUESTS", "60"))
PASSWORD = "bench only passphrase"


def _seed(app: Any, chamber_slug: str, shared: int, other_chamber_slug: str) -> None:
    from sqlalchemy import insert

    from app.accounts import services
    from app.assessments.models import Assessment, Contact
    from app.chambers.models import Chamber
    from app.clock import utcnow
    from app.extensions import db

    answers = json.loads((ROOT / "app" / "answers" / "examples" / "furniture-workshop-mx.json").read_text())
    answers.pop("contact", None)
    with app.app_context():
        chamber = Chamber(slug=chamber_slug, name="Bench Chamber")
        other = Chamber(slug=other_chamber_slug, name="Other Chamber")
        db.session.add_all([chamber, other])
        db.session.commit()
        now = utcnow()
        for start in range(0, shared * 2, 1000):
            assessments, contacts = [], []
            for number in range(start, min(start + 1000, shared * 2)):
                is_shared = number % 2 == 0
                assessments.append({
                    "public_id": secrets.token_urlsafe(16), "chamber_id": chamber.id if number % 4 != 3 else other.id,
                    "answers": {**answers, "consent": {"aggregate_stats": True, "share_with_host": is_shared}},
                    "locale": "en", "status": "completed", "version": 1,
                    "completed_at": now - timedelta(minutes=number), "created_at": now, "updated_at": now,
                    "consent_aggregate_stats": True, "consent_share_with_host": is_shared,
                })
            result = db.session.execute(insert(Assessment).returning(Assessment.id), assessments)
            for ident in result.scalars():
                contacts.append({"assessment_id": ident, "business_name": f"Empresa {ident}",
                                 "email": f"e{ident}@example.org", "created_at": now})
            db.session.execute(insert(Contact), contacts)
            db.session.commit()
        user = services.create_user("bench@example.org", "chamber_staff", [chamber_slug])
        user.password_hash = services.hash_password(PASSWORD)
        db.session.commit()


def _client(app: Any) -> Any:
    import re

    client = app.test_client()
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    page = client.get("/staff/en/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/staff/en/sign-in", data={"csrf_token": token, "email": "bench@example.org",
                                                      "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _page_timings(client: Any, url: str, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return timings


def _export_peak(client: Any, url: str) -> tuple[float, int]:
    """Peak traced memory (MB) while streaming the whole export, and its line count."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    response = client.get(url, buffered=False)
    lines = 0
    for chunk in response.response:
        lines += chunk.count("\n") if isinstance(chunk, str) else chunk.count(b"\n")
    response.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6, lines


def run() -> list[tuple[str, float, str, float]]:
    from app import create_app
    from app.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        from flask_migrate import upgrade

        def make(url: str) -> Any:
            return create_app({"TESTING": True, "SECRET_KEY": "bench-only", "SQLALCHEMY_DATABASE_URI": url,
                               "RATELIMIT_ENABLED": False, "PUBLIC_BASE_URL": "http://localhost"})

        big_url, small_url = (f"sqlite:///{Path(folder) / name}.sqlite3" for name in ("big", "small"))
        big, small = make(big_url), make(small_url)
        for app, rows in ((big, ROWS), (small, ROWS // 10)):
            with app.app_context():
                upgrade()
            _seed(app, "bench", rows, "other")
        client = _client(big)
        first = _page_timings(client, "/bench/en/staff/members/", PAGE_REQUESTS)
        # A deep page: follow "next" 40 times, then time that page.
        url = "/bench/en/staff/members/"
        for _ in range(40):
            html = client.get(url).text
            url = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
        deep = _page_timings(client, url, PAGE_REQUESTS)
        searched = _page_timings(client, "/bench/en/staff/members/?q=empresa%2012", PAGE_REQUESTS)
        peak_big, lines_big = _export_peak(client, "/bench/en/staff/members/export.csv")
        peak_small, lines_small = _export_peak(_client(small), "/bench/en/staff/members/export.csv")
        for app in (big, small):
            with app.app_context():
                db.engine.dispose()
    assert lines_big > lines_small > 1
    return [
        ("list, first page p95 (ms)", _p95(first) * 1000, "target", 300.0),
        ("list, page 41 p95 (ms)", _p95(deep) * 1000, "first page median", statistics.median(first) * 1000),
        ("list, search p95 (ms)", _p95(searched) * 1000, "target", 300.0),
        (f"CSV export peak MB ({lines_big - 1} rows)", peak_big, f"{lines_small - 1} rows", peak_small),
    ]


if __name__ == "__main__":
    for name, value, baseline, base_value in run():
        print(f"{name:40} {value:10.3f}   {baseline}: {base_value:.3f}   ratio {value / base_value:.2f}")
