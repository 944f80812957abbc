"""`flask chambers …` from the operator's side."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.chambers.models import Chamber
from app.extensions import db


def test_create_adds_an_active_chamber_with_its_names(app):
    result = app.test_cli_runner().invoke(
        args=["chambers", "create", "camara-qro", "--name", "Querétaro Chamber", "--name-es", "Cámara de Querétaro"]
    )
    assert result.exit_code == 0, result.output
    chamber = db.session.scalar(sa.select(Chamber).filter_by(slug="camara-qro"))
    assert chamber.active
    assert chamber.name_in("es") == "Cámara de Querétaro"
    assert chamber.name_in("fr") == "Querétaro Chamber"


def test_create_records_an_audit_event(app):
    app.test_cli_runner().invoke(args=["chambers", "create", "audited", "--name", "Audited"])
    assert db.session.scalar(sa.select(AuditEvent.action)) == "chamber.created"


def test_create_refuses_a_taken_slug(app, make_chamber):
    make_chamber("taken")
    result = app.test_cli_runner().invoke(args=["chambers", "create", "taken", "--name", "Again"])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_create_refuses_a_slug_that_is_not_url_safe(app):
    result = app.test_cli_runner().invoke(args=["chambers", "create", "Bad Slug", "--name", "Bad"])
    assert result.exit_code != 0
    assert "invalid slug" in result.output


def test_create_refuses_a_colour_that_is_not_hex(app):
    result = app.test_cli_runner().invoke(
        args=["chambers", "create", "colourful", "--name", "C", "--primary-color", "red"]
    )
    assert result.exit_code != 0


def test_ensure_demo_twice_keeps_a_single_demo_chamber(app):
    runner = app.test_cli_runner()
    assert "Created" in runner.invoke(args=["chambers", "ensure-demo"]).output
    assert "Kept" in runner.invoke(args=["chambers", "ensure-demo"]).output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Chamber)) == 1
