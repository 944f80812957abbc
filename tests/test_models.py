"""What the models guarantee, on the real database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.accounts.models import StaffUser
from app.assessments.models import Assessment, Contact
from app.extensions import db


def test_a_stale_assessment_write_is_refused_instead_of_overwriting(app, make_assessment):
    assessment = make_assessment(answers={"schema_version": 1})
    assert assessment.version == 1  # this tab has read version 1
    with Session(db.engine) as other_tab:
        other_tab.get(Assessment, assessment.id).current_step = "goods"
        other_tab.commit()
    assessment.current_step = "export"
    with pytest.raises(StaleDataError):
        db.session.commit()


def test_each_save_increments_the_version(app, make_assessment):
    assessment = make_assessment()
    first = assessment.version
    assessment.answers = {"schema_version": 1}
    db.session.commit()
    assert assessment.version == first + 1


def test_answers_round_trip_as_json(app, make_assessment):
    answers = {"schema_version": 1, "export": {"markets": ["US", "MX"]}}
    assessment = make_assessment(answers=answers)
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).answers == answers


def test_deleting_an_assessment_deletes_its_contact_details(app, make_assessment):
    assessment = make_assessment()
    db.session.add(Contact(assessment_id=assessment.id, email="owner@example.org"))
    db.session.commit()
    db.session.execute(sa.delete(Assessment).where(Assessment.id == assessment.id))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0


def test_an_assessment_status_is_draft_or_completed(app, make_assessment):
    with pytest.raises(sa.exc.IntegrityError):
        make_assessment(status="abandoned")


def test_chamber_staff_must_belong_to_a_chamber(app):
    from app.accounts.services import AccountError, create_user

    with pytest.raises(AccountError):
        create_user("staff@example.org", "chamber_staff", [])


def test_a_role_is_one_of_three(app):
    db.session.add(StaffUser(email="staff@example.org", display_name="Staff", role="superuser"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()


def test_an_official_needs_no_chamber(app):
    db.session.add(StaffUser(email="official@example.org", display_name="Official", role="official"))
    db.session.commit()
    assert db.session.scalar(sa.select(StaffUser.role)) == "official"
