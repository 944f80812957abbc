"""Evaluation: dated parameters, hidden answers, scores, order, why, determinism."""

from __future__ import annotations

from datetime import date

from babel.support import NullTranslations

from app.rules_engine import Engine
from tests.rules_engine.conftest import MINIMAL_AREA, make_fact

PARAMS = """
parameters:
  financing.limit:
    description: The program's largest loan
    unit: USD
    values:
      - {from: 2024-01-01, value: 500000, reference: Program rules 2024, reviewed: 2026-11-01}
      - {from: 2026-10-01, value: 750000, reference: Program rules 2026, reviewed: 2026-11-01}
"""

LIMIT_RULE = """
  - id: financing.amount.above_limit
    when: {answer: finance.amount_needed, gt: {param: financing.limit}}
    priority: medium
    due_in_days: 60
    title: Your need of {amount} is above the program's limit of {limit}
    detail: Combine programs.
    vars:
      amount: {answer: finance.amount_needed}
      limit: {param: financing.limit}
    citations: [Program rules]
"""

DOC = {
    "schema_version": 1,
    "profile": {"country": "US", "naics": "5416", "employees": 5},
    "export": {"stage": "exploring", "markets": ["CA"], "offering": ["services"]},
    "finance": {"needs": ["working_capital"], "has_bank_relationship": False, "amount_needed": 600000},
    "consent": {"aggregate_stats": False},
}


def engine(load, facts=None, extra_rules: str = LIMIT_RULE) -> Engine:
    base = load({"parameters/financing.yaml": PARAMS, "financing/core.yaml": MINIMAL_AREA + extra_rules}, facts)
    return Engine(base, lambda locale: NullTranslations())


def test_a_parameter_uses_the_value_in_force_on_the_evaluation_date(load):
    before = engine(load).evaluate(DOC, "en", date(2026, 9, 30)).as_dict()
    after = engine(load).evaluate(DOC, "en", date(2026, 10, 1)).as_dict()
    assert "financing.amount.above_limit" in [a["id"] for a in before["actions"]]
    assert "financing.amount.above_limit" not in [a["id"] for a in after["actions"]]


def test_placeholders_are_filled_with_numbers_formatted_for_the_locale(load):
    plan = engine(load).evaluate(DOC, "fr", date(2026, 9, 30)).as_dict()
    title = next(a["title"] for a in plan["actions"] if a["id"] == "financing.amount.above_limit")
    assert title == "Your need of 600\xa0000 is above the program's limit of 500\xa0000"  # fr_CA


def test_actions_are_ordered_by_priority_then_due_date(load):
    plan = engine(load).evaluate(DOC, "en", date(2026, 9, 30)).as_dict()
    assert [a["id"] for a in plan["actions"]] == ["financing.bank.open", "financing.amount.above_limit"]


def test_why_names_the_answers_the_rule_read_with_their_values(load):
    plan = engine(load).evaluate(DOC, "en", date(2026, 9, 30)).as_dict()
    bank = next(a for a in plan["actions"] if a["id"] == "financing.bank.open")
    assert bank["why"] == [{"answer": "finance.has_bank_relationship", "value": False}]


def test_an_unanswered_question_fires_no_rule_that_needs_it_false(load):
    doc = {**DOC, "finance": {"needs": ["none"]}}
    plan = engine(load).evaluate(doc, "en", date(2026, 9, 30)).as_dict()
    assert plan["actions"] == []
    assert plan["scores"]["financing"] == 0


def test_an_area_that_does_not_apply_has_a_null_score_and_default_findings(load):
    plan = engine(load).evaluate(DOC, "en", date(2026, 9, 30)).as_dict()
    assert plan["scores"]["origin"] is None
    assert plan["findings"]["origin_status"] == "not_applicable"
    assert plan["scores"]["overall"] == plan["scores"]["financing"] == 0


def test_answers_hidden_by_the_branching_are_unknown(load):
    facts = {"probe.share": make_fact("probe.share", lambda ctx: ctx.answer("export.share_pct"), ("export.share_pct",))}
    rule = """
  - id: financing.probe.share_known
    when: {fact: probe.share, is_known: true}
    priority: low
    due_in_days: 1
    title: Share known
    detail: Probe.
    citations: [Test]
"""
    doc = {**DOC, "export": {**DOC["export"], "share_pct": 30}}  # stage "exploring" hides share_pct
    plan = engine(load, facts, LIMIT_RULE + rule).evaluate(doc, "en", date(2026, 9, 30)).as_dict()
    assert "financing.probe.share_known" not in [a["id"] for a in plan["actions"]]
    doc["export"]["stage"] = "regular"
    plan = engine(load, facts, LIMIT_RULE + rule).evaluate(doc, "en", date(2026, 9, 30)).as_dict()
    assert "financing.probe.share_known" in [a["id"] for a in plan["actions"]]


