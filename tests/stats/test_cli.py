"""The commands of contracts.md §5.2, end to end."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.answers.validation import validate_answers
from app.assessments.models import Assessment
from app.extensions import db
from app.stats.models import StatsFact


def test_seed_is_deterministic_and_valid(app) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "seed", "--assessments", "120", "--seed", "4", "--chambers", "4"])
    assert result.exit_code == 0, result.output
    documents = [a for (a,) in db.session.execute(select(Assessment.answers).order_by(Assessment.id))]
    assert len(documents) == 120
    for document in documents[:40]:
        assert validate_answers(document, "en") == []
    facts = db.session.execute(select(func.count()).select_from(StatsFact)).scalar()
    consenting = sum(1 for d in documents if d["consent"]["aggregate_stats"])
    assert facts == consenting
    import random

    from app.stats.seed import answers

    again = [answers(random.Random(9), "MX") for _ in range(2)]
    assert again[0] == again[1]


def test_release_and_publish_commands(app, tmp_path) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "seed", "--assessments", "200", "--chambers", "3", "--draw-scores"]).exit_code == 0
    out = tmp_path / "r.json"
    result = runner.invoke(args=["stats", "release", "--period", "2026-Q3", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads(out.read_bytes())["manifest"]
    assert manifest["status"] == "preview" and manifest["release"] == "2026-Q3"
    result = runner.invoke(args=["stats", "release", "--format", "csv", "-o", str(tmp_path / "r.csv")])
    assert result.exit_code == 0 and "2026-Q4" in result.output  # the latest quarter with data
    result = runner.invoke(args=["stats", "release", "--chamber", "demo-us-1", "--format", "xlsx", "-o", str(tmp_path / "c.xlsx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.xlsx").read_bytes()[:2] == b"PK"
    result = runner.invoke(args=["stats", "publish", "--period", "2026-Q3"])
    assert result.exit_code == 0 and "Published 2026-Q3" in result.output
    result = runner.invoke(args=["stats", "publish", "--period", "2026-Q3"])
    assert result.exit_code != 0 and "already published" in result.output
    result = runner.invoke(args=["stats", "release", "--period", "2026-Q9", "-o", str(out)])
    assert result.exit_code != 0 and "not a quarter" in result.output
