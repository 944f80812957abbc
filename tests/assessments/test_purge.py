"""`flask purge` forgets abandoned drafts and old outbox e-mails, and nothing else."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest

from app.assessments.models import Assessment, Contact
from app.assessments.retention import outbox_tag
from app.clock import utcnow
from app.extensions import db


@pytest.fixture
def purging(app, tmp_path, monkeypatch):
    """The session's app (its context is the one pushed) with retention settings of the test's own."""
    for key, value in {"MAIL_OUTBOX_DIR": str(tmp_path / "outbox"), "PDF_CACHE_DIR": str(tmp_path / "pdf"),
                       "RETENTION_DRAFT_DAYS": 30, "RETENTION_COMPLETED_DAYS": 0, "RETENTION_OUTBOX_DAYS": 7}.items():
        monkeypatch.setitem(app.config, key, value)
    return app


def _with_contact(assessment: Assessment) -> Assessment:
    db.session.add(Contact(assessment_id=assessment.id, business_name="Muebles NL", email="a@example.mx"))
    db.session.commit()
    return assessment


def _ids() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(db.select(Assessment.public_id)))


def test_a_draft_expired_past_the_grace_period_goes_with_its_contact_and_pdfs(purging, make_assessment, tmp_path):
    now = utcnow()
    old = _with_contact(make_assessment(resume_token_expires_at=now - timedelta(days=31)))
    old_id, old_public_id = old.id, old.public_id
    recent = make_assessment(resume_token_expires_at=now - timedelta(days=29))
    valid = make_assessment(resume_token_expires_at=now + timedelta(days=10))
    completed = make_assessment(status="completed", completed_at=now - timedelta(days=900),
                                resume_token_expires_at=now - timedelta(days=800))
    pdf_folder = tmp_path / "pdf" / old_public_id
    pdf_folder.mkdir(parents=True)
    (pdf_folder / "en.pdf").write_bytes(b"%PDF")
    result = purging.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 expired drafts, 0 completed" in result.output
    remaining = _ids()
    assert old_public_id not in remaining
    assert {recent.public_id, valid.public_id, completed.public_id} <= remaining
    assert db.session.scalar(db.select(db.func.count()).select_from(Contact).where(Contact.assessment_id == old_id)) == 0
    assert not pdf_folder.exists()


def test_a_dry_run_deletes_nothing(purging, make_assessment):
    old = make_assessment(resume_token_expires_at=utcnow() - timedelta(days=60))
    result = purging.test_cli_runner().invoke(args=["purge", "--dry-run"])
    assert "Would delete 1 expired drafts" in result.output
    assert old.public_id in _ids()


def test_completed_questionnaires_are_purged_only_when_a_period_is_set(purging, make_assessment, monkeypatch):
    monkeypatch.setitem(purging.config, "RETENTION_COMPLETED_DAYS", 365)
    old = make_assessment(status="completed", completed_at=utcnow() - timedelta(days=400)).public_id
    young = make_assessment(status="completed", completed_at=utcnow() - timedelta(days=300)).public_id
    result = purging.test_cli_runner().invoke(args=["purge"])
    assert "0 expired drafts, 1 completed" in result.output
    assert old not in _ids() and young in _ids()


def test_outbox_e_mails_are_kept_a_few_days_only(purging, tmp_path):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    old, new = outbox / "1-abc.eml", outbox / "2-def.eml"
    old.write_text("link and code")
    new.write_text("link and code")
    eight_days_ago = time.time() - 8 * 86400
    os.utime(old, (eight_days_ago, eight_days_ago))
    result = purging.test_cli_runner().invoke(args=["purge"])
    assert "1 outbox e-mails" in result.output
    assert not old.exists() and new.exists()


def test_deleting_my_answers_deletes_the_e_mails_sent_for_them(make_app, make_chamber, tmp_path):
    from tests.wizard.conftest import Owner, csrf

    served = make_app(MAIL_OUTBOX_DIR=str(tmp_path / "outbox"), PDF_CACHE_DIR=str(tmp_path / "pdf"))
    make_chamber("demo")
    owner = Owner(served.test_client(), "demo")
    owner.start()
    page = owner.client.get(owner.url(f"{owner.public_id}/save"))
    owner.client.post(owner.url(f"{owner.public_id}/save"), data={"csrf_token": csrf(page.text), "email": "o@example.org"})
    sent = list((tmp_path / "outbox").glob(f"*-{outbox_tag(owner.public_id)}.eml"))
    assert len(sent) == 1
    page = owner.client.get(owner.url(f"{owner.public_id}/delete"))
    owner.client.post(owner.url(f"{owner.public_id}/delete"), data={"csrf_token": csrf(page.text)})
    assert not sent[0].exists()
