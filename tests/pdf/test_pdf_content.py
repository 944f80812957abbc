"""The PDF holds the plan, in the plan's language: every action, its due
date, the findings, the checklists; and it agrees with the API."""

from __future__ import annotations

from datetime import date

import pikepdf
import pytest
from babel.dates import format_date

from app.i18n.catalogs import LANGUAGE_NAMES, get_translations
from app.pdf import texts
from app.pdf.render import render_plan_pdf
from app.plans.due import due_view
from tests.fixtures import EXAMPLE_NAMES, example_answers
from tests.pdf.conftest import BRANDING, normalized, pdf_text

LOCALES = ("en", "es", "fr")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_action_title_of_the_plan_is_in_the_pdf(rendered, name, locale):
    result = rendered(name, locale)
    assert result.plan["actions"], "the examples are expected to call for actions"
    for action in result.plan["actions"]:
        assert normalized(action["title"]) in result.text, action["id"]


@pytest.mark.parametrize("locale", LOCALES)
def test_headings_dates_and_language_name_are_in_the_plans_language(rendered, locale):
    result = rendered("software-consultancy-ca", locale)
    gettext = get_translations(locale).gettext
    for heading in ("Export action plan", "Summary", "Contents", "Checklists", "Glossary", "What to do first"):
        assert normalized(gettext(heading)) in result.text, heading
    assert LANGUAGE_NAMES[locale] in result.text
    evaluated = date.fromisoformat(result.plan["evaluated_on"])
    assert normalized(format_date(evaluated, "long", locale=locale)) in result.text
    first = result.plan["actions"][0]
    due = due_view(first, evaluated, get_translations(locale), locale)
    assert first["due_date"] is None and normalized(due.label) in result.text  # no date given, none invented


def test_spanish_dates_are_written_in_spanish(rendered):
    assert "de noviembre de 2026" in rendered("furniture-workshop-mx", "es").text


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_area_that_applies_has_its_section_and_score(rendered, name):
    result = rendered(name, "en")
    for area, score in result.plan["scores"].items():
        if area != "overall" and score is not None:
            assert f"Readiness: {score} out of 100" in result.text, area


def test_the_rvc_is_worked_out_with_the_figures_the_business_gave(rendered):
    result = rendered("furniture-workshop-mx", "en")
    findings, goods = result.plan["findings"], example_answers("furniture-workshop-mx")["goods"]
    assert findings["rvc_transaction_value_pct"] is not None
    assert f"{goods['unit_transaction_value']:,.2f}" in result.text
    assert f"{goods['unit_non_originating_value']:,.2f}" in result.text
    assert f"threshold of {findings['rvc_threshold_pct']:g}%" in result.text


def test_the_tn_profession_and_its_credential_are_named(rendered):
    result = rendered("software-consultancy-ca", "en")
    assert result.plan["findings"]["tn_status"] == "eligible"
    assert "Profession on the USMCA list: Computer Systems Analyst" in result.text
    assert "Credentials it requires:" in result.text


def test_the_checklists_of_the_areas_that_apply_are_there_to_tick(rendered):
    goods = rendered("furniture-workshop-mx", "en").text
    assert normalized(texts.CERTIFICATION_ITEMS[5]) in goods
    digital = rendered("software-consultancy-ca", "en").text
    assert "Digital-trade obligations in each market" in digital
    assert normalized(texts.TRAVEL_DOCUMENT_ITEMS[0]) in digital
    assert "Mexico" in digital and "United States" in digital


def test_the_chambers_cover_and_local_resources_are_shown(rendered):
    text = rendered("specialty-food-us", "en").text
    assert "export@example.org" in text
    assert "Help from your chamber" in text and "Export counselling desk" in text
    assert example_answers("specialty-food-us").get("contact", {}).get("business_name", "") in text


