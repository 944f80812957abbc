"""Shared fixtures: the app on a real database, a client, and data factories.

The database is SQLite in a temporary file by default. With
TEST_DATABASE=postgresql it is a throw-away PostgreSQL database created for
the session and dropped after it (server from TEST_POSTGRES_URL). When that
server cannot be reached, the tests needing a database skip with the reason,
except under CI=true, where they fail: CI must prove both databases.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.assessments.models import Assessment
from app.chambers.models import Chamber
from app.extensions import db

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
UNDER_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
USE_POSTGRES = os.environ.get("TEST_DATABASE", "sqlite").lower() == "postgresql"


def pytest_report_header() -> str:
    backend = "postgresql" if USE_POSTGRES else "sqlite"
    return f"database: {backend}{' (CI: skips of database tests fail)' if UNDER_CI else ''}"


def skip_or_fail(reason: str) -> None:
    """Skip outside CI; under CI a missing prerequisite is a failure."""
    if UNDER_CI:
        pytest.fail(f"{reason} (CI=true: this may not be skipped)", pytrace=False)
    pytest.skip(reason)


@contextmanager
def _postgres_database() -> Iterator[str]:
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"portal_test_{secrets.token_hex(6)}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        skip_or_fail(f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}: {error.orig}")
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def throwaway_database(directory: Path) -> Iterator[str]:
    """The URL of a new, empty database of the configured kind."""
    if USE_POSTGRES:
        with _postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{directory / f'{secrets.token_hex(6)}.sqlite3'}"


# One key for every app instance of the run, as every worker of one portal shares
# SECRET_KEY: what one seals (a TOTP seed, a session's resume keys) another opens.
TEST_SECRET_KEY = "test-only-" + secrets.token_hex(8)


def config_for_tests(database_url: str, **overrides: Any) -> dict[str, Any]:
    """The configuration every test app starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        "PUBLIC_BASE_URL": "http://localhost",
        **overrides,
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database for the session, upgraded to the latest migration."""
    with throwaway_database(tmp_path_factory.mktemp("db")) as url:
        from flask_migrate import upgrade

        migrated = create_app(config_for_tests(url))
        with migrated.app_context():
            upgrade()
            db.engine.dispose()
        yield url


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, for migration tests."""
    with throwaway_database(tmp_path) as url:
        yield url


def _wipe(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture(scope="session")
def _shared_app(database_url: str) -> Iterator[Flask]:
    # Built once: loading the rule base makes create_app slow; tests share
    # the app (not their data, which `app` wipes after each test).
    application = create_app(config_for_tests(database_url))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def make_app(database_url: str, _shared_app: Flask) -> Iterator[Callable[..., Flask]]:
    """Build a fresh app with extra settings (or routes of a test's own)."""
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        application = create_app(config_for_tests(database_url, **overrides))
        built.append(application)
        return application

    yield build
    _wipe(_shared_app)
    for application in built:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def app(_shared_app: Flask) -> Iterator[Flask]:
    """The portal with the test configuration, inside an app context; rows are wiped after."""
    with _shared_app.app_context():
        yield _shared_app
    _wipe(_shared_app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_chamber(app: Flask) -> Callable[..., Chamber]:
    """Create and commit a chamber; every field can be overridden."""

    def make(slug: str | None = None, **fields: Any) -> Chamber:
        slug = slug or f"chamber-{secrets.token_hex(3)}"
        chamber = Chamber(slug=slug, name=fields.pop("name", f"Chamber {slug}"), **fields)
        db.session.add(chamber)
        db.session.commit()
        return chamber

    return make


@pytest.fixture
def make_assessment(app: Flask, make_chamber: Callable[..., Chamber]) -> Callable[..., Assessment]:
    """Create and commit an assessment (in a new chamber unless one is given)."""

    def make(answers: dict[str, Any] | None = None, chamber: Chamber | None = None, **fields: Any) -> Assessment:
        assessment = Assessment(chamber_id=(chamber or make_chamber()).id, answers=answers or {}, **fields)
        db.session.add(assessment)
        db.session.commit()
        return assessment

    return make


@pytest.fixture
def pdf_renders(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each real PDF rendering as it starts (the cache serves the rest): its
    locale, and whether a database transaction was open around it."""
    from app.pdf import services  # noqa: PLC0415  (WeasyPrint loads lazily)

    seen: list[tuple[str, bool]] = []
    real = services.render_plan_pdf

    def watched(plan: dict[str, Any], branding: dict[str, Any], locale: str, **kwargs: Any) -> bytes:
        seen.append((locale, db.session().in_transaction()))
        return real(plan, branding, locale, **kwargs)

    monkeypatch.setattr(services, "render_plan_pdf", watched)
    return seen
