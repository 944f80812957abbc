"""`flask plan pdf ANSWERS.json -o plan.pdf --locale es` (contracts.md, section 3)."""

from __future__ import annotations

import json

from pypdf import PdfReader

from tests.fixtures import ANSWERS_DIR
from tests.pdf.conftest import normalized, pdf_text


def plan_pdf(app, answers, output, *options):
    """`flask plan pdf ANSWERS -o OUTPUT [options]`, run in `app`."""
    return app.test_cli_runner().invoke(args=["plan", "pdf", str(answers), "-o", str(output), *options])


def test_plan_pdf_writes_the_plan_as_a_pdf_in_the_asked_language(app, tmp_path):
    output = tmp_path / "plan.pdf"
    result = plan_pdf(app, ANSWERS_DIR / "furniture-workshop-mx.json", output, "--locale", "es", "--on", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert output.read_bytes()[:5] == b"%PDF-"
    assert PdfReader(output).metadata.title
    evaluated = app.test_cli_runner().invoke(
        args=[
            "rules",
            "evaluate",
            str(ANSWERS_DIR / "furniture-workshop-mx.json"),
            "--locale",
            "es",
            "--on",
            "2026-11-22",
        ]
    )
    text = pdf_text(output.read_bytes())
    for action in json.loads(evaluated.stdout)["actions"]:
        assert normalized(action["title"]) in text


def test_plan_pdf_exits_2_with_the_problems_for_invalid_answers(app, tmp_path):
    document = json.loads((ANSWERS_DIR / "specialty-food-us.json").read_text())
    document["export"]["markets"] = ["US"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    output = tmp_path / "plan.pdf"
    result = plan_pdf(app, path, output)
    assert result.exit_code == 2
    assert "$.export.markets" in result.stderr
    assert not output.exists()


def test_plan_pdf_uses_the_named_chambers_branding(app, make_chamber, tmp_path):
    make_chamber(slug="quebec", name="Chambre de commerce de Québec")
    output = tmp_path / "plan.pdf"
    result = plan_pdf(app, ANSWERS_DIR / "software-consultancy-ca.json", output, "--chamber", "quebec")
    assert result.exit_code == 0, result.output
    assert "Chambre de commerce de Québec" in pdf_text(output.read_bytes())


def test_plan_pdf_refuses_an_unknown_chamber(app, tmp_path):
    result = plan_pdf(app, ANSWERS_DIR / "software-consultancy-ca.json", tmp_path / "p.pdf", "--chamber", "nope")
    assert result.exit_code != 0 and "nope" in result.output
