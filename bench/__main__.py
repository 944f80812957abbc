"""`make bench`: run every benchmark and print it beside its baseline.

Settings: BENCH_SECONDS (per load run, default 10), BENCH_CONNECTIONS (8).
Traffic stays on 127.0.0.1 and every run is bounded in time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.load import LoadResult, run_load
from bench.servers import ROOT, WORKERS, gunicorn

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WIZARD_USERS = int(os.environ.get("BENCH_WIZARD_USERS", "20"))


def _portal_env(folder: Path) -> dict[str, str]:
    """A throw-away SQLite database with the demo chamber, for the portal."""
    env = {"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}", "SECRET_KEY": "bench-only"}
    for command in (["db", "upgrade"], ["chambers", "ensure-demo"]):
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *command],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
    return env


def home_page_against_bare_flask() -> tuple[str, LoadResult, LoadResult]:
    """Our home page vs a bare Flask endpoint, same gunicorn and load tool."""
    with tempfile.TemporaryDirectory() as folder:
        env = _portal_env(Path(folder))
        with gunicorn("bench.bare_app:app", "/", {}) as url:
            baseline = run_load(url, SECONDS, CONNECTIONS)
        with gunicorn("wsgi:app", "/demo/en/", env) as url:
            ours = run_load(url, SECONDS, CONNECTIONS)
    return "home page (/demo/en/) vs bare Flask", ours, baseline


def _row(label: str, result: LoadResult) -> str:
    return (
        f"  {label:<9} {result.requests_per_second:>10.1f} req/s   p50 {result.p50_ms:>7.2f} ms"
        f"   p95 {result.p95_ms:>7.2f} ms   errors {result.errors}"
    )


def main() -> int:
    print(f"gunicorn workers: {WORKERS}; {CONNECTIONS} connections; {SECONDS}s per run")
    failed = _compare(*home_page_against_bare_flask())
    failed |= _wizard()
    _in_process()
    return 1 if failed else 0


def _in_process() -> None:
    """Benchmarks timed inside one process: the rules engine, the PDF (and its click), the members' list, the statistics release."""
    from bench import bench_members, bench_pdf, bench_pdf_click, bench_rules, bench_stats

    for module in (bench_rules, bench_pdf, bench_pdf_click, bench_members, bench_stats):
        print(f"\n{module.__doc__.strip().splitlines()[0]}")
        for figure, value, baseline, base_value in module.run():
            ratio = value / base_value if base_value else 0
            print(f"  {figure:<40} {value:10.3f}   {baseline}: {base_value:.3f}   ratio {ratio:.2f}")


def _wizard() -> bool:
    """The questionnaire's step pages at 20 users (bench/bench_wizard.py)."""
    from bench.bench_wizard import wizard_against_bare_flask

    failed = False
    for name, ours, baseline in wizard_against_bare_flask(_portal_env, SECONDS, WIZARD_USERS):
        failed |= _compare(name, ours, baseline)
    return failed


def _compare(name: str, ours: LoadResult, baseline: LoadResult) -> bool:
    """Print one load comparison; True when either side had errors."""
    print(f"\n{name}  [load: {ours.tool}]")
    print(_row("ours", ours))
    print(_row("baseline", baseline))
    ratio = ours.requests_per_second / baseline.requests_per_second if baseline.requests_per_second else 0
    print(f"  ratio     {ratio:.2f} of baseline throughput")
    return bool(ours.errors or baseline.errors)


if __name__ == "__main__":
    sys.exit(main())
