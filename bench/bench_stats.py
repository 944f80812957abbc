"""Statistics release: a full release (sync check, GROUP BY, disclosure control
with its LP audit, JSON document) beside the same GROUP BY queries run bare, in
the same run, on PostgreSQL and SQLite; and the release's peak Python memory
as the number of questionnaires grows.

Settings: BENCH_STATS_SIZES (default "100000,1000000"), BENCH_STATS_DATABASES
(default "postgresql,sqlite"), BENCH_POSTGRES_URL (the server's admin URL).
How the data is made: the first 100,000 (or fewer) questionnaires by
`demo seed --draw-scores` (full answers documents, scores drawn, not evaluated);
larger sizes are copies of them made in SQL (INSERT … SELECT, the copies' answers
documents left empty: a release never reads them). Every row is put in the
released quarter, the worst case. Targets (issue 13): within 1.5 times the bare
queries, under 10 s on PostgreSQL, memory flat from 100k to 1M.
Then `publish` of the quarter, once per size (its releases deleted afterwards,
bench only): the all-chambers release and every chamber's, audited together
(the linear-programming audit, app/stats/audit.py), and their files.
One size and one database: BENCH_STATS_SIZES=5000 BENCH_STATS_DATABASES=sqlite
.venv/bin/python -m bench.bench_stats
"""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

SIZES = [int(s) for s in os.environ.get("BENCH_STATS_SIZES", "100000,1000000").split(",") if s.strip()]
DATABASES = [s.strip() for s in os.environ.get("BENCH_STATS_DATABASES", "postgresql,sqlite").split(",") if s.strip()]
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BASE = 100_000
PERIOD = "2026-Q4"
REPEAT = 3


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'stats-bench.sqlite3'}"
        return
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"portal_bench_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _grow(target: int, have: int) -> int:
    """Copy the seeded questionnaires (and their statistics rows) in SQL up to `target`."""
    from app.extensions import db
    from app.stats.models import StatsFact

    facts = [c.name for c in StatsFact.__table__.columns if c.name not in ("id", "assessment_id")]
    base = have
    copy = 0
    while have < target:
        copy += 1
        take = min(base, target - have)
        suffix = f"-c{copy}"
        db.session.execute(sa.text(
            "INSERT INTO assessments (public_id, chamber_id, answers, locale, status, version, created_at, updated_at,"
            " completed_at, current_step, consent_aggregate_stats, consent_share_with_host)"
            f" SELECT public_id || '{suffix}', chamber_id, '{{}}', locale, status, version, created_at, updated_at,"
            " completed_at, current_step, consent_aggregate_stats, consent_share_with_host"
            f" FROM assessments WHERE id <= (SELECT MIN(id) FROM assessments) + {take - 1}"  # the seeded ones
        ))
        cols = ", ".join(facts)
        db.session.execute(sa.text(
            f"INSERT INTO stats_facts (assessment_id, {cols})"
            f" SELECT c.id, {', '.join('f.' + name for name in facts)} FROM stats_facts f"
            " JOIN assessments a ON a.id = f.assessment_id"
            f" JOIN assessments c ON c.public_id = a.public_id || '{suffix}'"
        ))
        db.session.commit()
        have += take
    return have


def _median(work) -> float:  # noqa: ANN001
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def measure(kind: str) -> list[tuple[int, dict[str, float]]]:
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.stats.aggregate import table_query
    from app.stats.catalogue import TABLES
    from app.stats.facts import sync_facts
    from app.stats.models import StatsRelease
    from app.stats.release import build_release, publish
    from app.stats.seed import seed

    results = []
    with tempfile.TemporaryDirectory() as folder, database(kind, Path(folder)) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only", "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
            have = 0
            for size in sorted(SIZES):
                start = time.perf_counter()
                if have == 0:
                    seed(min(size, BASE), seed_value=13, chambers=9, evaluate=False)
                    db.session.execute(sa.text(f"UPDATE stats_facts SET period = '{PERIOD}'"))
                    db.session.commit()
                    have = min(size, BASE)
                have = _grow(size, have)
                if kind == "postgresql":
                    db.session.execute(sa.text("ANALYZE"))
                    db.session.commit()
                rows = db.session.execute(sa.text("SELECT COUNT(*) FROM stats_facts WHERE period = :p"), {"p": PERIOD}).scalar()
                seeded = time.perf_counter() - start
                sync_facts()  # nothing pending: what every release pays to check

                def bare() -> None:
                    for table in TABLES:
                        db.session.execute(table_query(table, PERIOD, None)).all()

                def full() -> None:
                    build_release(PERIOD, fmt="json", preview=True)

                bare_s = _median(bare)
                full_s = _median(full)
                sync_s = _median(sync_facts)
                tracemalloc.start()
                full()
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                start = time.perf_counter()
                publish(PERIOD)
                publish_s = time.perf_counter() - start
                db.session.execute(sa.delete(StatsRelease).where(StatsRelease.period == PERIOD))
                db.session.commit()
                results.append((size, {"rows_in_quarter": rows, "seed_s": seeded, "bare_s": bare_s, "full_s": full_s,
                                       "sync_check_s": sync_s, "peak_mib": peak / 2**20,
                                       "publish_s": publish_s}))
                print(f"  {kind:<10} {size:>9,} questionnaires ({rows:,} in {PERIOD}): bare GROUP BY {bare_s:6.2f} s,"
                      f" full release {full_s:6.2f} s (ratio {full_s / bare_s:4.2f}; of which sync check {sync_s:5.2f} s),"
                      f" peak Python memory {peak / 2**20:6.1f} MiB; publish {publish_s:6.2f} s  [seeded in {seeded:5.0f} s]", flush=True)
        with app.app_context():
            db.engine.dispose()
    return results


def run() -> Iterator[tuple[str, float, str, float]]:
    """(figure, value, baseline, baseline value) for bench/__main__.py."""
    for kind in DATABASES:
        for size, figures in measure(kind):
            yield f"stats release {kind} {size:,} (s)", figures["full_s"], "bare GROUP BY", figures["bare_s"]
            yield f"stats publish {kind} {size:,} (s)", figures["publish_s"], "one full release", figures["full_s"]


if __name__ == "__main__":
    print(__doc__.strip().splitlines()[0])
    for _ in run():
        pass
