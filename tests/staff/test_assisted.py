"""Adviser-assisted questionnaires: staff start one with a member, the consent
questions stay the member's, and the plan says it was completed with the chamber's help."""

from __future__ import annotations

import io
import json
import re

import sqlalchemy as sa
from pypdf import PdfReader

from app.assessments.models import Assessment
from app.audit.models import AuditEvent
from app.extensions import db
from app.members.models import AssistedAssessment
from app.wizard import current_steps
from tests.staff.conftest import EXAMPLE, browser, csrf
from tests.wizard.completed import open_completed


def _start(client):
    page = client.get("/bajio/en/staff/members/")
    response = client.post("/bajio/en/staff/members/assisted/new", data={"csrf_token": csrf(page.text)})
    assert response.status_code == 302 and "/questionnaire/" in response.headers["Location"]
    return response.headers["Location"].split("/questionnaire/")[1].split("/")[0]


def test_staff_fill_in_with_a_member_but_cannot_answer_the_consent_step(app, served, make_chamber, make_staff,
                                                                          signed_in):
    make_chamber("bajio")
    staff = signed_in(make_staff("ana@example.org", chambers=["bajio"]))
    public_id = _start(staff)
    first = current_steps().steps[0].id
    assert staff.get(f"/bajio/en/questionnaire/{public_id}/step/{first}").status_code == 200
    consent_url = f"/bajio/en/questionnaire/{public_id}/step/consent"
    refused = staff.get(consent_url)
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/assisted/{public_id}/hand-over")
    page = staff.get(f"/bajio/en/questionnaire/{public_id}/step/{first}")
    posted = staff.post(consent_url, data={"csrf_token": csrf(page.text), "consent-aggregate_stats": "true",
                                           "consent-share_with_host": "true"})
    assert posted.status_code == 302 and "hand-over" in posted.headers["Location"]
    db.session.expire_all()
    stored = db.session.scalar(sa.select(Assessment).filter_by(public_id=public_id))
    assert "consent" not in stored.answers and stored.consent_share_with_host is False
    hand_over = staff.get(f"/bajio/en/staff/members/assisted/{public_id}/hand-over")
    code = re.search(r'class="resume-code" lang="en">([0-9A-Z-]+)<', hand_over.text).group(1)
    # Signed out, the staff member's browser still cannot answer it.
    page = staff.get("/staff/en/account")
    staff.post("/staff/en/sign-out", data={"csrf_token": csrf(page.text)})
    after = staff.get(consent_url)
    assert after.status_code == 302 and "hand-over" in after.headers["Location"]
    # The member, in their own browser, reaches the consent step with the code.
    member = browser(served)
    page = member.get("/bajio/en/resume")
    assert member.post("/bajio/en/resume", data={"csrf_token": csrf(page.text), "code": code}).status_code == 302
    assert member.get(consent_url).status_code == 200
    assert db.session.scalar(sa.select(AuditEvent.action).filter_by(action="members.assisted_started"))
    assert db.session.scalar(sa.select(AssistedAssessment.started_by)) is not None


def test_an_assisted_plan_says_so_on_the_results_page_and_the_pdf(app, served, make_chamber, make_staff, signed_in):
    chamber = make_chamber("bajio", name="Bajío Chamber")
    answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    answers.pop("contact")
    opened = open_completed(served, chamber, answers)
    plain = opened.client.get(opened.url("results", "en"))
    assert "Completed with the help of" not in plain.text
    db.session.add(AssistedAssessment(assessment_id=db.session.scalar(
        sa.select(Assessment.id).filter_by(public_id=opened.public_id))))
    db.session.commit()
    results = opened.client.get(opened.url("results", "en"))
    assert "Completed with the help of Bajío Chamber." in results.text
    pdf = opened.client.get(opened.url("plan.pdf", "en"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages[:1])
    assert "Completed with the help of Bajío Chamber" in " ".join(text.split())
