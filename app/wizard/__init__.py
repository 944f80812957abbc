"""The questionnaire wizard: steps from `rules/steps/`, save and resume, results.

`init_app` reads the step files once (a broken one stops start-up, like a
broken rule base) and registers the blueprint; its settings (resume period,
mail) are read in `app/config.py`.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from app.wizard.steps import StepBook, load_steps

EXTENSION_KEY = "wizard_steps"
RULES_ROOT = Path(__file__).resolve().parents[2] / "rules"

def init_app(app: Flask) -> None:
    """Load the step book and register the wizard's pages (four modules, one blueprint)."""
    from app.wizard import pdf_routes, plan_routes, step_routes  # noqa: F401, PLC0415  (their views join routes.bp)
    from app.wizard.routes import bp  # noqa: PLC0415

    root = Path(app.config.get("RULES_DIR") or RULES_ROOT)
    app.extensions[EXTENSION_KEY] = load_steps(root)
    app.register_blueprint(bp)


def current_steps() -> StepBook:
    from flask import current_app

    return current_app.extensions[EXTENSION_KEY]
