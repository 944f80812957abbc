"""The results page an owner can act on: what we found first, at most five
actions to do first, the rest by area, details on demand, and filters that
work without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask

from app.chambers.models import Chamber
from tests.fixtures import EXAMPLE_NAMES, example_answers
from tests.wizard.completed import ON, ResultsPage, open_completed


def plan_of(opened, answers, locale: str = "en") -> dict:
    response = opened.client.post(f"/api/v1/plans?locale={locale}&on={ON.isoformat()}", json=answers)
    assert response.status_code == 200, response.text
    return response.json


def section(html: str, title_id: str) -> str:
    """The <section> whose heading has `title_id`, or ""."""
    found = re.search(rf'<section[^>]*aria-labelledby="{title_id}".*?</section>', html, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_what_we_found_comes_first_then_at_most_five_actions(served: Flask, make_chamber: Callable[..., Chamber],
                                                             name: str) -> None:
    answers = example_answers(name)
    opened = open_completed(served, make_chamber("demo"), answers, "en")
    html = opened.client.get(opened.url("results", "en")).text
    plan = plan_of(opened, answers)
    first = section(html, "first-title")
    assert first and html.index('id="findings-title"') < html.index('id="first-title"')
    ids = re.findall(r'data-action-id="([^"]+)"', first)
    assert ids == [a["id"] for a in plan["actions"][:5]]
    every = ResultsPage(html).actions
    assert len(every) == len(plan["actions"]) and len(set(every)) == len(every)  # each action once
    assert html.count("<details class=\"action-details\"") == len(plan["actions"])  # why and sources on demand, no JavaScript


def test_the_findings_give_the_business_s_own_figures(served: Flask, make_chamber: Callable[..., Chamber]) -> None:
    answers = example_answers("furniture-workshop-mx")
    opened = open_completed(served, make_chamber("demo"), answers, "en")
    plan = plan_of(opened, answers)
    found = section(opened.client.get(opened.url("results", "en")).text, "findings-title")
    rvc = plan["findings"]["rvc_transaction_value_pct"]
    assert rvc is not None and f"{rvc:.1f}" in found
    assert f"{plan['findings']['rvc_threshold_pct']}" in found


def test_filters_work_without_javascript_and_ignore_unknown_values(served: Flask,
                                                                   make_chamber: Callable[..., Chamber]) -> None:
    answers = example_answers("software-consultancy-ca")
    opened = open_completed(served, make_chamber("demo"), answers, "en")
    plan = plan_of(opened, answers)
    area = plan["actions"][0]["area"]
    wanted = [a["id"] for a in plan["actions"] if a["area"] == area]
    assert 0 < len(wanted) < len(plan["actions"])
    filtered = opened.client.get(opened.url(f"results?area={area}", "en"))
    assert filtered.status_code == 200
    assert sorted(i for i, _ in ResultsPage(filtered.text).actions) == sorted(wanted)
    assert f"{len(wanted)} of {len(plan['actions'])} actions shown." in filtered.text
    assert re.search(rf'<option value="{area}" selected>', filtered.text)
    high = opened.client.get(opened.url("results?priority=high", "en"))
    assert {i for i, _ in ResultsPage(high.text).actions} == {a["id"] for a in plan["actions"] if a["priority"] == "high"}
    for query in ("area=nowhere", "priority=%00", "area=" + "x" * 500):
        anything = opened.client.get(opened.url(f"results?{query}", "en"))
        assert anything.status_code == 200
        assert len(ResultsPage(anything.text).actions) == len(plan["actions"])


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_the_product_s_rule_of_origin_is_shown_in_plain_words_with_its_legal_text(
        served: Flask, make_chamber: Callable[..., Chamber], locale: str) -> None:
    answers = example_answers("furniture-workshop-mx")
    opened = open_completed(served, make_chamber("demo"), answers, locale)
    rule = plan_of(opened, answers, locale)["findings"]["origin_rule"]
    assert rule and rule["alternatives"]
    found = section(opened.client.get(opened.url("results", locale)).text, "findings-title")
    options = [re.split(r"\s*<p ", item)[0] for item in  # each option's words, before its verdict, if any
               re.findall(r"<li>(.*?)</li>", found.split('class="rule-alternatives"', 1)[1].split("</ol>", 1)[0], re.S)]
    assert len(options) == len(rule["alternatives"])
    assert all(len(option) > 30 for option in options)  # words, not codes
    if locale == "en":
        assert "change of chapter" in options[0]
    quote = re.search(r"<blockquote([^>]*)>([^<]*)</blockquote>", found)
    assert quote and " ".join(quote.group(2).split())[:60] == " ".join(rule["text"].split())[:60].replace("'", "&#39;")[:60]
    assert ('lang="en"' in quote.group(1)) == (locale != "en")  # English legal text marked on other pages
    pdf = opened.client.get(opened.url("plan.pdf", locale))
    from tests.pdf.conftest import pdf_text
    text = " ".join(pdf_text(pdf.data).split())
    assert rule["source"] in text


def test_an_owner_ticks_actions_done_and_the_plan_shows_what_is_left(served: Flask,
                                                                    make_chamber: Callable[..., Chamber]) -> None:
    answers = example_answers("specialty-food-us")
    opened = open_completed(served, make_chamber("demo"), answers, "en")
    plan = plan_of(opened, answers)
    first = plan["actions"][0]["id"]
    opened.client.environ_base["HTTP_REFERER"] = "https://localhost/"  # Flask-WTF checks it on HTTPS, as browsers send it
    page = opened.client.get(opened.url("results", "en"))
    from tests.wizard.conftest import csrf
    token = csrf(page.text)
    ticked = opened.client.post(opened.url("results/tick", "en"), data={"csrf_token": token, "action": first, "done": "1"})
    assert ticked.status_code == 302 and ticked.location.endswith(f"results#{first}")
    html = opened.client.get(opened.url("results", "en")).text
    assert f"1 done, {len(plan['actions']) - 1} left." in html
    assert first not in re.findall(r'data-action-id="([^"]+)"', section(html, "first-title"))  # done: out of "first"
    assert re.search(rf'<li class="action action-done" id="{re.escape(first)}"', html)
    pdf = opened.client.get(opened.url("plan.pdf", "en"))
    from tests.pdf.conftest import pdf_text
    assert "1 action marked as done." in " ".join(pdf_text(pdf.data).split())
    untick = opened.client.post(opened.url("results/tick", "en"), data={"csrf_token": token, "action": first, "done": "0"})
    assert untick.status_code == 302
    assert "done," not in opened.client.get(opened.url("results", "en")).text.split("</p>", 3)[0]
    for bad in ("no.such.action", "x" * 5000, ""):
        refused = opened.client.post(opened.url("results/tick", "en"), data={"csrf_token": token, "action": bad, "done": "1"})
        assert refused.status_code == 302 and refused.location.endswith("/results")
    assert "done," not in opened.client.get(opened.url("results", "en")).text.split("</p>", 3)[0]
    no_csrf = opened.client.post(opened.url("results/tick", "en"), data={"action": first, "done": "1"})
    assert no_csrf.status_code == 400
