"""The portal's application factory: wiring only.

`create_app` binds the extensions, the blueprints, the CLI and the error
handlers; the lead's `app.plans.init_app` adds the rules engine, the `rules`
and `plan` commands and the JSON API. Flask is imported inside the factory so
that the pure packages (`app.answers`, `app.i18n.catalogs`,
`app.rules_engine`) can be imported without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the portal; `test_config` overrides the environment's settings."""
    from flask import Flask

    from app import config

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.from_environment(app.instance_path, test_config or {}))

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)

    from app.plans import init_app as init_plans  # after the core is wired

    init_plans(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app import models, security, urls  # noqa: F401  (models: so Alembic sees every table)
    from app.accounts import access
    from app.chambers import tenancy
    from app.extensions import csrf, db, init_limiter, migrate
    from app.i18n import web

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    init_limiter(app)
    web.init_app(app)
    tenancy.init_app(app)
    access.init_app(app)
    security.init_app(app)
    urls.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from app.accounts.admin_routes import bp as admin_bp
    from app.accounts.routes import bp as staff_bp
    from app.chambers.routes import bp as chambers_bp
    from app.chambers.settings_routes import bp as chamber_settings_bp
    from app.errors.routes import bp as errors_bp
    from app.members.api import bp as members_api_bp
    from app.members.routes import bp as members_bp
    from app.stats.api import bp as stats_api_bp
    from app.stats.dashboard import bp as stats_dashboard_bp
    from app.wizard import init_app as init_wizard

    app.register_blueprint(errors_bp)
    app.register_blueprint(chambers_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(members_bp)
    app.register_blueprint(chamber_settings_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(members_api_bp)
    app.register_blueprint(stats_api_bp)
    app.register_blueprint(stats_dashboard_bp)
    init_wizard(app)


def _register_cli(app: Flask) -> None:
    from app.accounts.cli import staff_cli
    from app.assessments.cli import purge_command
    from app.chambers.cli import chambers_cli
    from app.stats import init_app as init_stats

    app.cli.add_command(chambers_cli)
    app.cli.add_command(purge_command)
    app.cli.add_command(staff_cli)
    init_stats(app)