def test_the_pdf_the_api_and_the_plan_list_the_same_actions(rendered, pdf_app):
    """Same ids and titles: the API's JSON, the plan object, and the PDF
    (titles in its text, ids as its named destinations)."""
    result = rendered("software-consultancy-ca", "fr")
    api = (
        pdf_app.test_client()
        .post("/api/v1/plans?locale=fr&on=2026-11-22", json=example_answers("software-consultancy-ca"))
        .get_json()
    )
    assert [(a["id"], a["title"]) for a in api["actions"]] == [(a["id"], a["title"]) for a in result.plan["actions"]]
    with pikepdf.open(result.path) as pdf:
        destinations = set(pikepdf.NameTree(pdf.Root.Names.Dests).keys())
    for action in api["actions"]:
        assert "action-" + action["id"].replace(".", "-") in destinations
        assert normalized(action["title"]) in result.text


def test_a_plan_with_no_action_still_renders_its_cover_and_summary():
    plan = {
        "plan_version": 1,
        "rules_version": "2026.11.0+000000000000",
        "evaluated_on": "2026-11-22",
        "locale": "en",
        "scores": dict.fromkeys(("origin", "temporary_entry", "digital_trade", "financing", "overall")),
        "findings": {
            "origin_status": "not_applicable",
            "rvc_transaction_value_pct": None,
            "rvc_net_cost_pct": None,
            "rvc_threshold_pct": None,
            "tn_status": "not_applicable",
            "tn_profession": None,
            "entry_category": "none",
            "tax_registrations": [],
        },
        "actions": [],
    }
    text = pdf_text(render_plan_pdf(plan, {}, "en"))
    assert "Export action plan" in text and "Your answers call for no action at this stage." in text


def test_every_area_of_a_full_plan_has_its_section(full_plan):
    text = pdf_text(render_plan_pdf(full_plan, BRANDING, "en", given={"markets": ["US", "MX"]}))
    for area in {a["area"] for a in full_plan["actions"]}:
        assert normalized(texts.AREA_NAMES[area]) in text
    for action in full_plan["actions"]:
        assert normalized(action["title"]) in text


def _renderer_sentences() -> list[str]:
    """The English texts the PDF's own code and templates write (not the
    rules' texts), cut at their first placeholder, long enough to be telling."""
    from tests.test_translations import extracted_messages  # noqa: PLC0415

    sentences = set()
    for (_context, msgid), where in extracted_messages().items():
        if where.startswith("app/pdf/") or where.startswith("app/pdf\\"):
            head = msgid.split("%(")[0].strip()
            if len(head) >= 16:
                sentences.add(head)
    return sorted(sentences)


