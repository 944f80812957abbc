"""The wizard's side of a plan that stays current: submitting records the plan
as made (with its rules version), the e-mails about changes are asked for
beside the e-mail address and stopped from the results page, and the results
page has the browser fetch the PDF ahead, so the click finds it rendered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from app.assessments.models import Contact
from app.extensions import db
from app.plans.models import PlanSnapshot
from app.plans.services import current_engine
from tests.wizard.conftest import CONSULTANCY, WORKSHOP, Owner, csrf

OPTED_IN = {**CONSULTANCY, "consent": {"consent-aggregate_stats": "yes", "contact-email": "owner@example.org",
                                       "contact-notify_plan_changes": "yes"}}


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "pdf-cache"


@pytest.fixture
def served(make_app: Callable[..., Flask], app: Flask, cache_dir: Path) -> Flask:
    return make_app(PDF_CACHE_DIR=str(cache_dir))


def test_submitting_records_the_plan_as_made_with_its_rules_version(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    assert owner.complete().status_code == 302
    assessment = owner.stored()
    snapshots = db.session.scalars(db.select(PlanSnapshot).filter_by(assessment_id=assessment.id)).all()
    assert {s.kind for s in snapshots} == {"latest", "seen"}
    assert {s.rules_version for s in snapshots} == {assessment.rules_version} == {current_engine().version}
    titles = snapshots[0].actions["origin.certification.prepare"]["t"]
    assert set(titles) == {"en", "es", "fr"} and titles["en"] != titles["fr"]


def test_the_e_mails_about_changes_are_asked_for_beside_the_address_and_stopped_from_the_results_page(owner: Owner) -> None:
    owner.start()
    page = owner.get("consent")
    assert 'name="contact-notify_plan_changes"' in page.text
    owner.answer_all(OPTED_IN)
    assert owner.complete().status_code == 302
    contact = db.session.scalar(db.select(Contact).filter_by(assessment_id=owner.stored().id))
    assert contact.notify_plan_changes is True and contact.email == "owner@example.org"

    results = owner.client.get(owner.url(f"{owner.public_id}/results")).text
    assert "Stop e-mails about changes" in results
    stop = owner.client.post(owner.url(f"{owner.public_id}/results/stop-change-mails"), data={"csrf_token": csrf(results)})
    assert stop.status_code == 302
    db.session.expire_all()
    contact = db.session.scalar(db.select(Contact).filter_by(assessment_id=owner.stored().id))
    assert contact.notify_plan_changes is False and contact.email == "owner@example.org"
    assert "Stop e-mails about changes" not in owner.client.get(owner.url(f"{owner.public_id}/results")).text


def test_without_a_choice_no_e_mail_about_changes_is_sent(owner: Owner) -> None:
    owner.start()
    owner.answer_all({**CONSULTANCY, "consent": {"consent-aggregate_stats": "yes", "contact-email": "owner@example.org"}})
    contact = db.session.scalar(db.select(Contact).filter_by(assessment_id=owner.stored().id))
    assert contact.notify_plan_changes is False


def test_the_results_page_has_the_browser_fetch_the_pdf_ahead_and_the_click_finds_it_rendered(
        owner: Owner, pdf_renders: list[tuple[str, bool]], cache_dir: Path) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    owner.complete()
    page = owner.client.get(owner.url(f"{owner.public_id}/results", "fr")).text
    url = owner.url(f"{owner.public_id}/plan.pdf", "fr")
    assert f'<link rel="prefetch" href="{url}">' in page

    ahead = owner.client.get(url, headers={"Sec-Purpose": "prefetch"})
    assert ahead.status_code == 200 and pdf_renders == [("fr", False)]
    click = owner.client.get(url)
    assert click.data == ahead.data and pdf_renders == [("fr", False)]  # served from the cache: nothing rendered
    assert "no-store" in click.headers["Cache-Control"]  # a personal document: never kept by the browser


def test_prefetches_have_their_own_rate_limit_so_the_click_is_never_refused(
        make_app: Callable[..., Flask], app: Flask, chamber, cache_dir: Path) -> None:
    served = make_app(PDF_CACHE_DIR=str(cache_dir), RATELIMIT_ENABLED=True)
    owner = Owner(served.test_client(), chamber.slug)
    owner.start()
    owner.answer_all(WORKSHOP)
    owner.complete()
    url = owner.url(f"{owner.public_id}/plan.pdf")
    statuses = [owner.client.get(url, headers={"Sec-Purpose": "prefetch"}).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    assert owner.client.get(url).status_code == 200


def test_asking_for_e_mails_without_an_address_is_a_clear_error_that_loses_nothing(owner: Owner) -> None:
    owner.start()
    owner.answer_all({step: fields for step, fields in CONSULTANCY.items() if step != "consent"})
    response = owner.submit("consent", {"consent-aggregate_stats": "yes", "contact-business_name": "Tremblay Conseil",
                                        "contact-notify_plan_changes": "yes"})
    assert response.status_code == 422
    assert "give your e-mail address above, or answer No." in response.text
    assert 'value="Tremblay Conseil"' in response.text  # what was typed is kept
