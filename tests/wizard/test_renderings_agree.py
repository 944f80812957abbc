"""The API's plan, the results page and the PDF never disagree: for every
example business in every language, the same actions (ids and titles) in the
same order. Both open with the plan's first actions ("What to do first"), then
group the actions by area, in the same order of areas, each area keeping the
plan's order; the page lists the first actions once, the PDF again in their area."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader

from app.chambers.models import Chamber
from tests.fixtures import EXAMPLE_NAMES, example_answers
from tests.pdf.conftest import pdf_text
from tests.wizard.completed import ON, ResultsPage, open_completed

LOCALES = ("en", "es", "fr")
TOP_ACTIONS = 5  # rows of the PDF's "What to do first" table


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, tmp_path: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(tmp_path / "pdf-cache"))


def squeezed(text: str) -> str:
    """Text with no whitespace at all: a title may wrap anywhere in the PDF."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_action_ids(pdf: bytes) -> list[str]:
    """The action anchors of the PDF (named destinations), in reading order."""
    reader = PdfReader(io.BytesIO(pdf))
    places = []
    for name, destination in reader.named_destinations.items():
        if name.startswith("action-"):
            page = reader.get_destination_page_number(destination)
            places.append((page, -float(destination.top or 0), name.removeprefix("action-").replace("-", ".")))
    return [action_id for *_, action_id in sorted(places)]


def titles_in_order(text: str, titles: list[str], start: int = 0) -> int:
    """Find each title after the previous one; the position after the last."""
    for title in titles:
        found = text.find(squeezed(title), start)
        assert found >= 0, f"not found in order: {title!r}"
        start = found + len(squeezed(title))
    return start


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_api_the_results_page_and_the_pdf_show_the_same_actions(
    served: Flask, make_chamber: Callable[..., Chamber], name: str, locale: str
) -> None:
    answers = example_answers(name)
    opened = open_completed(served, make_chamber("demo"), answers, locale)

    api = opened.client.post(f"/api/v1/plans?locale={locale}&on={ON.isoformat()}", json=answers)
    assert api.status_code == 200, api.text
    actions = api.json["actions"]
    assert actions, "the examples are expected to call for actions"
    expected = [(a["id"], " ".join(a["title"].split())) for a in actions]

    page = opened.client.get(opened.url("results", locale))
    assert page.status_code == 200
    first, rest = expected[:TOP_ACTIONS], expected[TOP_ACTIONS:]
    area_of = {a["id"]: a["area"] for a in actions}
    areas = list(dict.fromkeys(area_of[i] for i in pdf_action_ids(opened.client.get(opened.url("plan.pdf", locale)).data)))
    assert ResultsPage(page.text).actions == first + [x for area in areas for x in rest if area_of[x[0]] == area]

    pdf = opened.client.get(opened.url("plan.pdf", locale))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    in_pdf = pdf_action_ids(pdf.data)
    assert sorted(in_pdf) == sorted(a["id"] for a in actions)
    area_of = {a["id"]: a["area"] for a in actions}
    runs = [area_of[i] for k, i in enumerate(in_pdf) if k == 0 or area_of[in_pdf[k - 1]] != area_of[i]]
    assert len(runs) == len(set(runs)), "each area's actions are together"
    for area in runs:
        assert [i for i in in_pdf if area_of[i] == area] == [a["id"] for a in actions if a["area"] == area]
    title_of = dict(expected)
    text = squeezed(pdf_text(pdf.data))
    after_summary = titles_in_order(text, [title for _, title in expected[:TOP_ACTIONS]])
    titles_in_order(text, [title_of[i] for i in in_pdf], after_summary)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("dated", [False, True])
def test_the_api_the_results_page_and_the_pdf_give_the_same_due_dates_and_lead_times(
    served: Flask, make_chamber: Callable[..., Chamber], locale: str, dated: bool
) -> None:
    """A Mexican workshop whose owner visits US buyers: with no planned dates the
    actions say how long before the trip or shipment to start; with a trip a
    month away and a shipment four months away, the visa is short of time and
    the certification of origin has a date. All three renderings say the same."""
    from datetime import date, timedelta  # noqa: PLC0415

    from app.i18n.catalogs import get_translations  # noqa: PLC0415
    from app.plans.due import due_view  # noqa: PLC0415

    answers = example_answers("furniture-workshop-mx")
    if dated:
        answers["travel"]["first_trip_date"] = (ON + timedelta(days=30)).isoformat()
        answers["export"]["first_shipment_date"] = (ON + timedelta(days=120)).isoformat()
    opened = open_completed(served, make_chamber("demo"), answers, locale)
    api = opened.client.post(f"/api/v1/plans?locale={locale}&on={ON.isoformat()}", json=answers)
    assert api.status_code == 200, api.text
    timed = {a["id"]: a for a in api.json["actions"] if "lead_time" in a}
    visa = timed["temporary_entry.visitor.get_us_visitor_visa"]
    certification = timed["origin.certification.prepare"]
    assert visa["lead_time"]["time_short"] is dated
    assert (certification["due_date"] is None) is not dated
    results = ResultsPage(opened.client.get(opened.url("results", locale)).text)
    page = results.text
    if dated:  # the planned date explains the date the visa is due by
        from app.i18n.formats import format_date  # noqa: PLC0415

        trip = format_date(ON + timedelta(days=30), locale)
        assert any(path == "travel.first_trip_date" and trip in text for path, text in results.whys)
    pdf = squeezed(pdf_text(opened.client.get(opened.url("plan.pdf", locale)).data))
    for action in api.json["actions"]:
        wording = due_view(action, date.fromisoformat(api.json["evaluated_on"]), get_translations(locale), locale).text
        assert " ".join(wording.split()) in page, (action["id"], wording)
        assert squeezed(wording) in pdf, (action["id"], wording)
    if locale == "en":
        said = "Start now: this usually takes 52 weeks" if dated else "At least 52 weeks before the trip"
        assert said in page and squeezed(said) in pdf
