"""The PDF button's click: rendered on the click (no prefetch: a browser
without `<link rel="prefetch">`, or clicking before the prefetch ends) against
served after the results page's prefetch filled the server's cache.

Through the real routes (Flask's test client, in process: no network, no
gunicorn), on a throw-away SQLite database, each example plan in French, a
fresh cache for every run. The prefetch's own time is printed too: it is
spent while the owner reads the page, not on the click.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app import create_app
from app.assessments.models import Assessment
from app.chambers.models import Chamber
from app.clock import utcnow
from app.extensions import db
from app.plans.services import current_engine

ANSWERS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "answers"
REPEAT = int(os.environ.get("BENCH_PDF_REPEAT", "5"))
PREFETCH = {"Sec-Purpose": "prefetch"}


def _completed(chamber_id: int, answers: dict) -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    row = Assessment(chamber_id=chamber_id, answers=answers, locale="fr", status="completed",
                     completed_at=datetime(2026, 11, 22, 12, tzinfo=UTC), current_step="results",
                     rules_version=current_engine().version, resume_token_hash=hashlib.sha256(token.encode()).hexdigest(),
                     resume_token_expires_at=utcnow() + timedelta(days=30))
    db.session.add(row)
    db.session.commit()
    return row.public_id, token


def _timed(client, url: str, headers: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    response = client.get(url, headers=headers or {})
    elapsed = time.perf_counter() - start
    assert response.status_code == 200 and response.mimetype == "application/pdf", response.status_code
    return elapsed


def run() -> list[tuple[str, float, str, float]]:
    folder = Path(tempfile.mkdtemp())
    cache = folder / "pdf-cache"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}", "SECRET_KEY": "bench-only",
                      "PDF_CACHE_DIR": str(cache), "RATELIMIT_ENABLED": False})
    rows = []
    try:
        with app.app_context():
            db.create_all()
            chamber = Chamber(slug="demo", name="Demo")
            db.session.add(chamber)
            db.session.commit()
            for path in sorted(ANSWERS.glob("*.json")):
                public_id, token = _completed(chamber.id, json.loads(path.read_text(encoding="utf-8")))
                client = app.test_client()
                client.get(f"/demo/fr/resume/{token}")
                url = f"/demo/fr/questionnaire/{public_id}/plan.pdf"
                _timed(client, url)  # warm: fonts, catalogs, templates
                cold, ahead, warm = [], [], []
                for _ in range(REPEAT):
                    shutil.rmtree(cache, ignore_errors=True)
                    cold.append(_timed(client, url))
                    shutil.rmtree(cache, ignore_errors=True)
                    ahead.append(_timed(client, url, PREFETCH))
                    warm.append(_timed(client, url))
                print(f"{path.stem} (fr): prefetch, while the page is read, median {statistics.median(ahead):.3f} s",
                      file=sys.stderr)
                rows.append((f"click after prefetch, {path.stem} (s)", statistics.median(warm),
                             "click rendering it", statistics.median(cold)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


if __name__ == "__main__":
    for figure, value, baseline, base_value in run():
        print(f"{figure:52} {value:8.3f}   {baseline}: {base_value:.3f}   ratio {value / base_value:.3f}x")
