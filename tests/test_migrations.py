"""The migrations build the schema the models describe, up and down."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from tests.conftest import config_for_tests


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_head_from_an_empty_database_creates_every_table(empty_database):
    app = create_app(config_for_tests(empty_database))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    assert _tables(empty_database) == set(db.metadata.tables)


def test_autogenerate_finds_no_difference_between_models_and_migrations(empty_database):
    app = create_app(config_for_tests(empty_database))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []


def test_downgrade_to_base_removes_every_table(empty_database):
    app = create_app(config_for_tests(empty_database))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        db.engine.dispose()
    assert _tables(empty_database) == set()