@pytest.mark.parametrize("locale", ["es", "fr"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_english_sentence_of_the_renderer_is_left_in_a_translated_pdf(rendered, name, locale):
    text = rendered(name, locale).text
    sentences = _renderer_sentences()
    assert len(sentences) > 20
    left = [s for s in sentences if normalized(s) in text]
    assert not left, left


def test_the_findings_of_a_trip_are_written_in_french(rendered):
    text = rendered("software-consultancy-ca", "fr").text
    assert "Profession de la liste de l’ACEUM : Analyste de systèmes informatiques" in text
    assert "La catégorie qui correspond au voyage" in text
    assert "Documents que le voyageur doit avoir sur lui" in text


@pytest.mark.parametrize("locale", LOCALES)
def test_consumption_tax_registrations_are_named_not_coded(locale):
    """The finding `tax_registrations` holds codes (the contract's); the owner reads names."""
    from app.pdf.checklists import checklists  # noqa: PLC0415
    from app.pdf.context import Formatter, findings_lines  # noqa: PLC0415

    codes = ["CA-GST/HST", "CA-QST", "MX-IVA-DIGITAL", "US-STATE-REVIEW"]
    translations = get_translations(locale)
    fmt = Formatter(locale, translations)
    found = findings_lines("digital_trade", {"tax_registrations": codes}, {}, {}, fmt)
    lists = checklists({"digital_trade"}, {"markets": ["CA", "MX", "US"]}, {"tax_registrations": codes}, [], _Countries(fmt))
    items = " ".join(item for group in lists[-1]["groups"] for item in group["items"])
    for code in codes:
        name = translations.gettext(texts.TAX_REGISTRATIONS[code])
        assert name in found[0] and name in items, (code, locale)
        assert code not in found[0] and code not in items
    assert (" ;" in found[0].replace("\u202f", " ")) is (locale == "fr")  # French spaces its semicolons


class _Countries:
    def __init__(self, fmt):
        self.gettext = fmt.gettext

    def country(self, code: str) -> str:
        return code


@pytest.mark.parametrize("locale", LOCALES)
def test_the_rules_version_is_said_once_in_the_colophon_and_pages_are_numbered(rendered, locale):
    import io  # noqa: PLC0415

    from pypdf import PdfReader  # noqa: PLC0415

    result = rendered("furniture-workshop-mx", locale)
    assert result.text.count(result.plan["rules_version"]) == 1
    pages = PdfReader(io.BytesIO(result.pdf)).pages
    gettext = get_translations(locale).gettext
    for number, page in enumerate(pages[1:], start=2):  # the cover has no footer
        footer = gettext("Page %(page)s of %(pages)s") % {"page": number, "pages": len(pages)}
        assert normalized(footer) in normalized(page.extract_text()), number


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_target_market_has_its_own_checklist_of_the_actions_concerning_it(rendered, name):
    result = rendered(name, "fr")
    answers = example_answers(name)
    markets = [m for m in answers["export"]["markets"] if m != answers["profile"]["country"]]
    heading = normalized(get_translations("fr").gettext("What this plan asks of you for each market"))
    assert heading in result.text
    # compared without spaces: a title breaks across lines after a dash ("Canada– États-Unis")
    section = result.text[result.text.index(heading):].replace(" ", "")
    for market in markets:
        concerning = [a for a in result.plan["actions"] if any(r["country"] == market for r in a["resources"])]
        assert concerning, market
        for found in concerning:
            assert normalized(found["title"]).replace(" ", "") in section, (market, found["id"])
    others = [a for a in result.plan["actions"] if not any(r["country"] in markets for r in a["resources"])]
    assert all(normalized(a["title"]).replace(" ", "") not in section for a in others if len(a["title"]) > 40)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_follows_the_pages_order_findings_then_the_first_five_then_by_area(rendered, locale):
    result = rendered("furniture-workshop-mx", locale)
    gettext = get_translations(locale).gettext
    text = result.text.replace(" ", "")  # compared without spaces: lines break anywhere

    def words(message: str) -> str:
        return normalized(gettext(message)).replace(" ", "")

    summary = text.index(words("Summary"), text.index(words("Glossary")))  # the section, not the contents
    found = text.index(words("What we found"), summary)
    rvc = text.index(f"{result.plan['findings']['rvc_transaction_value_pct']:g}".replace(".", "," if locale == "fr" else "."), found)
    first = text.index(words("What to do first"), found)
    ready = text.index(words("How ready you are"), first)
    area = text.index(words("Actions"), ready)
    assert summary < found < rvc < first < ready < area
    assert text.count(words("What we found")) == 1  # once, not again in each area


@pytest.mark.parametrize(("pct", "elastomeric", "says"), [
    (15.0, 0.0, "Together they weigh 15% of the good"),
    (8.0, 8.0, "Their elastomeric yarn weighs 8% of the good"),
])
def test_a_textile_lost_by_weight_says_whether_the_total_or_the_elastomeric_share_is_too_much(pct, elastomeric, says):
    from app.pdf.context import Formatter  # noqa: PLC0415
    from app.pdf.rule_verdicts import reason_text  # noqa: PLC0415

    text = reason_text({"reason": "textile_weight_exceeded", "materials": [{"row": 1, "hs_code": "540244"}],
                        "pct": pct, "elastomeric_pct": elastomeric}, Formatter("en", get_translations("en")))
    assert text.startswith(says)
    assert ("elastomeric" in text) is (elastomeric > 7)  # no "of which elastomeric yarn 0%"
