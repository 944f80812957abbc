"""Action plans: the rules engine wired into the portal (CLI, API, pages).

`init_app` loads the rule base once at start-up. A broken rule base is kept
as its error: `flask rules check` reports it, `wsgi.py` refuses to serve
with it, and anything asking for a plan gets the error, never wrong advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n.catalogs import get_translations
from app.rules_engine import DEFAULT_ROOT, Engine, RuleBaseError, load_rule_base

if TYPE_CHECKING:  # the package's pure modules (areas) import without Flask
    from flask import Flask

EXTENSION_KEY = "rules_engine"


def init_app(app: Flask) -> None:
    from app.api.routes import bp as api_bp  # noqa: PLC0415
    from app.extensions import csrf  # noqa: PLC0415
    from app.pdf.cli import pdf_command  # noqa: PLC0415
    from app.plans.cli import plan_cli, plans_cli, rules_cli  # noqa: PLC0415

    root = Path(app.config.get("RULES_DIR") or DEFAULT_ROOT)
    try:
        app.extensions[EXTENSION_KEY] = Engine(load_rule_base(root), get_translations)
    except RuleBaseError as error:
        app.logger.error("the rule base does not load:\n%s", error)
        app.extensions[EXTENSION_KEY] = error
    app.cli.add_command(rules_cli)
    plan_cli.add_command(pdf_command)
    app.cli.add_command(plan_cli)
    app.cli.add_command(plans_cli)
    app.jinja_env.globals["plan_languages"] = plan_languages
    csrf.exempt(api_bp)  # a stateless JSON API: no cookies, no session, nothing to forge
    app.register_blueprint(api_bp)


def plan_languages(locale: str) -> Mapping[str, str]:
    """For the results page: the links (by URL) and official names a plan in
    `locale` shows in another language, with that language (for `lang`)."""
    from app.plans.services import current_engine  # noqa: PLC0415

    return current_engine().languages(locale)

