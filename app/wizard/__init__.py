"""The questionnaire wizard: steps from `rules/steps/`, save and resume, results.

`init_app` reads the step files once (a broken one stops start-up, like a
broken rule base), sets the wizard's settings from the environment and
registers the blueprint.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, Flask

from app.wizard.steps import StepBook, load_steps

bp = Blueprint("wizard", __name__, template_folder="templates")
EXTENSION_KEY = "wizard_steps"
RULES_ROOT = Path(__file__).resolve().parents[2] / "rules"

# Setting → (environment variable, default, type)
SETTINGS = {
    "WIZARD_RESUME_DAYS": ("WIZARD_RESUME_DAYS", "30", int),
    "MAIL_SERVER": ("MAIL_SERVER", "", str),
    "MAIL_PORT": ("MAIL_PORT", "587", int),
    "MAIL_USERNAME": ("MAIL_USERNAME", "", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", "", str),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", "true", lambda v: v.lower() in {"1", "true", "yes", "on"}),
    "MAIL_FROM": ("MAIL_FROM", "no-reply@localhost", str),
    "MAIL_OUTBOX_DIR": ("MAIL_OUTBOX_DIR", "", str),
}


def init_app(app: Flask) -> None:
    for key, (variable, default, kind) in SETTINGS.items():
        if key not in app.config:
            app.config[key] = kind(os.environ.get(variable) or default)
    local = os.environ.get("PORTAL_ENV") == "development" or app.config.get("TESTING")
    if not app.config["MAIL_SERVER"] and not app.config["MAIL_OUTBOX_DIR"] and local:
        app.config["MAIL_OUTBOX_DIR"] = str(Path(app.instance_path) / "outbox")
    root = Path(app.config.get("RULES_DIR") or RULES_ROOT)
    app.extensions[EXTENSION_KEY] = load_steps(root)
    app.register_blueprint(bp)


def current_steps() -> StepBook:
    from flask import current_app

    return current_app.extensions[EXTENSION_KEY]


from app.wizard import routes, step_routes  # noqa: E402,F401  (registers the views on bp)