def test_the_same_answers_and_date_give_byte_identical_json(load):
    first = engine(load).evaluate(DOC, "es", date(2026, 11, 22)).to_json()
    second = engine(load).evaluate(dict(reversed(list(DOC.items()))), "es", date(2026, 11, 22)).to_json()
    assert first == second


def test_resource_urls_follow_the_plan_language(load):
    plan_es = engine(load).evaluate(DOC, "es", date(2026, 9, 30)).as_dict()
    plan_fr = engine(load).evaluate(DOC, "fr", date(2026, 9, 30)).as_dict()
    bank_es = next(a for a in plan_es["actions"] if a["id"] == "financing.bank.open")
    bank_fr = next(a for a in plan_fr["actions"] if a["id"] == "financing.bank.open")
    assert bank_es["resources"][0]["url"] == "https://www.sba.gov/es/guia-de-negocios"
    assert bank_fr["resources"][0]["url"].startswith("https://www.sba.gov/business-guide")


def test_resources_of_countries_the_business_does_not_deal_with_are_left_out(load):
    area = MINIMAL_AREA.replace(
        "score_items:",
        """  cbsa:
    name: Canada Border Services Agency
    country: CA
    url: https://www.cbsa-asfc.gc.ca/
  anam:
    name: Agencia Nacional de Aduanas de México
    country: MX
    url: https://www.anam.gob.mx/
score_items:""",
    ).replace("resources: [sba_export]", "resources: [sba_export, cbsa, anam]")
    base = load({"financing/core.yaml": area})
    plan = Engine(base, lambda locale: NullTranslations()).evaluate(DOC, "en", date(2026, 9, 30)).as_dict()
    bank = next(a for a in plan["actions"] if a["id"] == "financing.bank.open")
    assert [r["country"] for r in bank["resources"]] == ["US", "CA"]  # a US business selling to Canada


def test_numbers_in_texts_keep_up_to_four_decimals(load):
    from app.rules_engine.texts import Texts  # noqa: PLC0415

    texts = Texts(load({"financing/core.yaml": MINIMAL_AREA}), "fr", NullTranslations())
    assert texts.format_value(1.3698) == "1,3698"
    assert texts.format_value(77.1) == "77,1"


def test_no_area_with_an_urgent_action_shows_a_full_score(engine):
    """Over every example case of the rule base: an area with a high-priority
    action is never 100, and an area whose items are all met and has none is."""
    from tests.rules_engine.conftest import EXAMPLE_CASES

    urgent_seen = full_seen = 0
    for case in EXAMPLE_CASES:
        plan = engine.evaluate(case.answers, case.locale, case.on).as_dict()
        for area, score in plan["scores"].items():
            if area == "overall" or score is None:
                continue
            if any(a["area"] == area and a["priority"] == "high" for a in plan["actions"]):
                urgent_seen += 1
                assert score < 100, (case.name, area)
            full_seen += score == 100
    assert urgent_seen > 50 and full_seen > 0  # both kinds occur: the check is not empty


def test_urgent_actions_count_as_one_item_not_in_place(load):
    """Two items of one point, one met: 50 without an urgent action; with one
    (or more) to do, they count as one more point not in place: 1/3 → 33."""
    area = MINIMAL_AREA.replace("""score_items:
  - id: financing.score.bank""", """score_items:
  - id: financing.score.needs
    points: 1
    when: {answer: finance.needs, is_known: true}
  - id: financing.score.bank""")
    base = load({"financing/core.yaml": area})
    evaluate = Engine(base, lambda locale: NullTranslations()).evaluate
    without_bank = evaluate(DOC, "en", date(2026, 9, 30)).as_dict()  # financing.bank.open is high priority
    assert [a["priority"] for a in without_bank["actions"]] == ["high"]
    assert without_bank["scores"]["financing"] == 33
    with_bank = {**DOC, "finance": {**DOC["finance"], "has_bank_relationship": True}}
    assert evaluate(with_bank, "en", date(2026, 9, 30)).as_dict()["scores"]["financing"] == 100
    no_answer = {**DOC, "finance": {"needs": ["working_capital"]}}  # bank unknown: no action, one item of two
    assert evaluate(no_answer, "en", date(2026, 9, 30)).as_dict()["scores"]["financing"] == 50
