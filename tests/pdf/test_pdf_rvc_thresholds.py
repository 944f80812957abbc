"""Each RVC method is compared with its own threshold, in the plan, the API,
the PDF (read back with pypdf) and the results page (issue 10, item 2)."""

from __future__ import annotations

import copy
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.chambers.models import Chamber
from app.i18n.catalogs import get_translations
from app.pdf import texts
from app.pdf.services import pdf_figures, render_plan_pdf
from app.plans.services import build_plan
from tests.fixtures import example_answers
from tests.pdf.conftest import ON, normalized, pdf_text
from tests.wizard.completed import open_completed


def _between() -> dict[str, Any]:
    """The furniture workshop with 57.0 % by transaction value (below 60) and
    55.2 % by net cost (above 50): it qualifies by net cost only."""
    answers = copy.deepcopy(example_answers("furniture-workshop-mx"))
    answers["goods"].update(unit_transaction_value=1000, unit_non_originating_value=430, unit_net_cost=960)
    return answers


def _auto_part() -> dict[str, Any]:
    answers = copy.deepcopy(example_answers("furniture-workshop-mx"))
    answers["goods"].update(hs_code="870829", special_sector="automotive", unit_transaction_value=1000,
                            unit_non_originating_value=300, unit_net_cost=900)
    return answers


def _plan(answers: dict[str, Any], locale: str = "en") -> dict[str, Any]:
    plan = build_plan(answers, locale, ON).plan
    assert plan is not None
    return plan.as_dict()


def test_the_findings_carry_one_threshold_per_method(pdf_app: Flask) -> None:
    findings = _plan(_between())["findings"]
    assert findings["rvc_transaction_value_pct"] == 57.0 and findings["rvc_threshold_pct"] == 60
    assert findings["rvc_net_cost_pct"] == 55.2 and findings["rvc_net_cost_threshold_pct"] == 50


def test_the_api_gives_both_thresholds_and_describes_them(pdf_app: Flask) -> None:
    client = pdf_app.test_client()
    plan = client.post(f"/api/v1/plans?locale=en&on={ON.isoformat()}", json=_between()).get_json()
    assert (plan["findings"]["rvc_threshold_pct"], plan["findings"]["rvc_net_cost_threshold_pct"]) == (60, 50)
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Plan"]
    assert "rvc_net_cost_threshold_pct" in schema["properties"]["findings"]["required"]


def test_the_pdf_compares_each_method_with_its_own_threshold(pdf_app: Flask) -> None:
    answers = _between()
    plan = _plan(answers)
    text = pdf_text(render_plan_pdf(plan, {}, "en", given=pdf_figures(answers)))
    assert "Transaction-value method: 57%" in text and "below the threshold of 60%" in text
    assert "Net-cost method: 55.2%" in text and "at or above the threshold of 50%" in text
    assert "threshold of 60%" not in text.split("Net-cost method: 55.2%")[1].split(".")[1]
    assert normalized(texts.THRESHOLD_USUAL) in text


def test_an_automotive_part_is_compared_with_no_general_threshold(pdf_app: Flask) -> None:
    answers = _auto_part()
    plan = _plan(answers)
    assert (plan["findings"]["rvc_threshold_pct"], plan["findings"]["rvc_net_cost_threshold_pct"]) == (None, None)
    text = pdf_text(render_plan_pdf(plan, {}, "en", given=pdf_figures(answers)))
    assert "Net-cost method: 66.7%" in text and "threshold of 50%" not in text and "threshold of 60%" not in text
    assert normalized(texts.THRESHOLD_UNKNOWN) in text


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_the_results_page_compares_each_method_with_its_own_threshold(
    make_app: Callable[..., Flask], app: Flask, tmp_path: Path, make_chamber: Callable[..., Chamber], locale: str
) -> None:
    served = make_app(PDF_CACHE_DIR=str(tmp_path / "pdf-cache"))
    opened = open_completed(served, make_chamber(), _between(), locale)
    page = html.unescape(opened.client.get(opened.url("results", locale)).text).replace("\u00a0", " ").replace("\u202f", " ")
    gettext = get_translations(locale).gettext
    below = gettext("below the threshold of %(threshold)s") % {"threshold": ""}
    above = gettext("at or above the threshold of %(threshold)s") % {"threshold": ""}
    assert below.strip() in page and above.strip() in page
    assert gettext(texts.THRESHOLD_USUAL).replace("\u00a0", " ").replace("\u202f", " ") in page
    if locale == "en":
        lines = {line.split(" = ")[0]: line for line in page.split("<li>") if " = (" in line}
        assert "below the threshold of 60%." in lines["Transaction-value method: 57%"]
        assert "at or above the threshold of 50%." in lines["Net-cost method: 55.2%"]
