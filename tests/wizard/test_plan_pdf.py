"""Downloading the action plan as a PDF: from the results page and from a
resume link, only once the answers are submitted, in the URL's language, from
the cache until an answer changes, rendered with no transaction open, and
gone with the answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from app.i18n.catalogs import get_translations
from app.plans.services import build_plan
from tests.pdf.conftest import normalized, pdf_text
from tests.wizard.completed import pdf_lang
from tests.wizard.conftest import WORKSHOP, Owner, csrf


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "pdf-cache"


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, cache_dir: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(cache_dir))


def pdf_url(owner: Owner, lang: str | None = None) -> str:
    return owner.url(f"{owner.public_id}/plan.pdf", lang)


def finish(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    assert owner.complete().status_code == 302


def titles(answers: dict, lang: str) -> set[str]:
    return {a["title"] for a in build_plan(answers, lang).plan.as_dict()["actions"]}


def test_the_results_page_offers_the_pdf(owner: Owner) -> None:
    finish(owner)
    page = owner.client.get(owner.url(f"{owner.public_id}/results"))
    assert f'href="{pdf_url(owner)}"' in page.text


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_pdf_is_the_submitted_plan_in_the_urls_language(owner: Owner, lang: str) -> None:
    finish(owner)
    response = owner.client.get(pdf_url(owner, lang))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    assert pdf_lang(response.data) == lang
    # Named in the plan's language, in plain letters for every browser and in full for those that read filename*.
    date = re.search(r"(\d{4}-\d\d-\d\d)\.pdf", response.headers["Content-Disposition"]).group(1)
    plain, full = {"en": ("Action-plan", None), "es": ("Plan-de-accion", "Plan%20de%20acci%C3%B3n"),
                   "fr": ("Plan-d-action", "Plan%20d%E2%80%99action")}[lang]
    assert f'filename="{plain}-{date}.pdf"' in response.headers["Content-Disposition"]
    if full:
        assert f"filename*=UTF-8''{full}%20{date}.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert normalized(get_translations(lang).gettext("Export action plan")) in text
    for title in titles(owner.stored().answers, lang):
        assert normalized(title) in text


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_a_questionnaire_not_yet_submitted_is_sent_to_the_review_with_a_message(owner: Owner, lang: str) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    response = owner.client.get(pdf_url(owner, lang))
    assert response.status_code == 302 and response.location.endswith(f"/{lang}/questionnaire/{owner.public_id}/review")
    page = owner.client.get(response.location)
    assert page.status_code == 200
    message = get_translations(lang).gettext(
        "Your action plan is ready once you submit your answers. Check them, then submit.")
    assert message in page.text.replace("&#39;", "'")


def test_a_browser_without_the_link_gets_no_pdf(owner: Owner, another_browser: Owner) -> None:
    finish(owner)
    response = another_browser.client.get(pdf_url(owner))
    assert response.status_code == 302 and response.location.endswith("/en/resume")


def resume_token(owner: Owner) -> str:
    page = owner.client.get(owner.url(f"{owner.public_id}/save"))
    return re.search(r'class="resume-link" href="[^"]*/resume/([^"]+)"', page.text).group(1)


def test_the_resume_link_downloads_the_pdf_on_another_device(owner: Owner, another_browser: Owner) -> None:
    finish(owner)
    token = resume_token(owner)
    response = another_browser.client.get(f"/demo/fr/resume/{token}/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert pdf_lang(response.data) == "fr"
    for title in titles(owner.stored().answers, "fr"):
        assert normalized(title) in pdf_text(response.data)


def test_the_resume_link_opens_the_results_page_and_its_download_button(owner: Owner, another_browser: Owner) -> None:
    finish(owner)
    token = resume_token(owner)
    page = another_browser.client.get(f"/demo/es/resume/{token}", follow_redirects=True)
    assert page.request.path.endswith("/results")
    assert f'href="/demo/es/questionnaire/{owner.public_id}/plan.pdf"' in page.text
    assert another_browser.client.get(f"/demo/es/questionnaire/{owner.public_id}/plan.pdf").status_code == 200


def test_an_invalid_resume_link_gets_no_pdf_but_the_resume_page(another_browser: Owner) -> None:
    response = another_browser.client.get("/demo/en/resume/not-a-token/plan.pdf")
    assert response.status_code == 302 and response.location.endswith("/demo/en/resume")


def test_the_pdf_comes_from_the_cache_until_an_answer_changes(
    owner: Owner, pdf_renders: list[tuple[str, bool]], cache_dir: Path
) -> None:
    finish(owner)
    first = owner.client.get(pdf_url(owner)).data
    again = owner.client.get(pdf_url(owner)).data
    assert [locale for locale, _ in pdf_renders] == ["en"] and again == first
    assert len(list((cache_dir / owner.public_id).glob("en-*.pdf"))) == 1
    before = titles(owner.stored().answers, "en")

    owner.submit("goods", {**WORKSHOP["goods"], "goods-has_certification_process": "yes"})
    assert owner.client.get(pdf_url(owner)).status_code == 302  # reopened: submit again first
    assert owner.complete().status_code == 302
    changed = owner.client.get(pdf_url(owner)).data

    assert [locale for locale, _ in pdf_renders] == ["en", "en"] and changed != first
    after = titles(owner.stored().answers, "en")
    gone = before - after
    assert gone, "setting up certification should remove an action"
    assert all(normalized(t) in pdf_text(first) and normalized(t) not in pdf_text(changed) for t in gone)
    assert len(list((cache_dir / owner.public_id).glob("en-*.pdf"))) == 1  # the stale one is removed


def test_deleting_the_answers_removes_their_cached_pdfs(owner: Owner, cache_dir: Path) -> None:
    finish(owner)
    for lang in ("en", "es"):
        assert owner.client.get(pdf_url(owner, lang)).status_code == 200
    assert len(list((cache_dir / owner.public_id).iterdir())) == 2
    page = owner.client.get(owner.url(f"{owner.public_id}/delete"))
    response = owner.client.post(owner.url(f"{owner.public_id}/delete"), data={"csrf_token": csrf(page.text)})
    assert response.status_code == 302
    assert not (cache_dir / owner.public_id).exists()


def test_the_pdf_is_rendered_with_no_database_transaction_open(owner: Owner, pdf_renders: list[tuple[str, bool]]) -> None:
    finish(owner)
    response = owner.client.get(pdf_url(owner))
    assert response.data.startswith(b"%PDF-") and pdf_renders == [("en", False)]
