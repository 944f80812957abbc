"""`flask rules evaluate|check|render`, as contracts.md describes them."""

from __future__ import annotations

import json

import pytest

from tests.api.test_plans_api import KINDS, _inconsistent
from tests.fixtures import ANSWERS_DIR


def test_evaluate_prints_the_plan_json(app):
    result = app.test_cli_runner().invoke(
        args=["rules", "evaluate", str(ANSWERS_DIR / "specialty-food-us.json"), "--locale", "es", "--on", "2026-11-22"]
    )
    assert result.exit_code == 0
    plan = json.loads(result.output)
    assert plan["locale"] == "es" and plan["evaluated_on"] == "2026-11-22"


def test_evaluate_exits_2_with_the_problems_on_stderr_for_invalid_answers(app, tmp_path):
    document = json.loads((ANSWERS_DIR / "specialty-food-us.json").read_text())
    document["export"]["markets"] = ["US"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = app.test_cli_runner().invoke(args=["rules", "evaluate", str(path)])
    assert result.exit_code == 2
    assert "$.export.markets" in result.stderr
    assert result.stdout == ""


def test_evaluate_exits_2_for_a_file_that_is_not_json(app, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{")
    result = app.test_cli_runner().invoke(args=["rules", "evaluate", str(path)])
    assert result.exit_code == 2


def test_check_passes_on_the_rule_base_with_no_warnings(app):
    result = app.test_cli_runner().invoke(args=["rules", "check", "--strict"])
    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_render_writes_the_rule_base_in_french(app, tmp_path):
    out = tmp_path / "rules-fr.md"
    result = app.test_cli_runner().invoke(args=["rules", "render", "--locale", "fr", "-o", str(out)])
    assert result.exit_code == 0
    text = out.read_text()
    assert text.startswith("# ") and "## origin" in text and "## Paramètres" in text


@pytest.mark.parametrize("kind", KINDS)
def test_evaluate_refuses_each_kind_of_inconsistency_with_its_path(app, tmp_path, kind):
    document, path = _inconsistent(kind)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(document))
    result = app.test_cli_runner().invoke(args=["rules", "evaluate", str(answers), "--locale", "fr"])
    assert result.exit_code == 2
    assert any(line.startswith(path) for line in result.stderr.splitlines()), result.stderr
    assert result.stdout == ""
